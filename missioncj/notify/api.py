"""Reminders over the JSON API: a participant's opt-ins and message log (with every delivery
row), and opting in. Mounted at /api/v1/participants."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from missioncj.notify import services
from missioncj.notify.models import Delivery, OptIn
from missioncj.notify.policies import visible_messages
from missioncj.participants.policies import visible_participant

PREFIX = "/participants"
router = Router(tags=["reminders"])


class ReminderOptInOut(Schema):
    id: UUID
    channel: str
    address: str
    opted_in_at: dt.datetime
    recorded_by: str | None
    opted_out_at: dt.datetime | None
    opted_out_by: str
    failures: int
    unreachable_since: dt.datetime | None


class ReminderDeliveryOut(Schema):
    at: dt.datetime
    status: str
    detail: str


class ReminderMessageOut(Schema):
    id: UUID
    channel: str
    to: str
    kind: str
    body: str
    send_after: dt.datetime
    status: str
    attempts: int
    sent_at: dt.datetime | None
    last_error: str
    deliveries: list[ReminderDeliveryOut]


class RemindersOut(Schema):
    opt_ins: list[ReminderOptInOut]
    messages: list[ReminderMessageOut]


class ReminderOptInIn(Schema):
    channel: Literal["sms", "email"]
    address: str = Field(max_length=254, description="US phone number or e-mail address")


def _opt_in(o: OptIn) -> dict[str, Any]:
    return {
        "id": o.public_id,
        "channel": o.channel,
        "address": o.address,
        "opted_in_at": o.opted_in_at,
        "recorded_by": o.recorded_by.username if o.recorded_by else None,
        "opted_out_at": o.opted_out_at,
        "opted_out_by": o.opted_out_by,
        "failures": o.failures,
        "unreachable_since": o.unreachable_since,
    }


@router.get(
    "/{participant_id}/reminders",
    response=RemindersOut,
    summary="Opt-ins and the message log with delivery history",
    url_name="reminders_get",
)
def get_reminders(request: HttpRequest, participant_id: UUID) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    services.record_reminders_read(
        actor=request.user, participant=participant, action="api.reminders.read"
    )
    log = (
        visible_messages(request.user, participant)
        .prefetch_related(Prefetch("deliveries", queryset=Delivery.objects.order_by("at", "pk")))
        .order_by("-send_after", "-pk")[:500]
    )
    return {
        "opt_ins": [_opt_in(o) for o in participant.opt_ins.select_related("recorded_by")],
        "messages": [
            {
                "id": m.public_id,
                "channel": m.channel,
                "to": m.to,
                "kind": m.kind,
                "body": m.body,
                "send_after": m.send_after,
                "status": m.status,
                "attempts": m.attempts,
                "sent_at": m.sent_at,
                "last_error": m.last_error,
                "deliveries": [
                    {"at": d.at, "status": d.status, "detail": d.detail} for d in m.deliveries.all()
                ],
            }
            for m in log
        ],
    }


@router.post(
    "/{participant_id}/reminders/opt-ins",
    response={201: ReminderOptInOut},
    summary="Record an opt-in (a phone number or e-mail address that gets reminders)",
    url_name="reminders_opt_in",
)
def create_opt_in(request: HttpRequest, participant_id: UUID, payload: ReminderOptInIn) -> Any:
    participant = visible_participant(request, participant_id)
    created = services.opt_in(
        actor=request.user,
        participant=participant,
        channel=payload.channel,
        address=payload.address,
    )
    return _opt_in(created)
