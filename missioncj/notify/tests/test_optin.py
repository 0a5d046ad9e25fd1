"""Opt-in and opt-out by staff: addresses normalised, bad ones refused with a clear message and
nothing saved, scope enforced, every change audited with the participant."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from missioncj.core.models import AuditEvent
from missioncj.notify import services
from missioncj.notify.models import MessageStatus, OptIn
from missioncj.notify.queue import enqueue
from missioncj.notify.tests.conftest import NUMBER, last_detail


@pytest.mark.parametrize(
    "raw",
    ["(555) 014-2000", "555-014-2000", "555.014.2000", "+1 555 014 2000", "1 (555) 014-2000",
     " 5550142000 ", "+15550142000"],
)  # fmt: skip
def test_us_numbers_are_normalised_to_e164(raw):
    assert services.normalise_phone(raw) == NUMBER


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("", "Enter the phone number"),
        ("555-0100", "10 digits with the area code, e.g. (555) 014-2000; this one has 7"),
        ("555 014 2000 1234", "this one has 14"),
        ("+44 20 7946 0958", "US numbers (+1) only"),
        ("call me maybe", "digits only"),
        ("(055) 014-2000", "area code cannot start with 0"),
    ],
)
def test_bad_numbers_are_refused_with_a_clear_message(world, raw, says):
    with pytest.raises(ValidationError) as caught:
        services.opt_in(
            actor=world.user("casemanager"),
            participant=world.north_person,
            channel="sms",
            address=raw,
        )
    assert says in caught.value.message_dict["address"][0]
    assert not OptIn.objects.exists()
    assert not AuditEvent.objects.filter(action="notify.opt_in").exists()


@pytest.mark.parametrize("raw", ["not-an-email", "name@", "two@@example.org", ""])
def test_bad_email_addresses_are_refused(world, raw):
    with pytest.raises(ValidationError) as caught:
        services.opt_in(
            actor=world.user("casemanager"),
            participant=world.north_person,
            channel="email",
            address=raw,
        )
    assert "e-mail address" in caught.value.message_dict["address"][0]
    assert not OptIn.objects.exists()


def test_unknown_channel_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        services.opt_in(
            actor=world.user("casemanager"),
            participant=world.north_person,
            channel="fax",
            address="555-014-2000",
        )
    assert caught.value.message_dict == {"channel": ["Choose text message or e-mail."]}


def test_opt_in_records_date_and_who_with_an_audit_event(world):
    cm = world.user("casemanager")
    opt_in = services.opt_in(
        actor=cm, participant=world.north_person, channel="email", address="North@Example.ORG"
    )
    assert opt_in.address == "North@example.org"
    assert opt_in.recorded_by == cm
    assert opt_in.opted_in_at is not None and opt_in.active
    event = AuditEvent.objects.get(action="notify.opt_in")
    assert event.actor == cm
    assert event.participant_public_id == world.north_person.public_id
    assert event.after is not None and event.after["address"] == "North@example.org"


def test_a_second_active_opt_in_for_the_same_address_is_refused(world, north_sms):
    with pytest.raises(ValidationError) as caught:
        services.opt_in(
            actor=world.user("peer"),
            participant=world.north_person,
            channel="sms",
            address="555.014.2000",
        )
    assert "+15550142000 already gets reminders" in caught.value.message_dict["address"][0]
    assert OptIn.objects.count() == 1


@pytest.mark.parametrize("username", ["cm.south", "court", "evaluator", "outsider"])
def test_only_staff_who_work_with_the_participant_may_opt_in(world, username):
    with pytest.raises(ValidationError):
        services.opt_in(
            actor=world.user(username),
            participant=world.north_person,
            channel="sms",
            address="555-014-2000",
        )
    assert not OptIn.objects.exists()


def test_staff_opt_out_ends_it_and_cancels_queued_messages(world, north_sms):
    from django.utils import timezone

    queued = enqueue(opt_in=north_sms, body="x", kind="hearing_reminder", send_after=timezone.now())
    peer = world.user("peer")
    ended = services.opt_out(actor=peer, opt_in=north_sms)
    assert ended.opted_out_at is not None and ended.opted_out_by == "staff"
    queued.refresh_from_db()
    assert queued.status == MessageStatus.CANCELLED
    assert last_detail(queued) == "reminders ended by staff"
    event = AuditEvent.objects.get(action="notify.opt_out")
    assert event.actor == peer
    assert event.participant_public_id == world.north_person.public_id
    assert event.after is not None and event.after["cancelled"] == 1
    with pytest.raises(ValidationError) as caught:
        services.opt_out(actor=peer, opt_in=north_sms)
    assert "already ended" in caught.value.message_dict["opt_in"][0]
    # After an opt-out the same address can be opted in again (a new record).
    again = services.opt_in(
        actor=peer, participant=world.north_person, channel="sms", address=NUMBER
    )
    assert again.pk != north_sms.pk
    assert OptIn.objects.filter(opted_out_at__isnull=True).count() == 1


def test_opt_out_outside_scope_is_refused(world, north_sms):
    with pytest.raises(ValidationError):
        services.opt_out(actor=world.user("cm.south"), opt_in=north_sms)
    north_sms.refresh_from_db()
    assert north_sms.active
