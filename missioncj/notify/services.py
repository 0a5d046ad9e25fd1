"""Opt-in and opt-out: a participant's documented agreement to get reminders at an address,
recorded with the date and who recorded it; staff end it, or the participant does by replying
STOP (see `replies`). Every change is one transaction with its audit event."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from missioncj.core.audit import create_recorded, record, snapshot
from missioncj.core.models import AuditKind
from missioncj.notify.models import Channel, Message, OptIn
from missioncj.notify.queue import cancel_queued
from missioncj.participants.models import Participant
from missioncj.participants.policies import workable_episode

OPT_IN_FIELDS = ["channel", "address", "opted_in_at", "recorded_by"]
OPT_OUT_FIELDS = ["opted_out_at", "opted_out_by"]
PHONE_EXAMPLE = "(555) 014-2000"
_PHONE_CHARS = re.compile(r"^[\d\s().+-]+$")


def _day(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y}"


def normalise_phone(raw: str) -> str:
    """A US number as people write it → E.164 ("(555) 014-2000" → "+15550142000")."""
    text = (raw or "").strip()
    if not text:
        raise ValidationError({"address": "Enter the phone number that gets the texts."})
    if not _PHONE_CHARS.match(text):
        raise ValidationError(
            {
                "address": f"A phone number has digits only (and spaces, dashes, brackets), "
                f"e.g. {PHONE_EXAMPLE}."
            }
        )
    digits = re.sub(r"\D", "", text)
    if text.startswith("+") and not digits.startswith("1"):
        raise ValidationError({"address": "Text reminders go to US numbers (+1) only."})
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        raise ValidationError(
            {
                "address": f"A US phone number has 10 digits with the area code, e.g. "
                f"{PHONE_EXAMPLE}; this one has {len(digits)}."
            }
        )
    if digits[0] in "01":
        raise ValidationError(
            {"address": f"The area code cannot start with {digits[0]}; check the number."}
        )
    return f"+1{digits}"


def normalise_email(raw: str) -> str:
    text = (raw or "").strip()
    if not text:
        raise ValidationError({"address": "Enter the e-mail address that gets the reminders."})
    try:
        validate_email(text)
    except ValidationError:
        raise ValidationError(
            {"address": f"“{text[:80]}” is not an e-mail address (name@example.org)."}
        ) from None
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


def normalise_address(channel: str, raw: str) -> str:
    if channel == Channel.SMS:
        return normalise_phone(raw)
    if channel == Channel.EMAIL:
        return normalise_email(raw)
    raise ValidationError({"channel": "Choose text message or e-mail."})


@transaction.atomic
def opt_in(*, actor: Any, participant: Participant, channel: str, address: str) -> OptIn:
    """Record that the participant agreed to reminders at this address, then plan reminders
    for the hearings already on their docket."""
    from missioncj.notify.planning import plan_for_participant

    participant = Participant.objects.select_for_update(of=("self",)).get(pk=participant.pk)
    workable_episode(actor, participant, field="participant")
    normalised = normalise_address(channel, address)
    current = participant.opt_ins.filter(
        channel=channel, address=normalised, opted_out_at__isnull=True
    ).first()
    if current is not None:
        raise ValidationError(
            {"address": f"{normalised} already gets reminders (since {_day(current.opted_in_at)})."}
        )
    created = create_recorded(
        OptIn(
            participant=participant,
            channel=channel,
            address=normalised,
            opted_in_at=timezone.now(),
            recorded_by=actor,
        ),
        actor=actor,
        action="notify.opt_in",
        fields=OPT_IN_FIELDS,
        participant=participant,
    )
    plan_for_participant(participant)
    return created


@transaction.atomic
def opt_out(*, actor: Any, opt_in: OptIn) -> OptIn:
    """Staff end an opt-in (the participant asked, the number changed …); its queued messages
    are cancelled."""
    current = OptIn.objects.select_for_update().select_related("participant").get(pk=opt_in.pk)
    workable_episode(actor, current.participant, field="opt_in")
    if not current.active:
        assert current.opted_out_at is not None
        raise ValidationError(
            {
                "opt_in": f"Reminders to {current.address} already ended on "
                f"{_day(current.opted_out_at)}."
            }
        )
    end_opt_in(current, by="staff", actor=actor, action="notify.opt_out")
    return current


def end_opt_in(opt_in: OptIn, *, by: str, actor: Any, action: str) -> int:
    """End one active opt-in and cancel its queued messages (inside the caller's transaction).
    Returns how many messages were cancelled."""
    before = snapshot(opt_in, OPT_OUT_FIELDS)
    opt_in.opted_out_at = timezone.now()
    opt_in.opted_out_by = by
    opt_in.save(update_fields=[*OPT_OUT_FIELDS, "updated_at"])
    reason = "participant replied STOP" if by == "stop_reply" else "reminders ended by staff"
    cancelled = cancel_queued(Message.objects.filter(opt_in=opt_in), reason)
    record(
        kind=AuditKind.UPDATE,
        action=action,
        actor=actor,
        actor_label="" if getattr(actor, "pk", None) else "sms reply",
        participant=opt_in.participant,
        subject=opt_in,
        before=before,
        after={**snapshot(opt_in, OPT_OUT_FIELDS), "cancelled": cancelled},
    )
    return cancelled


def record_reminders_read(*, actor: Any, participant: Participant, action: str) -> None:
    """Reading a participant's opt-ins and message log (page, API) is an audited event."""
    record(
        kind=AuditKind.READ,
        action=action,
        actor=actor,
        participant=participant,
        subject=participant,
    )
