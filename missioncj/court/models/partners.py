"""Court partners' seats: which court a partner works for and in what capacity. A consent may
name a person, a seat (the judge of this court) or the whole court team; privacy matches the
partner's seats against it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from missioncj.core.models import PublicModel
from missioncj.court.models.cases import Court


class Seat(models.TextChoices):
    JUDGE = "judge", "Judge"
    COORDINATOR = "coordinator", "Court coordinator"
    PROSECUTOR = "prosecutor", "Prosecutor"
    DEFENSE = "defense", "Defense attorney"
    PROBATION = "probation", "Probation / parole officer"
    VJO = "vjo", "Veterans Justice Outreach"
    OTHER = "other", "Other court team member"


class CourtSeat(PublicModel):
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="seats")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="court_seats"
    )
    seat = models.CharField(max_length=12, choices=Seat.choices)
    active = models.BooleanField(default=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["court", "user", "seat"], name="one_seat_per_role")
        ]
        indexes = [models.Index(fields=["user", "active"])]

    def __str__(self) -> str:
        return f"{self.get_seat_display()} · {self.court}"
