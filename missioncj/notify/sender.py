"""Sending the queue: a database-backed queue worked by `missioncj notify send` (no broker).

A worker claims each due message with a conditional UPDATE (queued → sending, only if it is
still queued), so two workers never send the same message, on SQLite and PostgreSQL alike. The
message is sent outside any transaction (no lock is held while the provider answers), then the
result is written with a `Delivery` row. A failed send is tried again later (3 attempts, 5 and
30 minutes apart). Two failed sends in a row that were about the address (an invalid number, a
refused mailbox) mark the opt-in unreachable, which puts it on the work queue; a successful send
clears that."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.notify.channels import SendResult, channel_for
from missioncj.notify.models import Message, MessageStatus, OptIn
from missioncj.notify.queue import log_delivery

log = logging.getLogger("missioncj.notify")

MAX_ATTEMPTS = 3
BACKOFF = (dt.timedelta(minutes=5), dt.timedelta(minutes=30))
UNREACHABLE_AFTER = 2
# A message still "sending" this long after it was claimed belongs to a worker that stopped.
STALE_SENDING = dt.timedelta(minutes=15)
# Sent even though the opt-in has just ended (the answer to STOP itself).
CONFIRMATION_KINDS = ("stop_confirmation", "start_confirmation")


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    suppressed: int = 0
    requeued: int = 0
    claimed: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.sent} sent, {self.retrying} to retry, {self.failed} failed, "
            f"{self.suppressed} not sent (opted out), {self.requeued} interrupted sends requeued"
        )


def due_ids(now: dt.datetime, limit: int) -> list[int]:
    return list(
        Message.objects.filter(status=MessageStatus.QUEUED, send_after__lte=now)
        .order_by("send_after", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def claim(ids: list[int], now: dt.datetime) -> list[int]:
    """Take each message for this worker if it is still queued; one UPDATE per message, each
    committed on its own, so a message another worker took first is simply skipped."""
    won = []
    for pk in ids:
        taken = Message.objects.filter(
            pk=pk, status=MessageStatus.QUEUED, send_after__lte=now
        ).update(status=MessageStatus.SENDING, attempts=F("attempts") + 1, updated_at=now)
        if taken:
            won.append(pk)
    return won


def requeue_stale(now: dt.datetime) -> int:
    stale = list(
        Message.objects.filter(
            status=MessageStatus.SENDING, updated_at__lt=now - STALE_SENDING
        ).values_list("pk", flat=True)
    )
    count = 0
    for pk in stale:
        with transaction.atomic():
            if Message.objects.filter(pk=pk, status=MessageStatus.SENDING).update(
                status=MessageStatus.QUEUED, send_after=now, updated_at=now
            ):
                log_delivery(
                    Message.objects.get(pk=pk),
                    MessageStatus.QUEUED,
                    "requeued: the sender stopped during the send",
                    at=now,
                )
                count += 1
    return count


def run_once(*, limit: int = 100, now: dt.datetime | None = None) -> SendReport:
    now = now or timezone.now()
    report = SendReport(requeued=requeue_stale(now))
    report.claimed = claim(due_ids(now, limit), now)
    for pk in report.claimed:
        outcome = send_one(pk, now)
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def send_one(pk: int, now: dt.datetime) -> str:
    """Send one claimed message; returns sent / retrying / failed / suppressed."""
    message = Message.objects.select_related("opt_in", "participant").get(pk=pk)
    if not message.opt_in.active and message.kind not in CONFIRMATION_KINDS:
        with transaction.atomic():
            message.status = MessageStatus.SUPPRESSED
            message.save(update_fields=["status", "updated_at"])
            log_delivery(message, MessageStatus.SUPPRESSED, "reminders to this address ended", now)
        return "suppressed"
    try:
        result = channel_for(message.channel).send(message)
    except Exception as exc:  # a channel bug must not leave the message stuck in "sending"
        log.exception("sending message %s failed", message.public_id)
        result = SendResult(False, error=f"unexpected error: {exc}"[:300])
    with transaction.atomic():
        return _record_result(message, result, now)


def _record_result(message: Message, result: SendResult, now: dt.datetime) -> str:
    attempt = message.attempts
    if result.ok:
        message.status = MessageStatus.SENT
        message.sent_at = now
        message.provider_id = result.provider_id[:120]
        message.last_error = ""
        message.save(update_fields=["status", "sent_at", "provider_id", "last_error", "updated_at"])
        log_delivery(message, MessageStatus.SENT, f"attempt {attempt}: accepted", now)
        address_reached(message.opt_in)
        return "sent"
    message.last_error = result.error[:300]
    message.provider_id = result.provider_id[:120] or message.provider_id
    if attempt < MAX_ATTEMPTS:
        message.status = MessageStatus.QUEUED
        message.send_after = now + BACKOFF[min(attempt, len(BACKOFF)) - 1]
        detail = (
            f"attempt {attempt} failed: {result.error}; next try {message.send_after:%H:%M} UTC"
        )
        outcome = "retrying"
    else:
        message.status = MessageStatus.FAILED
        detail = f"attempt {attempt} failed: {result.error}; no more tries"
        outcome = "failed"
    message.save(update_fields=["status", "send_after", "last_error", "provider_id", "updated_at"])
    log_delivery(message, MessageStatus.FAILED, detail, now)
    if result.address_problem:
        address_failed(message.opt_in, now)
    return outcome


def address_reached(opt_in: OptIn) -> None:
    """A send to the address worked: the count of failures starts again."""
    OptIn.objects.filter(pk=opt_in.pk).exclude(failures=0, unreachable_since=None).update(
        failures=0, unreachable_since=None, updated_at=timezone.now()
    )


def address_failed(opt_in: OptIn, now: dt.datetime) -> None:
    """One more failed send to the address in a row; the second marks it unreachable."""
    OptIn.objects.filter(pk=opt_in.pk).update(failures=F("failures") + 1, updated_at=now)
    current = OptIn.objects.select_related("participant").get(pk=opt_in.pk)
    if current.failures >= UNREACHABLE_AFTER and current.unreachable_since is None:
        current.unreachable_since = now
        current.save(update_fields=["unreachable_since", "updated_at"])
        record(
            kind=AuditKind.UPDATE,
            action="notify.unreachable",
            actor_label="reminder sender",
            participant=current.participant,
            subject=current,
            after={"failures": current.failures, "unreachable_since": now.isoformat()},
        )
