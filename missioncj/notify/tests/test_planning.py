"""Planning hearing reminders from the docket hook: 3 days and 1 day before at 10:00 local,
never for staffing, re-planned when the hearing moves, cancelled when it is cancelled or the
participant is taken off the docket."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from missioncj.core.models import AuditEvent
from missioncj.court import hooks
from missioncj.court.models import HearingStatus
from missioncj.notify import planning, services
from missioncj.notify.models import Message, MessageStatus
from missioncj.notify.tests.conftest import last_detail, make_hearing, move_hearing

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def queued(**filters):
    return list(
        Message.objects.filter(status=MessageStatus.QUEUED, **filters).order_by("send_after")
    )


def test_the_planner_is_registered_with_the_court_hook():
    assert planning.on_docket_changed in hooks._docket_hooks


def test_status_hearing_gets_two_reminders_at_ten_local(world, court, north_sms, docket):
    hearing = make_hearing(court, days_ahead=10, room="Room 3B")
    entry = docket(hearing, world.north_person)
    messages = queued()
    assert len(messages) == 2
    local = [m.send_after.astimezone(NEW_YORK) for m in messages]
    assert [d.date() for d in local] == [
        hearing.local_date - dt.timedelta(days=3),
        hearing.local_date - dt.timedelta(days=1),
    ]
    assert {(d.hour, d.minute) for d in local} == {(10, 0)}
    for m in messages:
        assert (m.about, m.episode, m.to, m.kind) == (
            str(entry.public_id),
            entry.episode,
            "+15550142000",
            "hearing_reminder",
        )
        assert "County Courthouse, 100 Main St, Room 3B" in m.body
        assert "Drug" not in m.body
        assert [d.status for d in m.deliveries.all()] == ["queued"]
    assert "court date is tomorrow," in messages[1].body
    assert "9:00 AM" in messages[0].body
    event = AuditEvent.objects.get(action="notify.plan")
    assert event.participant_public_id == world.north_person.public_id
    assert event.after is not None and len(event.after["queued"]) == 2


def test_staffing_gets_no_reminder(world, court, north_sms, docket):
    docket(make_hearing(court, kind="staffing"), world.north_person)
    assert not Message.objects.exists()


def test_graduation_is_reminded(world, court, north_sms, docket):
    docket(make_hearing(court, kind="graduation"), world.north_person)
    assert len(queued()) == 2


def test_each_active_opt_in_gets_its_own_and_email_has_a_subject(world, court, north_sms, docket):
    services.opt_in(
        actor=world.user("casemanager"),
        participant=world.north_person,
        channel="email",
        address="north@example.org",
    )
    docket(make_hearing(court), world.north_person)
    assert len(queued(channel="sms")) == 2
    emails = queued(channel="email")
    assert len(emails) == 2
    assert emails[0].subject.startswith("Court date reminder: ")
    assert "Reply STOP" not in emails[0].body


def test_no_opt_in_no_messages(world, court, docket):
    docket(make_hearing(court), world.south_person)
    assert not Message.objects.exists()


def test_times_already_past_are_skipped(world, court, north_sms, docket):
    hearing = make_hearing(court, days_ahead=2)
    docket(hearing, world.north_person)
    (only,) = queued()
    assert only.send_after.astimezone(NEW_YORK).date() == hearing.local_date - dt.timedelta(days=1)


def test_moving_the_hearing_replans_idempotently(world, court, north_sms, docket, announce):
    hearing = make_hearing(court, days_ahead=10)
    entry = docket(hearing, world.north_person)
    first = {m.pk for m in queued()}
    announce(entry)  # the same hearing announced again: same plan, no duplicates
    assert len(queued()) == 2
    move_hearing(hearing, days_ahead=14, at=dt.time(13, 30))
    announce(entry)
    now_queued = queued()
    assert len(now_queued) == 2
    assert not first & {m.pk for m in now_queued}
    assert all("1:30 PM" in m.body for m in now_queued)
    assert {m.send_after.astimezone(NEW_YORK).date() for m in now_queued} == {
        hearing.local_date - dt.timedelta(days=3),
        hearing.local_date - dt.timedelta(days=1),
    }
    old = Message.objects.filter(pk__in=first)
    assert {m.status for m in old} == {MessageStatus.CANCELLED}
    assert last_detail(old[0]) == "re-planned: the hearing changed"


def test_cancelled_hearing_cancels_its_reminders(world, court, north_sms, docket, announce):
    hearing = make_hearing(court)
    entry = docket(hearing, world.north_person)
    hearing.status = HearingStatus.CANCELLED
    hearing.save()
    announce(entry)
    assert not queued()
    assert Message.objects.filter(status=MessageStatus.CANCELLED).count() == 2


def test_taken_off_the_docket_cancels(world, court, north_sms, docket, announce):
    entry = docket(make_hearing(court), world.north_person)
    announce(entry, removed=True)
    assert not queued()
    cancelled = Message.objects.filter(status=MessageStatus.CANCELLED)
    assert cancelled.count() == 2
    assert last_detail(cancelled[0]) == "taken off the docket"


def test_a_later_opt_in_plans_for_hearings_already_on_the_docket(world, court, docket):
    docket(make_hearing(court), world.north_person)
    assert not Message.objects.exists()
    services.opt_in(
        actor=world.user("peer"),
        participant=world.north_person,
        channel="sms",
        address="5550142000",
    )
    assert len(queued()) == 2


def test_send_times_across_the_end_of_daylight_saving():
    # Tuesday 3 Nov 2026, 9:00 in New York; clocks went back on Sunday 1 Nov.
    starts = dt.datetime(2026, 11, 3, 9, 0, tzinfo=NEW_YORK).astimezone(dt.UTC)
    now = dt.datetime(2026, 10, 25, tzinfo=dt.UTC)
    times = planning.send_times(starts, NEW_YORK, now)
    assert times == [
        dt.datetime(2026, 10, 31, 14, 0, tzinfo=dt.UTC),  # 10:00 EDT
        dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC),  # 10:00 EST
    ]
    # Planned on the morning of the 2nd after 10:00: only what is still ahead.
    late = dt.datetime(2026, 11, 2, 16, 0, tzinfo=dt.UTC)
    assert planning.send_times(starts, NEW_YORK, late) == []


def test_the_hook_logs_instead_of_failing_the_court_write(world, caplog):
    class Broken:
        public_id = "broken"

        @property
        def pk(self):
            raise RuntimeError("no such entry")

    planning.on_docket_changed(Broken())
    assert "planning reminders for docket entry broken failed" in caplog.text
