"""Organizations, programs and teams."""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models

from missioncj.core.models import PublicModel


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a known IANA time zone (e.g. America/New_York).")


class CourtType(models.TextChoices):
    ADULT_DRUG = "adult_drug", "Adult drug court"
    MENTAL_HEALTH = "mental_health", "Mental health court"
    VETERANS = "veterans", "Veterans treatment court"
    FAMILY_DRUG = "family_drug", "Family drug court"
    REENTRY = "reentry", "Jail / prison re-entry"


class Intercept(models.IntegerChoices):
    """Sequential Intercept Model points where a program can sit."""

    ZERO = 0, "0 · Community services"
    ONE = 1, "1 · Law enforcement"
    TWO = 2, "2 · Initial detention and first court hearing"
    THREE = 3, "3 · Jails and courts"
    FOUR = 4, "4 · Re-entry"
    FIVE = 5, "5 · Community corrections"


class Organization(PublicModel):
    name = models.CharField(max_length=200, unique=True)
    is_demo = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.name


class Program(PublicModel):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="programs"
    )
    name = models.CharField(max_length=200)
    court_type = models.CharField(max_length=20, choices=CourtType.choices)
    intercept = models.PositiveSmallIntegerField(choices=Intercept.choices, default=Intercept.THREE)
    time_zone = models.CharField(
        max_length=64, default="America/New_York", validators=[validate_time_zone]
    )
    planned_length_months = models.PositiveSmallIntegerField(default=6)
    # Critical Time Intervention: length of each phase in months and the contact target in it
    # (one contact every N days). Defaults split the planned length in three (2+2+2, 4+4+4)
    # with weekly, fortnightly and monthly targets; programs change them.
    cti_transition_months = models.PositiveSmallIntegerField(default=2)
    cti_tryout_months = models.PositiveSmallIntegerField(default=2)
    cti_transfer_months = models.PositiveSmallIntegerField(default=2)
    cti_transition_contact_days = models.PositiveSmallIntegerField(default=7)
    cti_tryout_contact_days = models.PositiveSmallIntegerField(default=14)
    cti_transfer_contact_days = models.PositiveSmallIntegerField(default=30)
    plan_review_days = models.PositiveSmallIntegerField(
        default=90, help_text="days between treatment-plan reviews"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="program_name_per_org"),
            models.CheckConstraint(
                condition=models.Q(planned_length_months__gte=1, planned_length_months__lte=36),
                name="program_length_1_to_36_months",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    cti_transition_months__gte=1,
                    cti_tryout_months__gte=1,
                    cti_transfer_months__gte=1,
                    cti_transition_contact_days__gte=1,
                    cti_tryout_contact_days__gte=1,
                    cti_transfer_contact_days__gte=1,
                ),
                name="cti_phases_at_least_one",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Team(PublicModel):
    """A case manager and a peer (sometimes a clinician) who share a caseload."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=120)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="team_name_per_program"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.program})"
