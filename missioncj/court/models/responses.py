"""Incentives, sanctions and service adjustments the court decides."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from missioncj.core.models import PublicModel
from missioncj.court.models.hearings import Hearing
from missioncj.participants.models import Episode, Participant


class ResponseKind(models.TextChoices):
    INCENTIVE = "incentive", "Incentive"
    SANCTION = "sanction", "Sanction"
    SERVICE_ADJUSTMENT = "service_adjustment", "Service adjustment"


class Magnitude(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


class CourtResponse(PublicModel):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="court_responses"
    )
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="court_responses")
    hearing = models.ForeignKey(
        Hearing, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    kind = models.CharField(max_length=20, choices=ResponseKind.choices)
    behaviour = models.CharField(max_length=300, help_text="what prompted it")
    response = models.CharField(max_length=300, help_text="what was given or imposed")
    magnitude = models.CharField(max_length=10, choices=Magnitude.choices)
    jail_days = models.PositiveSmallIntegerField(null=True, blank=True)
    decided_on = models.DateField()
    delivered_on = models.DateField(null=True, blank=True)
    decided_by = models.CharField(max_length=150, help_text="who decided, e.g. the judge")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["episode", "decided_on", "pk"]
        indexes = [models.Index(fields=["episode", "kind", "decided_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(delivered_on__isnull=True)
                | Q(delivered_on__gte=models.F("decided_on")),
                name="response_delivered_after_decided",
            ),
            models.CheckConstraint(
                condition=Q(jail_days__isnull=True) | Q(kind="sanction"),
                name="jail_days_only_for_sanctions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.response}"
