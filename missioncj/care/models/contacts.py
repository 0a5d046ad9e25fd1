"""Contacts (progress notes) and their addenda."""

from __future__ import annotations

import enum
from typing import Any

from django.conf import settings
from django.db import models

from missioncj.core.models import PublicModel
from missioncj.participants.models import CollateralContact, Episode, Participant


class Component(enum.IntFlag):
    """MISSION-CJ components a contact served; stored as a bit set so reports can filter in SQL."""

    CTI = 1
    DRT = 2
    PEER = 4
    VOCATIONAL = 8
    TRAUMA = 16
    LEGAL = 32
    LINKAGE = 64


COMPONENT_LABELS = {
    Component.CTI: "Critical Time Intervention",
    Component.DRT: "Dual Recovery Therapy",
    Component.PEER: "Peer support",
    Component.VOCATIONAL: "Vocational / educational",
    Component.TRAUMA: "Trauma-informed care",
    Component.LEGAL: "Legal issues",
    Component.LINKAGE: "Linkage to community supports",
}
COMPONENT_CODES = {flag: (flag.name or "").lower() for flag in COMPONENT_LABELS}
ALL_COMPONENTS = sum(COMPONENT_LABELS)


def components_from_codes(codes: list[str]) -> int:
    by_code = {code: flag for flag, code in COMPONENT_CODES.items()}
    return sum(int(by_code[c]) for c in dict.fromkeys(codes))


class Modality(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    TEXT = "text", "Text message"
    OUTREACH_ATTEMPT = "outreach_attempt", "Outreach attempt (not reached)"


class Location(models.TextChoices):
    OFFICE = "office", "Office"
    COURT = "court", "Court"
    JAIL = "jail", "Jail"
    HOME = "home", "Home"
    COMMUNITY = "community", "Community"
    REMOTE = "remote", "Remote (phone, video, text)"


class WithWhom(models.TextChoices):
    PARTICIPANT = "participant", "Participant"
    COLLATERAL = "collateral", "Collateral contact"
    BOTH = "both", "Participant and collateral"


class ContactQuerySet(models.QuerySet["Contact"]):
    def visible_to(self, user: Any) -> ContactQuerySet:
        """Contacts of visible episodes; a draft is seen only by its author until signed."""
        return self.filter(episode__in=Episode.objects.visible_to(user)).filter(
            models.Q(signed_at__isnull=False) | models.Q(author_id=getattr(user, "pk", None))
        )

    def visible_in(self, user: Any, episodes: list[Episode]) -> ContactQuerySet:
        """Like `visible_to`, for episodes the caller already read through
        `Episode.objects.visible_to(user)` (the participant page's): no second scope query."""
        return self.filter(episode_id__in=[e.pk for e in episodes]).filter(
            models.Q(signed_at__isnull=False) | models.Q(author_id=getattr(user, "pk", None))
        )


class Contact(PublicModel):
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="contacts")
    # Kept beside the episode so the timeline and caseload read one index, not a join.
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="contacts")
    occurred_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    modality = models.CharField(max_length=20, choices=Modality.choices)
    location = models.CharField(max_length=20, choices=Location.choices)
    with_whom = models.CharField(
        max_length=12, choices=WithWhom.choices, default=WithWhom.PARTICIPANT
    )
    collateral = models.ForeignKey(
        CollateralContact, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    components = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["participant", "occurred_at"]),
            models.Index(fields=["episode", "occurred_at"]),
            models.Index(fields=["author", "occurred_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__lte=24 * 60), name="contact_at_most_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_modality_display()} contact {self.occurred_at:%Y-%m-%d}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def component_labels(self) -> list[str]:
        return [label for flag, label in COMPONENT_LABELS.items() if self.components & flag]

    @property
    def component_codes(self) -> list[str]:
        return [code for flag, code in COMPONENT_CODES.items() if self.components & flag]


class ContactAddendum(PublicModel):
    """A correction or addition to a signed note; the note itself never changes."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()

    def __str__(self) -> str:
        return f"Addendum to {self.contact}"
