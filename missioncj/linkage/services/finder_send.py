"""Sending a finder result to a participant through the reminders channel: one message per
active opt-in, saying only the name, day and time, place or link (notify.wording keeps
treatment words out), queued through notify and audited in the same transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.linkage.finder import Result, find_result
from missioncj.linkage.models import Meeting, Service
from missioncj.notify import wording
from missioncj.notify.models import Channel, Message
from missioncj.notify.queue import enqueue
from missioncj.participants.models import Participant
from missioncj.participants.policies import workable_episode
from missioncj.programs.models import Program

KIND = "place_share"
SUBJECT = "A place your team found for you"


def _when(result: Result, program: Program) -> str:
    if result.starts_at is None:
        return "(call for hours)"
    local = result.starts_at.astimezone(program.zone)
    hour = local.hour % 12 or 12
    clock = f"{hour}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'}"
    if result.kind == "meeting":
        return f"{local:%A}s at {clock}"
    return f"next on {local:%A} from {clock}"


def body_for(result: Result, program: Program, channel: str) -> str | None:
    names = [result.name]
    if result.kind == "meeting":
        meeting = Meeting.objects.filter(public_id=result.id).first()
        names.append(meeting.group_name if meeting else "")
    return wording.place_share(
        names=names,
        when=_when(result, program),
        place=result.place,
        link=result.link if result.online or result.kind == "service" else "",
        phone=result.phone,
        meeting=result.kind == "meeting",
        channel=channel,
    )


@transaction.atomic
def send_to_participant(
    *, actor: Any, program: Program, participant: Participant, kind: str, result_id: Any
) -> list[Message]:
    person = Participant.objects.select_for_update(of=("self",)).get(pk=participant.pk)
    episode = None
    for candidate in person.episodes.filter(program=program).order_by("-referral_date", "-pk"):
        try:
            episode = workable_episode(actor, person, candidate, field="participant")
            break
        except ValidationError:
            continue
    if episode is None:
        raise ValidationError({"participant": "This person is not in your caseload here."})
    now = timezone.now()
    result = find_result(program, kind, result_id, now)
    if result is None:
        raise ValidationError({"result": "That meeting or service is no longer listed."})
    opt_ins = list(person.opt_ins.filter(opted_out_at__isnull=True).order_by("pk"))
    if not opt_ins:
        raise ValidationError(
            {
                "participant": f"{person.display_name} has not agreed to texts or e-mails from "
                "the program (or replied STOP). Print it for them instead."
            }
        )
    queued = []
    for opt_in in opt_ins:
        body = body_for(result, program, opt_in.channel)
        if body is None:
            raise ValidationError(
                {
                    "result": "Everything about this listing names treatment, so it cannot go "
                    "in a message. Print it instead."
                }
            )
        queued.append(
            enqueue(
                opt_in=opt_in,
                body=body,
                subject=SUBJECT if opt_in.channel == Channel.EMAIL else "",
                kind=KIND,
                about=result.id,
                send_after=now,
                episode=episode,
                created_by=actor,
            )
        )
    model = Meeting if kind == "meeting" else Service
    record(
        kind=AuditKind.CREATE,
        action="finder.send",
        actor=actor,
        participant=person,
        subject=model.objects.filter(public_id=result.id).first(),
        after={
            "kind": kind,
            "id": result.id,
            "name": result.name,
            "messages": [str(m.public_id) for m in queued],
            "channels": [m.channel for m in queued],
        },
    )
    return queued
