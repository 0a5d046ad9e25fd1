"""Planning hearing reminders from the court's docket.

`court.hooks.docket_changed` calls `on_docket_changed` after the court's transaction commits.
For a hearing the participant attends (status hearing, graduation, other hearing; never a
staffing meeting) that is still scheduled and in the future, each active opt-in gets a message
3 days and 1 day before, at 10:00 in the program's time zone (times already past are skipped).
Planning is idempotent: the queued messages about the same docket entry are cancelled and the
new ones queued, so a moved hearing is re-planned and a cancelled or removed one leaves nothing
queued."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.court.models import DocketEntry, HearingKind, HearingStatus
from missioncj.notify import wording
from missioncj.notify.models import Channel, Message
from missioncj.notify.queue import cancel_queued, enqueue
from missioncj.participants.models import OPEN_STATUSES, Participant

log = logging.getLogger("missioncj.notify")

KIND = "hearing_reminder"
REMINDED_KINDS = (HearingKind.STATUS, HearingKind.GRADUATION, HearingKind.OTHER)
DAYS_BEFORE = (3, 1)
SEND_AT = dt.time(10, 0)


def on_docket_changed(entry: Any, *, removed: bool = False) -> None:
    """The court hook. The court's change has already committed, so a failure here is logged
    rather than turned into an error for the person who changed the docket."""
    try:
        plan_docket_reminders(entry, removed=removed)
    except Exception:
        log.exception("planning reminders for docket entry %s failed", entry.public_id)


def send_times(starts_at: dt.datetime, zone: Any, now: dt.datetime) -> list[dt.datetime]:
    """10:00 local on each reminder day before the hearing, in UTC, leaving out past times."""
    hearing_day = starts_at.astimezone(zone).date()
    out = []
    for days in DAYS_BEFORE:
        local = dt.datetime.combine(hearing_day - dt.timedelta(days=days), SEND_AT, tzinfo=zone)
        moment = local.astimezone(dt.UTC)
        if now < moment < starts_at:
            out.append(moment)
    return out


def _remindable(entry: DocketEntry, now: dt.datetime) -> bool:
    hearing = entry.hearing
    return (
        hearing.kind in REMINDED_KINDS
        and hearing.status == HearingStatus.SCHEDULED
        and hearing.starts_at > now
        and entry.episode.status in OPEN_STATUSES
    )


def _queue_for(entry: DocketEntry, about: str, now: dt.datetime) -> list[Message]:
    hearing = entry.hearing
    court = hearing.court
    zone = court.program.zone
    starts_local = hearing.starts_at.astimezone(zone)
    queued = []
    opt_ins = entry.participant.opt_ins.filter(opted_out_at__isnull=True).order_by("pk")
    for moment in send_times(hearing.starts_at, zone, now):
        today = moment.astimezone(zone).date()
        for opt_in in opt_ins:
            body = wording.hearing_reminder(
                starts_local=starts_local,
                court_name=court.name,
                location=court.location,
                room=hearing.room,
                today=today,
                channel=opt_in.channel,
            )
            subject = (
                wording.hearing_subject(starts_local) if opt_in.channel == Channel.EMAIL else ""
            )
            queued.append(
                enqueue(
                    opt_in=opt_in,
                    body=body,
                    subject=subject,
                    kind=KIND,
                    about=about,
                    send_after=moment,
                    episode=entry.episode,
                )
            )
    return queued


@transaction.atomic
def plan_docket_reminders(entry: Any, *, removed: bool = False) -> list[Message]:
    """Cancel what is queued about this docket entry and queue what its hearing needs now."""
    now = timezone.now()
    about = str(entry.public_id)
    fresh = None
    if not removed and entry.pk is not None:
        fresh = (
            DocketEntry.objects.select_related("hearing__court__program", "episode", "participant")
            .filter(pk=entry.pk)
            .first()
        )
    reason = "re-planned: the hearing changed" if fresh is not None else "taken off the docket"
    if fresh is not None and not _remindable(fresh, now):
        reason = "the hearing is no longer upcoming"
    cancelled = cancel_queued(Message.objects.filter(about=about), reason)
    queued = _queue_for(fresh, about, now) if fresh is not None and _remindable(fresh, now) else []
    if cancelled or queued:
        record(
            kind=AuditKind.UPDATE,
            action="notify.plan",
            actor_label="reminder planner",
            participant=Participant.objects.filter(pk=entry.participant_id).first(),
            subject=fresh,
            after={
                "about": about,
                "cancelled": cancelled,
                "queued": sorted({m.send_after.isoformat() for m in queued}),
            },
        )
    return queued


def plan_for_participant(participant: Participant) -> int:
    """Plan reminders for every upcoming hearing the participant is on (after an opt-in)."""
    entries = DocketEntry.objects.filter(
        participant=participant,
        hearing__starts_at__gt=timezone.now(),
        hearing__status=HearingStatus.SCHEDULED,
        hearing__kind__in=REMINDED_KINDS,
    )
    return sum(len(plan_docket_reminders(entry)) for entry in entries)
