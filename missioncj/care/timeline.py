from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch

from missioncj.care.models import Contact, ContactAddendum
from missioncj.participants.models import Episode, Participant
from missioncj.participants.timeline import TimelineEntry


def contact_entries(
    participant: Participant,
    user: Any,
    episodes: list[Episode],
    limit: int,
    before: dt.datetime | None = None,
) -> Iterable[TimelineEntry]:
    contacts = Contact.objects.visible_in(user, episodes).filter(participant=participant)
    if before is not None:
        contacts = contacts.filter(occurred_at__lt=before)
    contacts = (
        contacts.select_related("author", "collateral")
        # Addenda with their authors in one query (not one for addenda, one for authors).
        .prefetch_related(
            Prefetch("addenda", queryset=ContactAddendum.objects.select_related("author"))
        )
        .order_by("-occurred_at", "-pk")[:limit]
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
