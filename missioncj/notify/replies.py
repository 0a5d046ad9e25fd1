"""What comes back from the SMS provider: replies (STOP / START / anything else) and delivery
status reports.

STOP (STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT; any case, surrounding spaces and punctuation
ignored) ends every active text opt-in for that number, cancels its queued messages and sends one
confirmation. START (UNSTOP, YES) renews only what a STOP ended: each participant whose latest
opt-in at that number was ended by a STOP reply gets a new opt-in (recorded by nobody: the
participant asked). A number that never opted in changes nothing. Every reply is kept."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missioncj.core.audit import create_recorded
from missioncj.notify import wording
from missioncj.notify.models import Channel, Message, MessageStatus, OptIn, Reply
from missioncj.notify.queue import enqueue, log_delivery
from missioncj.notify.sender import address_failed, address_reached
from missioncj.notify.services import OPT_IN_FIELDS, end_opt_in, normalise_phone

STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS = frozenset({"START", "UNSTOP", "YES"})


def keyword(body: str) -> str:
    return re.sub(r"[^A-Za-z]", "", (body or "").strip()).upper()


def _address(raw: str) -> str:
    try:
        return normalise_phone(raw)
    except ValidationError:
        return (raw or "").strip()[:254]


@transaction.atomic
def receive_reply(*, from_number: str, body: str) -> Reply:
    """Record an inbound text and act on STOP / START."""
    address = _address(from_number)
    word = keyword(body)
    reply = Reply.objects.create(
        channel=Channel.SMS,
        address=address,
        body=(body or "")[:1600],
        received_at=timezone.now(),
        action="none",
    )
    if word in STOP_WORDS:
        reply.action = "stop"
        _stop(address)
    elif word in START_WORDS:
        reply.action = "start"
        _start(address)
    reply.save(update_fields=["action"])
    return reply


def _stop(address: str) -> None:
    active = list(
        OptIn.objects.select_for_update()
        .select_related("participant")
        .filter(channel=Channel.SMS, address=address, opted_out_at__isnull=True)
        .order_by("pk")
    )
    for opt_in in active:
        end_opt_in(opt_in, by="stop_reply", actor=None, action="notify.stop")
    if active:
        _confirm(active[0], wording.STOP_CONFIRMATION, "stop_confirmation")


def _start(address: str) -> None:
    from missioncj.notify.planning import plan_for_participant

    renewed = []
    opt_ins = OptIn.objects.filter(channel=Channel.SMS, address=address).select_related(
        "participant"
    )
    latest: dict[int, OptIn] = {}
    for opt_in in opt_ins.order_by("opted_in_at", "pk"):
        latest[opt_in.participant_id] = opt_in
    for opt_in in latest.values():
        if opt_in.active or opt_in.opted_out_by != "stop_reply":
            continue  # still on, or ended by staff (who may know the number is someone else's)
        renewed.append(
            create_recorded(
                OptIn(
                    participant=opt_in.participant,
                    channel=Channel.SMS,
                    address=address,
                    opted_in_at=timezone.now(),
                    recorded_by=None,
                ),
                actor=None,
                action="notify.start",
                fields=OPT_IN_FIELDS,
                participant=opt_in.participant,
            )
        )
        plan_for_participant(opt_in.participant)
    if renewed:
        _confirm(renewed[0], wording.START_CONFIRMATION, "start_confirmation")


def _confirm(opt_in: OptIn, body: str, kind: str) -> Message:
    return enqueue(opt_in=opt_in, body=body, kind=kind, send_after=timezone.now())


# Provider status words → what the message log says.
_DELIVERED = {"delivered", "read"}
_FAILED = {"failed", "undelivered"}


@transaction.atomic
def receive_status(*, provider_id: str, status: str, error_code: str = "") -> Message | None:
    """A delivery report for a message sent through the provider; unknown ids are ignored."""
    message = (
        Message.objects.select_for_update(of=("self",))
        .select_related("opt_in")
        .filter(provider_id=provider_id)
        .first()
        if provider_id
        else None
    )
    status = (status or "").strip().lower()
    if message is None or status not in _DELIVERED | _FAILED:
        return message
    now = timezone.now()
    if status in _DELIVERED:
        message.status = MessageStatus.DELIVERED
        message.save(update_fields=["status", "updated_at"])
        log_delivery(message, MessageStatus.DELIVERED, "provider: delivered", now)
        address_reached(message.opt_in)
        return message
    detail = f"provider: {status}" + (f" (error {error_code[:20]})" if error_code else "")
    message.status = MessageStatus.FAILED
    message.last_error = detail
    message.save(update_fields=["status", "last_error", "updated_at"])
    log_delivery(message, MessageStatus.FAILED, detail, now)
    address_failed(message.opt_in, now)
    return message
