"""STOP / START through the inbound webhook, delivery reports through the status webhook, and
the shared secret both demand."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from missioncj.core.models import AuditEvent
from missioncj.notify import sender, services
from missioncj.notify.models import Message, MessageStatus, OptIn, Reply
from missioncj.notify.queue import enqueue
from missioncj.notify.tests.conftest import NUMBER, SECRET, last_detail, make_hearing

INBOUND = reverse("notify:sms_inbound")
STATUS = reverse("notify:sms_status")


def text_in(body: str, number: str = NUMBER, secret: str = SECRET):
    return Client().post(f"{INBOUND}?secret={secret}", {"From": number, "To": "+15550009999",
                                                       "Body": body})  # fmt: skip


@pytest.mark.parametrize("word", ["STOP", " stop ", "Stop.", "STOPALL", "unsubscribe", "Cancel",
                                  "END", "quit"])  # fmt: skip
def test_stop_ends_texts_cancels_queued_and_confirms_once(world, court, docket, outbox, word):
    opt_in = services.opt_in(
        actor=world.user("casemanager"),
        participant=world.north_person,
        channel="sms",
        address=NUMBER,
    )
    email = services.opt_in(
        actor=world.user("casemanager"),
        participant=world.north_person,
        channel="email",
        address="north@example.org",
    )
    docket(make_hearing(court), world.north_person)
    assert Message.objects.filter(status="queued").count() == 4

    response = text_in(word)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml"
    opt_in.refresh_from_db()
    assert (opt_in.active, opt_in.opted_out_by) == (False, "stop_reply")
    email.refresh_from_db()
    assert email.active  # STOP by text ends texts only
    assert (
        Message.objects.filter(opt_in=opt_in, kind="hearing_reminder")
        .filter(status=MessageStatus.CANCELLED)
        .count()
        == 2
    )
    reply = Reply.objects.get()
    assert (reply.address, reply.action, reply.body) == (NUMBER, "stop", word)
    event = AuditEvent.objects.get(action="notify.stop")
    assert event.participant_public_id == world.north_person.public_id
    assert event.actor is None and event.actor_label == "sms reply"

    text_in("STOP")  # a second STOP: nothing more to end, no second confirmation
    sender.run_once()
    sent = [line for line in outbox() if line["channel"] == "sms"]
    assert [line["body"] for line in sent] == [
        "You will not get any more reminders from this number. Reply START to get them again."
    ]
    # Later reminders planned for this participant never reach the number.
    docket(make_hearing(court, days_ahead=20), world.north_person)
    assert not Message.objects.filter(opt_in=opt_in, status="queued").exists()


def test_start_restores_what_stop_ended(world, court, docket, outbox, north_sms):
    docket(make_hearing(court), world.north_person)
    text_in("STOP")
    text_in("start")
    renewed = OptIn.objects.get(opted_out_at__isnull=True)
    assert renewed.pk != north_sms.pk
    assert (renewed.address, renewed.recorded_by) == (NUMBER, None)
    assert (
        Message.objects.filter(opt_in=renewed, kind="hearing_reminder", status="queued").count()
        == 2
    )
    event = AuditEvent.objects.get(action="notify.start")
    assert event.participant_public_id == world.north_person.public_id
    sender.run_once()
    assert (
        outbox()[-1]["body"]
        == "Reminders are back on for this number. Reply STOP to end reminders."
    )
    text_in("YES")  # already on: nothing new
    assert OptIn.objects.filter(opted_out_at__isnull=True).count() == 1


def test_start_does_not_undo_a_staff_opt_out(world, outbox, north_sms):
    services.opt_out(actor=world.user("casemanager"), opt_in=north_sms)
    text_in("UNSTOP")
    assert not OptIn.objects.filter(opted_out_at__isnull=True).exists()
    assert Reply.objects.get().action == "start"


@pytest.mark.parametrize("word", ["STOP", "START", "Where is court?"])
def test_an_unknown_number_changes_nothing(world, outbox, north_sms, word):
    before = list(OptIn.objects.values_list("pk", "opted_out_at"))
    response = text_in(word, number="+15550001111")
    assert response.status_code == 200
    assert list(OptIn.objects.values_list("pk", "opted_out_at")) == before
    assert not Message.objects.exists()
    assert Reply.objects.get().address == "+15550001111"


def test_other_texts_are_kept(world, outbox, north_sms):
    text_in("Running late, sorry")
    reply = Reply.objects.get()
    assert (reply.action, reply.body) == ("none", "Running late, sorry")
    north_sms.refresh_from_db()
    assert north_sms.active


@pytest.mark.parametrize("url", [INBOUND, STATUS])
def test_a_wrong_or_missing_secret_is_a_404_and_stores_nothing(world, outbox, north_sms, url):
    message = enqueue(opt_in=north_sms, body="x", kind="k", send_after=north_sms.opted_in_at)
    Message.objects.filter(pk=message.pk).update(status="sent", provider_id="SM1")
    form = {"From": NUMBER, "Body": "STOP", "MessageSid": "SM1", "MessageStatus": "delivered"}
    client = Client()
    assert client.post(f"{url}?secret=wrong", form).status_code == 404
    assert client.post(url, form).status_code == 404
    assert client.post(url, form, headers={"X-Notify-Secret": "wrong"}).status_code == 404
    assert client.get(f"{url}?secret={SECRET}").status_code == 405
    assert not Reply.objects.exists()
    north_sms.refresh_from_db()
    message.refresh_from_db()
    assert north_sms.active and message.status == "sent"
    # The header works as well as the query string.
    assert client.post(url, form, headers={"X-Notify-Secret": SECRET}).status_code in (200, 204)


def test_no_configured_secret_turns_the_webhooks_off(world, outbox, settings):
    settings.MISSIONCJ_NOTIFY_WEBHOOK_SECRET = ""
    assert Client().post(f"{INBOUND}?secret=", {"From": NUMBER, "Body": "STOP"}).status_code == 404
    assert not Reply.objects.exists()


def _sent(opt_in: OptIn, sid: str) -> Message:
    message = enqueue(
        opt_in=opt_in, body="x", kind="hearing_reminder", send_after=opt_in.opted_in_at
    )
    Message.objects.filter(pk=message.pk).update(status="sent", provider_id=sid)
    return message


def status_report(sid: str, status: str, error: str = ""):
    form = {"MessageSid": sid, "MessageStatus": status, "ErrorCode": error}
    return Client().post(f"{STATUS}?secret={SECRET}", form)


def test_delivery_reports_update_the_message_and_the_log(world, outbox, north_sms):
    delivered = _sent(north_sms, "SMa")
    failed = _sent(north_sms, "SMb")
    assert status_report("SMa", "delivered").status_code == 204
    assert status_report("SMb", "undelivered", "30003").status_code == 204
    delivered.refresh_from_db()
    failed.refresh_from_db()
    assert delivered.status == MessageStatus.DELIVERED
    assert last_detail(delivered) == "provider: delivered"
    assert failed.status == MessageStatus.FAILED
    assert failed.last_error == "provider: undelivered (error 30003)"
    north_sms.refresh_from_db()
    assert north_sms.failures == 1
    # Unknown ids and intermediate states are accepted and ignored.
    assert status_report("SMzzz", "delivered").status_code == 204
    assert status_report("SMa", "sending").status_code == 204
    delivered.refresh_from_db()
    assert delivered.status == MessageStatus.DELIVERED
