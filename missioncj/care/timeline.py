from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from missioncj.care.models import Contact
from missioncj.participants.models import Episode, Participant
from missioncj.participants.timeline import TimelineEntry


def contact_entries(
    participant: Participant, user: Any, episodes: list[Episode], limit: int
) -> Iterable[TimelineEntry]:
    contacts = (
        Contact.objects.visible_to(user)
        .filter(participant=participant, episode__in=episodes)
        .select_related("author", "collateral")
        .prefetch_related("addenda__author")
        .order_by("-occurred_at")[:limit]
    )
    for contact in contacts:
        who = contact.get_with_whom_display()
        if contact.collateral:
            who = f"{who}: {contact.collateral}"
        yield TimelineEntry(
            when=contact.occurred_at,
            kind="contact" if contact.is_signed else "draft",
            title=f"{contact.get_modality_display()} · {contact.get_location_display()} · "
            f"{contact.duration_minutes} min",
            body=contact.note,
            author=str(contact.author),
            details=[who, *contact.component_labels],
            obj=contact,
        )
