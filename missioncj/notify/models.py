"""Reminders: who opted in to which channel, the outgoing message queue with every delivery
attempt, and replies (STOP / START)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from missioncj.core.models import PublicModel
from missioncj.participants.models import Episode, Participant


class Channel(models.TextChoices):
    SMS = "sms", "Text message"
    EMAIL = "email", "E-mail"


class OptIn(PublicModel):
    """A participant's documented agreement to get reminders at an address (a phone number or an
    e-mail address). STOP ends it; START or staff can renew it with a new record."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="opt_ins")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    address = models.CharField(max_length=254, help_text="E.164 phone number or e-mail address")
    opted_in_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opted_out_at = models.DateTimeField(null=True, blank=True)
    opted_out_by = models.CharField(max_length=20, blank=True, help_text="stop_reply or staff")
    failures = models.PositiveSmallIntegerField(default=0, help_text="failed sends in a row")
    unreachable_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["participant", "-opted_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "channel", "address"],
                condition=Q(opted_out_at__isnull=True),
                name="one_active_opt_in_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.address}"

    @property
    def active(self) -> bool:
        return self.opted_out_at is None


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"
    SUPPRESSED = "suppressed", "Not sent (opted out)"


class Message(PublicModel):
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="messages")
    opt_in = models.ForeignKey(OptIn, on_delete=models.PROTECT, related_name="messages")
    # The episode the message is about (a hearing on that episode's docket): the message log
    # shows a message only to staff who may see that episode. Empty for STOP / START replies.
    episode = models.ForeignKey(
        Episode, null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    channel = models.CharField(max_length=5, choices=Channel.choices)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=150, blank=True)
    body = models.TextField()
    kind = models.CharField(max_length=30, help_text="hearing_reminder, appointment_reminder …")
    about = models.CharField(max_length=64, blank=True, help_text="public id of what it is about")
    send_after = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    provider_id = models.CharField(max_length=120, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["send_after", "pk"]
        indexes = [
            models.Index(fields=["status", "send_after"]),
            models.Index(fields=["about"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.status})"


class Delivery(models.Model):
    """One attempt or one status report from the provider: the delivery log."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=MessageStatus.choices)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["message", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.status} at {self.at}"


class Reply(models.Model):
    """An inbound message (STOP, START, anything else) from an address."""

    channel = models.CharField(max_length=5, choices=Channel.choices)
    address = models.CharField(max_length=254)
    body = models.CharField(max_length=1600)
    received_at = models.DateTimeField()
    action = models.CharField(max_length=10, blank=True, help_text="stop, start or none")

    class Meta:
        ordering = ["-received_at", "pk"]

    def __str__(self) -> str:
        return f"{self.address}: {self.body[:20]}"
