"""Base models and the append-only audit trail."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class PublicModel(models.Model):
    """Sequential keys stay inside the database; URLs and exports use `public_id`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditKind(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    READ = "read", "Viewed"
    LIST = "list", "Listed"
    SEARCH = "search", "Searched"
    SIGN = "sign", "Signed"
    ADDENDUM = "addendum", "Addendum added"
    TRANSITION = "transition", "Status changed"
    LOGIN = "login", "Signed in"
    LOGIN_FAILED = "login_failed", "Sign-in failed"
    LOGOUT = "logout", "Signed out"
    TOKEN = "token", "API token issued"
    ROLE = "role", "Role changed"
    DEMO = "demo", "Demo data loaded"
    DISCLOSE = "disclose", "Disclosed outside the program"
    REVOKE = "revoke", "Consent revoked"
    BREAK_GLASS = "break_glass", "Restricted record opened (break the glass)"
    EXPORT = "export", "Exported"


class AuditEvent(models.Model):
    """One thing that happened, chained to the event before it by SHA-256.

    Rows are never updated (a database trigger refuses it); `missioncj verify-audit` recomputes
    the chain so an altered or removed row is detected. Events are striped over independent
    chains (`chain`, see core/audit.py) so writers about different people never wait for each
    other; inside one chain the order is the order of ids.
    """

    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=AuditKind.choices)
    action = models.CharField(max_length=80, help_text="dotted name, e.g. participant.create")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    participant_public_id = models.UUIDField(null=True, blank=True)
    subject_type = models.CharField(max_length=60, blank=True)
    subject_public_id = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    chain = models.PositiveSmallIntegerField(default=0)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        indexes = [
            models.Index(fields=["participant_public_id", "occurred_at"]),
            models.Index(fields=["occurred_at"]),
            models.Index(fields=["actor", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.action} by {self.actor_label}"


class AuditChainHead(models.Model):
    """One row per chain holding its newest hash; locking it serialises appends to that chain."""

    chain = models.PositiveSmallIntegerField(default=0, unique=True)
    last_hash = models.CharField(max_length=64)
    last_event_id = models.BigIntegerField(null=True)

    def __str__(self) -> str:
        return self.last_hash


class TaskStatus(models.TextChoices):
    QUEUED = "queued", "Waiting"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Task(PublicModel):
    """A long computation run in the background (core/tasks.py): who asked, with which
    parameters, how far it has got, and its JSON result. Results are aggregates or references,
    never a copy of a participant's record."""

    kind = models.CharField(max_length=60)
    params = models.JSONField(default=dict)
    params_key = models.CharField(max_length=64, help_text="SHA-256 of kind and params")
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    step = models.CharField(max_length=120, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "params_key", "status"])]

    def __str__(self) -> str:
        return f"{self.kind} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        if self.status == TaskStatus.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0
