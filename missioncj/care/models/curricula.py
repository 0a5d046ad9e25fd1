"""Curricula with numbered sessions, editable by each program, with a version history."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from missioncj.core.models import PublicModel
from missioncj.programs.models import Program


class CurriculumKind(models.TextChoices):
    DRT = "drt", "Dual Recovery Therapy"
    PEER = "peer", "Peer recovery curriculum"
    PROSOCIAL = "prosocial", "Prosocial / criminogenic thinking"


class Curriculum(PublicModel):
    """One curriculum of one program. Session numbers stay stable across versions, so dose
    (sessions completed x/N) counts the same whatever version a group used."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="curricula")
    kind = models.CharField(max_length=20, choices=CurriculumKind.choices)
    name = models.CharField(max_length=120)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "kind"], name="one_curriculum_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class CurriculumSession(models.Model):
    """The current title and facilitator guide of one numbered session."""

    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    guide = models.TextField(blank=True, help_text="short facilitator guide")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["curriculum", "number"], name="session_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class CurriculumRevision(models.Model):
    """A saved version: every session's title and guide as they were, who changed it, why."""

    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    sessions = models.JSONField(help_text='[{"number": 1, "title": "…", "guide": "…"}, …]')
    note = models.CharField(max_length=300, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["curriculum", "version"], name="revision_once"),
        ]

    def __str__(self) -> str:
        return f"{self.curriculum.name} v{self.version}"
