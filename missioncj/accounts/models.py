"""Staff accounts, their roles in programs, and API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    DIRECTOR = "director", "Program director"
    SUPERVISOR = "supervisor", "Supervisor"
    CASE_MANAGER = "case_manager", "Case manager"
    PEER = "peer", "Peer support specialist"
    CLINICIAN = "clinician", "Clinician"
    COURT_PARTNER = "court_partner", "Court partner"
    EVALUATOR = "evaluator", "Evaluator"


# Roles that work a team's caseload, and roles that oversee the whole program.
TEAM_ROLES = frozenset({Role.CASE_MANAGER, Role.PEER, Role.CLINICIAN})
PROGRAM_ROLES = frozenset({Role.DIRECTOR, Role.SUPERVISOR})


class User(AbstractUser):
    """A person who signs in. System administrators are `is_superuser`; they run the
    installation and see no participant data unless they also hold a program role."""

    display_name = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class Membership(models.Model):
    """A user's role in one program; team roles also name the team they work in."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        "programs.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "program", "role"], name="one_membership_per_role"
            ),
        ]
        indexes = [models.Index(fields=["user", "active"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.program}"


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 is stored, the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
