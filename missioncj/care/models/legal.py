"""Legal obligations the participant handles outside the court's own conditions."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from missioncj.core.models import PublicModel
from missioncj.participants.models import Participant


class ObligationKind(models.TextChoices):
    FINES_FEES = "fines_fees", "Fines and fees"
    LICENSE = "license", "Driver's license reinstatement"
    WARRANT = "warrant", "Warrant in another jurisdiction"
    CHILD_SUPPORT = "child_support", "Child support"
    RESTITUTION = "restitution", "Restitution (other case)"
    OTHER = "other", "Other"


class ObligationStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    RESOLVED = "resolved", "Resolved"


class LegalObligation(PublicModel):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="legal_obligations"
    )
    kind = models.CharField(max_length=20, choices=ObligationKind.choices)
    jurisdiction = models.CharField(max_length=120, blank=True)
    description = models.CharField(max_length=300)
    amount_owed = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    amount_paid = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ObligationStatus.choices, default=ObligationStatus.OPEN
    )
    resolved_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["status", "due_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_owed__gte=0, amount_paid__gte=0),
                name="obligation_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"
