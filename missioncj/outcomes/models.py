"""Outcome events (what happened to a participant outside the program: arrests, charges,
convictions, nights in jail, overdoses, housing and work changes, death) and each program's
measure settings (fidelity criteria, the high-fidelity line, the small-cell threshold).

An event is never edited: a wrong one is voided with a reason and a right one recorded, so
recidivism figures can always be traced to what was known when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from missioncj.core.models import PublicModel
from missioncj.participants.models import Episode, Participant
from missioncj.programs.models import Program


class OutcomeKind(models.TextChoices):
    ARREST = "arrest", "Arrest"
    CHARGE = "charge", "New charge"
    CONVICTION = "conviction", "Conviction"
    INCARCERATION = "incarceration", "Incarceration"
    OVERDOSE = "overdose", "Overdose"
    HOUSING_CHANGE = "housing_change", "Housing change"
    EMPLOYMENT_CHANGE = "employment_change", "Employment change"
    DEATH = "death", "Death"


# Kinds that count as recidivism, in the order the national measures ask for them.
RECIDIVISM_KINDS = (OutcomeKind.ARREST, OutcomeKind.CHARGE, OutcomeKind.CONVICTION)


class OutcomeSource(models.TextChoices):
    SELF_REPORT = "self_report", "Participant's own report"
    COURT_RECORD = "court_record", "Court record"
    JAIL_RECORD = "jail_record", "Jail or booking record"
    STATE_REPOSITORY = "state_repository", "State criminal-history repository"
    PROBATION = "probation", "Probation or parole"
    PROVIDER = "provider", "Treatment or health provider"
    FAMILY = "family", "Family or support person"
    STAFF = "staff", "Program staff observed"
    OTHER = "other", "Other"


class OutcomeEvent(PublicModel):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="outcome_events"
    )
    episode = models.ForeignKey(
        Episode,
        on_delete=models.PROTECT,
        related_name="outcome_events",
        help_text="the episode it is recorded under (it may have happened after discharge)",
    )
    kind = models.CharField(max_length=20, choices=OutcomeKind.choices)
    occurred_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True, help_text="release day, for incarceration")
    nights = models.PositiveIntegerField(null=True, blank=True, help_text="nights incarcerated")
    detail = models.CharField(
        max_length=300, blank=True, help_text="charge, new housing, new job, cause …"
    )
    source = models.CharField(max_length=20, choices=OutcomeSource.choices)
    source_detail = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    void_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["occurred_on", "pk"]
        indexes = [
            models.Index(fields=["participant", "kind", "occurred_on"]),
            models.Index(fields=["episode", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("occurred_on")),
                name="outcome_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(nights__isnull=True) | Q(kind="incarceration"),
                name="outcome_nights_only_for_incarceration",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on:%Y-%m-%d}"

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


class OutcomeSettings(models.Model):
    """A program's measure settings; a program without a row uses the defaults."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="outcome_settings"
    )
    # A list of {"key", "weight", "target"} (see outcomes/fidelity.py); empty means the
    # documented defaults.
    fidelity_criteria = models.JSONField(default=list, blank=True)
    high_fidelity_percent = models.PositiveSmallIntegerField(
        default=80, help_text="a participant at or above this score is high fidelity"
    )
    small_cell_min = models.PositiveSmallIntegerField(
        default=11, help_text="counts below this are suppressed in breakdowns"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Outcome settings · {self.program}"
