"""Court phases (configured per court), the tasks done towards them, and promotions and
demotions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from missioncj.core.models import PublicModel
from missioncj.court.models.cases import Court
from missioncj.participants.models import Episode, Participant


class CourtPhase(PublicModel):
    """A phase and what it takes to leave it for the next one. Zero means "not a criterion"."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="phases")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)
    min_days = models.PositiveSmallIntegerField(default=0, help_text="days in the phase at least")
    negative_days = models.PositiveSmallIntegerField(
        default=0, help_text="consecutive days without a positive, missed or refused test"
    )
    attendance_percent = models.PositiveSmallIntegerField(
        default=0, help_text="share of scheduled group sessions attended in the phase"
    )
    no_sanctions_days = models.PositiveSmallIntegerField(
        default=0, help_text="days since the last sanction"
    )
    tasks = models.JSONField(default=list, blank=True, help_text="tasks to complete, by name")
    tests_per_week = models.DecimalField(
        max_digits=3, decimal_places=1, default=2, help_text="random tests per week"
    )
    hearing_every_days = models.PositiveSmallIntegerField(
        default=14, help_text="status hearings at least this often"
    )

    class Meta:
        ordering = ["court", "number"]
        constraints = [
            models.UniqueConstraint(fields=["court", "number"], name="phase_number_once"),
            models.CheckConstraint(
                condition=Q(attendance_percent__lte=100), name="phase_attendance_percent_0_100"
            ),
            models.CheckConstraint(
                condition=Q(tests_per_week__gte=0) & Q(tests_per_week__lte=7),
                name="phase_tests_per_week_0_7",
            ),
        ]

    def __str__(self) -> str:
        return f"Phase {self.number}: {self.name}"


class MoveKind(models.TextChoices):
    START = "start", "Started"
    PROMOTE = "promote", "Promoted"
    DEMOTE = "demote", "Demoted"


class PhaseMove(PublicModel):
    """A participant entering a phase: at the start, promoted, or returned to an earlier one."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="phase_moves"
    )
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="phase_moves")
    phase = models.ForeignKey(CourtPhase, on_delete=models.PROTECT, related_name="moves")
    kind = models.CharField(max_length=10, choices=MoveKind.choices)
    on = models.DateField()
    decided_by = models.CharField(max_length=150, help_text="who decided, e.g. the judge")
    reason = models.CharField(max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["episode", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.phase} on {self.on}"


class PhaseTask(PublicModel):
    """A phase task the participant completed (e.g. "State ID obtained")."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="phase_tasks"
    )
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="phase_tasks")
    phase = models.ForeignKey(CourtPhase, on_delete=models.PROTECT, related_name="tasks_done")
    task = models.CharField(max_length=200)
    done_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["episode", "phase", "task"], name="phase_task_once")
        ]

    def __str__(self) -> str:
        return self.task
