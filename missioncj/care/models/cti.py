"""Critical Time Intervention: phase boundaries moved by staff (the rest is computed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from missioncj.participants.models import Episode


class CtiBoundary(models.IntegerChoices):
    TRYOUT_START = 1, "Start of try-out (end of transition)"
    TRANSFER_START = 2, "Start of transfer of care (end of try-out)"
    CTI_END = 3, "End of transfer of care"


class CtiBoundaryMove(models.Model):
    """A staff member moved a phase boundary away from the computed date, with a reason.

    Phase dates follow from enrollment; the newest move of a boundary wins."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="cti_moves")
    boundary = models.PositiveSmallIntegerField(choices=CtiBoundary.choices)
    new_date = models.DateField()
    reason = models.CharField(max_length=300)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["episode", "boundary", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_boundary_display()} → {self.new_date}"
