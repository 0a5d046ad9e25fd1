"""The message queue's primitives: put a message on it, cancel queued ones, log a delivery row.
Callers hold the transaction; every status a message takes is also a `Delivery` row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from missioncj.notify.models import Delivery, Message, MessageStatus, OptIn
from missioncj.participants.models import Episode


def log_delivery(
    message: Message, status: str, detail: str = "", at: dt.datetime | None = None
) -> Delivery:
    return Delivery.objects.create(
        message=message, at=at or timezone.now(), status=status, detail=detail[:300]
    )


def enqueue(
    *,
    opt_in: OptIn,
    body: str,
    kind: str,
    send_after: dt.datetime,
    subject: str = "",
    about: str = "",
    episode: Episode | None = None,
    created_by: Any = None,
) -> Message:
    message = Message.objects.create(
        participant_id=opt_in.participant_id,
        opt_in=opt_in,
        episode=episode,
        channel=opt_in.channel,
        to=opt_in.address,
        subject=subject,
        body=body,
        kind=kind,
        about=about,
        send_after=send_after,
        created_by=created_by if getattr(created_by, "pk", None) else None,
    )
    log_delivery(message, MessageStatus.QUEUED, f"to send after {send_after:%Y-%m-%d %H:%M} UTC")
    return message


def cancel_queued(messages: QuerySet[Message], detail: str) -> int:
    """Cancel the still-queued messages among these (one claimed for sending is left alone)."""
    now = timezone.now()
    ids = list(messages.filter(status=MessageStatus.QUEUED).values_list("pk", flat=True))
    if not ids:
        return 0
    Message.objects.filter(pk__in=ids, status=MessageStatus.QUEUED).update(
        status=MessageStatus.CANCELLED, updated_at=now
    )
    cancelled = list(
        Message.objects.filter(pk__in=ids, status=MessageStatus.CANCELLED, updated_at=now)
    )
    Delivery.objects.bulk_create(
        [
            Delivery(message=m, at=now, status=MessageStatus.CANCELLED, detail=detail[:300])
            for m in cancelled
        ]
    )
    return len(cancelled)
