"""A participant's recovery support network: the people and places they lean on (sponsor,
recovery coach, family, employer, home group, treatment provider, probation …)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from missioncj.core.models import PublicModel
from missioncj.linkage.models.directory import Service
from missioncj.linkage.models.meetings import Meeting
from missioncj.participants.models import Participant


class SupportRole(models.TextChoices):
    SPONSOR = "sponsor", "Sponsor"
    RECOVERY_COACH = "recovery_coach", "Recovery coach"
    FAMILY = "family", "Family"
    FRIEND = "friend", "Friend"
    EMPLOYER = "employer", "Employer"
    HOME_GROUP = "home_group", "Mutual-help home group"
    TREATMENT_PROVIDER = "treatment_provider", "Treatment provider"
    PROBATION = "probation", "Probation / parole"
    FAITH = "faith", "Faith community"
    HOUSING = "housing", "Housing"
    OTHER = "other", "Other"


class Strength(models.IntegerChoices):
    WEAK = 1, "Weak"
    MODERATE = 2, "Moderate"
    STRONG = 3, "Strong"


class SupportTie(PublicModel):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="support_ties"
    )
    role = models.CharField(max_length=20, choices=SupportRole.choices)
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    since = models.DateField(null=True, blank=True)
    strength = models.PositiveSmallIntegerField(choices=Strength.choices)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["role", "name"]
        indexes = [models.Index(fields=["participant", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"
