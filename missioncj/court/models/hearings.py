"""Hearings and staffing meetings on a court's calendar, and who is on each docket.

A hearing keeps its local date and time (what the court says) and the UTC instant they mean in
the program's time zone; the docket for a date is a query on the local date, so a 23:30 hearing
is on the day it is held. Recurring hearings keep their local time across daylight-saving
changes; a local time that does not exist or happens twice is refused (see services)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from missioncj.core.models import PublicModel
from missioncj.court.models.cases import Court, CourtCase
from missioncj.participants.models import Episode, Participant


class HearingKind(models.TextChoices):
    STATUS = "status", "Status hearing"
    STAFFING = "staffing", "Team staffing"
    GRADUATION = "graduation", "Graduation"
    OTHER = "other", "Other hearing"


class HearingSeries(PublicModel):
    """Every N weeks on a weekday at a local time (e.g. status hearings Thursdays 9:00)."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="series")
    kind = models.CharField(max_length=12, choices=HearingKind.choices)
    weekday = models.PositiveSmallIntegerField(help_text="0 = Monday … 6 = Sunday")
    local_time = models.TimeField()
    every_weeks = models.PositiveSmallIntegerField(default=1)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="series_weekday_0_6"),
            models.CheckConstraint(
                condition=Q(every_weeks__gte=1) & Q(every_weeks__lte=8), name="series_every_1_8"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="series_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.court} · {self.get_kind_display()}"


class HearingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Hearing(PublicModel):
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="hearings")
    series = models.ForeignKey(
        HearingSeries, null=True, blank=True, on_delete=models.PROTECT, related_name="hearings"
    )
    kind = models.CharField(max_length=12, choices=HearingKind.choices)
    local_date = models.DateField()
    local_time = models.TimeField()
    starts_at = models.DateTimeField(help_text="the same moment in UTC")
    room = models.CharField(max_length=120, blank=True)
    status = models.CharField(
        max_length=10, choices=HearingStatus.choices, default=HearingStatus.SCHEDULED
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["local_date", "local_time", "pk"]
        indexes = [models.Index(fields=["court", "local_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["court", "kind", "local_date", "local_time"], name="hearing_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.local_date} {self.local_time:%H:%M}"


class Appearance(models.TextChoices):
    PENDING = "", "Not yet recorded"
    APPEARED = "appeared", "Appeared"
    FAILED = "failed", "Failed to appear"
    EXCUSED = "excused", "Excused"
    REMOTE = "remote", "Appeared remotely"


class DocketEntry(PublicModel):
    """One participant on one hearing's (or staffing meeting's) docket. What the court did and
    what the team recommends are court records, kept apart from clinical notes."""

    hearing = models.ForeignKey(Hearing, on_delete=models.PROTECT, related_name="entries")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="docket_entries"
    )
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="docket_entries")
    case = models.ForeignKey(
        CourtCase, null=True, blank=True, on_delete=models.PROTECT, related_name="docket_entries"
    )
    appearance = models.CharField(max_length=10, choices=Appearance.choices, blank=True)
    outcome = models.CharField(max_length=300, blank=True, help_text="what the court decided")
    next_date = models.DateField(null=True, blank=True)
    recommendation = models.TextField(blank=True, help_text="the team's recommendation (staffing)")
    staffing_note = models.TextField(blank=True, help_text="discussed at staffing; not clinical")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["hearing", "participant__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hearing", "participant"], name="on_docket_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.hearing}"
