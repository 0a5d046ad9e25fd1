"""Group sessions entered once, with per-member attendance."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from missioncj.care.models.curricula import Curriculum
from missioncj.core.models import PublicModel
from missioncj.participants.models import Episode, Participant
from missioncj.programs.models import Program


class GroupSessionQuerySet(models.QuerySet["GroupSession"]):
    def visible_to(self, user: Any) -> GroupSessionQuerySet:
        """Sessions with at least one member the user may see, or that the user recorded."""
        episodes = Episode.objects.visible_to(user)
        return self.filter(
            models.Q(attendance__episode__in=episodes)
            | models.Q(recorded_by_id=getattr(user, "pk", None))
        ).distinct()


class GroupSession(PublicModel):
    """One meeting of a curriculum session (or an individual make-up of it)."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="group_sessions")
    curriculum = models.ForeignKey(Curriculum, on_delete=models.PROTECT, related_name="meetings")
    curriculum_version = models.PositiveIntegerField()
    session_number = models.PositiveSmallIntegerField()
    occurred_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    location = models.CharField(max_length=120)
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="facilitated")
    is_individual_makeup = models.BooleanField(
        default=False, help_text="one person catching up on a missed session"
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = GroupSessionQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["program", "occurred_at"]),
            models.Index(fields=["curriculum", "session_number"]),
        ]

    def __str__(self) -> str:
        return f"{self.curriculum.name} session {self.session_number} · {self.occurred_at:%Y-%m-%d}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    ABSENT = "absent", "Absent"
    EXCUSED = "excused", "Excused"
    MAKEUP = "makeup", "Make-up"


# Statuses that count a session as completed toward dose.
COMPLETED = (AttendanceStatus.PRESENT, AttendanceStatus.MAKEUP)


class Attendance(models.Model):
    group_session = models.ForeignKey(
        GroupSession, on_delete=models.CASCADE, related_name="attendance"
    )
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="attendance")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="attendance"
    )
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group_session", "participant"], name="attendance_once_per_member"
            ),
        ]
        indexes = [models.Index(fields=["episode", "status"])]

    def __str__(self) -> str:
        return f"{self.participant} · {self.get_status_display()}"
