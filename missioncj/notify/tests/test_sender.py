"""Sending the queue: claiming, the file outbox, e-mail through Django's locmem backend, SMS
through the local provider, retries with backoff, unreachable after two failures in a row,
suppression after an opt-out, interrupted sends, and the `notify` command."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from missioncj.care.alerts import alerts_for_user
from missioncj.core.models import AuditEvent
from missioncj.notify import sender, services
from missioncj.notify.models import Message, MessageStatus, OptIn
from missioncj.notify.queue import enqueue
from missioncj.notify.tests.conftest import last_detail
from missioncj.notify.tests.provider import ACCOUNT, FROM, TOKEN, Provider, running_provider


def queue(opt_in: OptIn, body: str = "Reminder text", minutes: int = -1, **extra) -> Message:
    when = timezone.now() + dt.timedelta(minutes=minutes)
    return enqueue(opt_in=opt_in, body=body, kind="hearing_reminder", send_after=when, **extra)


@pytest.fixture
def live(settings, outbox) -> Iterator[Provider]:
    with running_provider() as provider:
        settings.MISSIONCJ_NOTIFY_BACKEND = "live"
        settings.MISSIONCJ_SMS_URL = provider.url
        settings.MISSIONCJ_SMS_ACCOUNT = ACCOUNT
        settings.MISSIONCJ_SMS_TOKEN = TOKEN
        settings.MISSIONCJ_SMS_FROM = FROM
        settings.MISSIONCJ_SMS_TIMEOUT_SECONDS = 1
        yield provider


def statuses(message: Message) -> list[str]:
    return [d.status for d in message.deliveries.order_by("at", "pk")]


def test_due_messages_go_to_the_file_outbox(world, north_sms, outbox):
    due = queue(north_sms, "Due now")
    later = queue(north_sms, "Not yet", minutes=60)
    report = sender.run_once()
    assert (report.sent, report.claimed) == (1, [due.pk])
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, due.attempts, later.status) == ("sent", 1, "queued")
    assert due.sent_at is not None and due.provider_id == f"file:{due.public_id}"
    assert statuses(due) == ["queued", "sent"]
    (line,) = outbox()
    assert (line["to"], line["body"], line["id"]) == ("+15550142000", "Due now", str(due.public_id))


def test_two_workers_never_send_the_same_message(world, north_sms, outbox):
    messages = [queue(north_sms, f"m{n}") for n in range(3)]
    now = timezone.now()
    seen_by_both = sender.due_ids(now, 10)  # both workers read the same list …
    first = sender.claim(seen_by_both, now)
    second = sender.claim(seen_by_both, now)  # … the second one's conditional UPDATEs miss
    assert first == [m.pk for m in messages]
    assert second == []
    assert set(Message.objects.values_list("status", "attempts")) == {("sending", 1)}
    assert sender.run_once().claimed == []


def test_a_message_for_an_ended_opt_in_is_suppressed(world, north_sms, outbox):
    message = queue(north_sms)
    OptIn.objects.filter(pk=north_sms.pk).update(opted_out_at=timezone.now())
    assert sender.run_once().suppressed == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SUPPRESSED
    assert statuses(message) == ["queued", "suppressed"]
    assert outbox() == []


def test_email_goes_through_djangos_mail_backend(world, live):
    opt_in = services.opt_in(
        actor=world.user("casemanager"),
        participant=world.north_person,
        channel="email",
        address="north@example.org",
    )
    message = queue(opt_in, "Court on Thursday", subject="Court date reminder: Thursday 3 Dec")
    assert sender.run_once().sent == 1
    (sent,) = mail.outbox
    assert (sent.to, sent.subject, sent.body) == (
        ["north@example.org"],
        "Court date reminder: Thursday 3 Dec",
        "Court on Thursday",
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_sms_through_the_provider_records_its_id(world, north_sms, live):
    message = queue(north_sms, "Court on Thursday")
    assert sender.run_once().sent == 1
    message.refresh_from_db()
    assert message.provider_id == "SM" + "1".zfill(32)
    assert live.received[0]["form"]["Body"] == "Court on Thursday"


def test_failed_sends_retry_with_backoff_then_mark_unreachable(world, north_sms, live):
    live.mode = "invalid"
    message = queue(north_sms)
    now = timezone.now()
    assert sender.run_once(now=now).retrying == 1
    message.refresh_from_db()
    north_sms.refresh_from_db()
    assert (message.status, message.attempts, north_sms.failures) == ("queued", 1, 1)
    assert message.send_after == now + dt.timedelta(minutes=5)
    assert "code 21211" in message.last_error
    assert north_sms.unreachable_since is None
    assert sender.run_once(now=now + dt.timedelta(minutes=1)).claimed == []  # not yet

    second = now + dt.timedelta(minutes=6)
    assert sender.run_once(now=second).retrying == 1
    north_sms.refresh_from_db()
    message.refresh_from_db()
    assert north_sms.failures == 2
    assert north_sms.unreachable_since == second
    assert message.send_after == second + dt.timedelta(minutes=30)
    event = AuditEvent.objects.get(action="notify.unreachable")
    assert event.participant_public_id == world.north_person.public_id

    assert sender.run_once(now=second + dt.timedelta(minutes=31)).failed == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 3)
    assert statuses(message) == ["queued", "failed", "failed", "failed"]
    assert last_detail(message).endswith("no more tries")
    assert len(live.received) == 3


def test_unreachable_is_on_the_work_queue_for_the_team(world, north_sms, live):
    live.mode = "invalid"
    queue(north_sms)
    queue(north_sms)
    sender.run_once()  # two messages, two failed sends in a row
    for username, sees in [
        ("peer", True),
        ("casemanager", True),
        ("supervisor", True),
        ("cm.south", False),
        ("outsider", False),
        ("court", False),
    ]:
        kinds = [
            a for a in alerts_for_user(world.user(username)) if a.kind == "reminder_unreachable"
        ]
        assert bool(kinds) == sees, username
        if sees:
            assert kinds[0].participant == world.north_person
            assert "+15550142000 failed 2 times in a row" in kinds[0].message
            assert kinds[0].label == "Reminders not reaching"


def test_an_outage_does_not_make_anyone_unreachable(world, north_sms, live):
    live.mode = "server"
    queue(north_sms)
    queue(north_sms)
    assert sender.run_once().retrying == 2
    north_sms.refresh_from_db()
    assert (north_sms.failures, north_sms.unreachable_since) == (0, None)


def test_a_successful_send_resets_the_failures(world, north_sms, live):
    OptIn.objects.filter(pk=north_sms.pk).update(failures=2, unreachable_since=timezone.now())
    queue(north_sms)
    assert sender.run_once().sent == 1
    north_sms.refresh_from_db()
    assert (north_sms.failures, north_sms.unreachable_since) == (0, None)


def test_one_failure_then_success_never_marks_unreachable(world, north_sms, live):
    live.mode = "invalid"
    queue(north_sms)
    sender.run_once()
    live.mode = "ok"
    queue(north_sms)
    later = timezone.now() + dt.timedelta(minutes=10)
    assert sender.run_once(now=later).sent == 2
    live.mode = "invalid"
    queue(north_sms)
    sender.run_once(now=later + dt.timedelta(minutes=1))
    north_sms.refresh_from_db()
    assert (north_sms.failures, north_sms.unreachable_since) == (1, None)


def test_an_interrupted_send_is_requeued(world, north_sms, outbox):
    message = queue(north_sms)
    now = timezone.now()
    assert sender.claim([message.pk], now) == [message.pk]  # the worker stops here
    assert sender.run_once(now=now + dt.timedelta(minutes=5)).claimed == []
    report = sender.run_once(now=now + dt.timedelta(minutes=16))
    assert (report.requeued, report.sent) == (1, 1)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)
    assert "requeued" in message.deliveries.order_by("pk")[1].detail


def test_notify_send_command(world, north_sms, outbox, capsys):
    queue(north_sms, "one")
    queue(north_sms, "two")
    call_command("notify", "send", "--limit", "1")
    assert "1 sent" in capsys.readouterr().out
    call_command("notify", "send")
    assert "1 sent" in capsys.readouterr().out
    assert [line["body"] for line in outbox()] == ["one", "two"]
    with pytest.raises(CommandError, match="--limit must be at least 1"):
        call_command("notify", "send", "--limit", "0")


def test_notify_reply_command_is_for_the_file_backend(world, north_sms, outbox, settings, capsys):
    call_command("notify", "reply", "(555) 014-2000", "Stop")
    assert "Reply from +15550142000 recorded: stop." in capsys.readouterr().out
    north_sms.refresh_from_db()
    assert north_sms.opted_out_by == "stop_reply"
    settings.MISSIONCJ_NOTIFY_BACKEND = "live"
    with pytest.raises(CommandError, match="file backend"):
        call_command("notify", "reply", "+15550142000", "START")


def test_notify_send_loop_keeps_sending_until_stopped(world, north_sms, outbox, monkeypatch):
    from missioncj.notify.management.commands import notify as command

    queue(north_sms, "first round")
    pauses: list[float] = []

    def pause(seconds: float) -> None:  # between rounds: something new is due, then Ctrl-C
        pauses.append(seconds)
        if len(pauses) == 1:
            queue(north_sms, "second round")
            return
        raise KeyboardInterrupt

    monkeypatch.setattr(command.time, "sleep", pause)
    call_command("notify", "send", "--loop", "30")
    assert pauses == [30, 30]
    assert [line["body"] for line in outbox()] == ["first round", "second round"]
    with pytest.raises(CommandError, match="--loop must be a number of seconds"):
        call_command("notify", "send", "--loop", "-1")
