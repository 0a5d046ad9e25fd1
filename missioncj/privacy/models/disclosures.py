"""The accounting of disclosures: one row for everything that left the program, with a SHA-256
digest of exactly what was sent. Rows are never updated (a database trigger refuses it) and
never deleted on PostgreSQL."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from missioncj.core.models import PublicModel
from missioncj.court.models import Court
from missioncj.participants.models import Participant
from missioncj.privacy.models.consents import Consent, Purpose


class Channel(models.TextChoices):
    PACKET = "packet", "Staffing packet"
    PRINT = "print", "Printed record"
    PAGE = "page", "Court-partner page"
    API = "api", "API read by a court partner"
    EXPORT = "export", "Export"


class Notice(models.TextChoices):
    LONG = "long", "Redisclosure notice (full text)"
    SHORT = "short", "Redisclosure notice (one line)"


class Disclosure(PublicModel):
    occurred_at = models.DateTimeField()
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="disclosures"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    recipient_label = models.CharField(max_length=300)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_court = models.ForeignKey(
        Court, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    categories = models.JSONField(default=list, help_text="Category values sent")
    consents = models.ManyToManyField(Consent, related_name="disclosures")
    description = models.CharField(max_length=300)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveIntegerField()
    notice = models.CharField(max_length=5, choices=Notice.choices)
    consent_copy = models.BooleanField(help_text="a copy or explanation of the consent went too")
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["participant", "occurred_at"]),
            models.Index(fields=["recipient_user", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} to {self.recipient_label}"
