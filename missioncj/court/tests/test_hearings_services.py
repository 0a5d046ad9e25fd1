"""Calendar and docket services: who may do what, clear refusals that change nothing, audit
events, and the docket hook that reminders follow."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from missioncj.care.models import Contact
from missioncj.core.models import AuditEvent
from missioncj.court import hooks
from missioncj.court.models import DocketEntry, Hearing, HearingKind, HearingStatus
from missioncj.court.services import docket_entries
from missioncj.court.services import hearings as services
from missioncj.court.tests.hearings_helpers import counts, entry_state, hearing, make_case, today


@pytest.fixture
def calls(monkeypatch) -> list[tuple[Any, bool]]:
    """Every docket_changed call that reached a hook (after commit)."""
    seen: list[tuple[Any, bool]] = []
    monkeypatch.setattr(hooks, "_docket_hooks", [])
    hooks.on_docket_changed(lambda entry, removed=False: seen.append((entry, removed)))
    return seen


def _past(court):
    return today(court) - dt.timedelta(days=7)


def _future(court):
    return today(court) + dt.timedelta(days=7)


def test_schedule_hearing_stores_local_and_utc_and_audits(world, court):
    supervisor = world.user("supervisor")
    row = hearing(court, supervisor, dt.date(2026, 12, 3), dt.time(9), room="3B")
    assert (row.local_date, row.local_time, row.room) == (dt.date(2026, 12, 3), dt.time(9), "3B")
    assert row.starts_at == dt.datetime(2026, 12, 3, 14, 0, tzinfo=dt.UTC)
    event = AuditEvent.objects.get(action="hearing.create")
    assert event.after is not None
    assert event.actor == supervisor and event.after["local_time"] == "09:00:00"


@pytest.mark.parametrize("username", ["casemanager", "peer", "clinician", "court", "outsider"])
def test_only_director_or_supervisor_sets_the_calendar(world, court, username):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        hearing(court, world.user(username), _future(court))
    assert caught.value.message_dict["court"] == [services.CONFIGURE_ONLY]
    with pytest.raises(ValidationError):
        services.create_series(
            actor=world.user(username),
            court=court,
            kind=HearingKind.STATUS,
            weekday=3,
            local_time=dt.time(9),
            starts_on=_future(court),
        )
    assert counts() == before


def test_schedule_names_every_missing_field_and_a_clash(world, court):
    supervisor = world.user("supervisor")
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.schedule_hearing(
            actor=supervisor, court=court, kind="party", local_date=None, local_time=None
        )
    assert set(caught.value.message_dict) == {"kind", "local_date", "local_time"}
    assert counts() == before
    hearing(court, supervisor, dt.date(2026, 12, 3))
    with pytest.raises(ValidationError) as caught:
        hearing(court, supervisor, dt.date(2026, 12, 3))
    assert "already a status hearing at 09:00 on 3 Dec 2026" in caught.value.messages[0]


def test_series_without_end_lays_out_26_weeks_and_one_audit_event(world, court):
    supervisor = world.user("supervisor")
    start = today(court)
    series = services.create_series(
        actor=supervisor,
        court=court,
        kind=HearingKind.STATUS,
        weekday=3,
        local_time=dt.time(9),
        every_weeks=2,
        starts_on=start,
        room="Courtroom 3B",
    )
    days = list(series.hearings.order_by("local_date").values_list("local_date", flat=True))
    assert all(d.weekday() == 3 for d in days)
    assert all((b - a).days == 14 for a, b in itertools.pairwise(days))
    assert days[-1] <= start + dt.timedelta(weeks=26) < days[-1] + dt.timedelta(weeks=2)
    assert set(series.hearings.values_list("room", flat=True)) == {"Courtroom 3B"}
    event = AuditEvent.objects.get(action="hearing_series.create")
    assert event.after is not None and len(event.after["dates"]) == len(days)


def test_series_refuses_bad_settings_naming_each(world, court):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.create_series(
            actor=world.user("supervisor"),
            court=court,
            kind=HearingKind.STATUS,
            weekday=7,
            local_time=dt.time(9),
            every_weeks=9,
            starts_on=dt.date(2026, 12, 1),
            ends_on=dt.date(2026, 11, 1),
        )
    assert set(caught.value.message_dict) == {"weekday", "every_weeks", "ends_on"}
    assert counts() == before


def test_add_to_docket_uses_open_case_and_calls_the_hook(
    world, court, calls, django_capture_on_commit_callbacks
):
    casemanager = world.user("casemanager")
    case = make_case(court, world.north_person, "26-CR-1001", casemanager)
    row = hearing(court, world.user("supervisor"), _future(court))
    with django_capture_on_commit_callbacks(execute=True):
        entry = docket_entries.add_to_docket(
            actor=casemanager, hearing=row, participant=world.north_person
        )
    assert (entry.case, entry.episode.program, entry.recorded_by) == (case, world.drug, casemanager)
    assert calls == [(entry, False)]
    event = AuditEvent.objects.get(action="docket.add")
    assert event.participant_public_id == world.north_person.public_id


@pytest.mark.parametrize(
    ("username", "who", "words"),
    [
        ("casemanager", "south_person", "do not work with this participant's team"),
        ("outsider", "reentry_person", "not in Drug Court"),
        ("supervisor", "reentry_person", "do not work with this participant"),
    ],
)
def test_add_to_docket_refuses_out_of_scope(world, court, username, who, words):
    row = hearing(court, world.user("supervisor"), _future(court))
    before = counts()
    with pytest.raises(ValidationError) as caught:
        docket_entries.add_to_docket(
            actor=world.user(username), hearing=row, participant=getattr(world, who)
        )
    assert words in caught.value.message_dict["participant"][0]
    assert counts() == before


def test_add_twice_or_to_a_cancelled_hearing_is_refused(world, court):
    supervisor = world.user("supervisor")
    row = hearing(court, supervisor, _future(court))
    docket_entries.add_to_docket(actor=supervisor, hearing=row, participant=world.north_person)
    before = counts()
    with pytest.raises(ValidationError) as caught:
        docket_entries.add_to_docket(actor=supervisor, hearing=row, participant=world.north_person)
    assert "already on this docket" in caught.value.messages[0]
    services.cancel_hearing(actor=supervisor, hearing=row, reason="Judge at training")
    with pytest.raises(ValidationError) as caught:
        docket_entries.add_to_docket(actor=supervisor, hearing=row, participant=world.south_person)
    assert "cancelled" in caught.value.message_dict["hearing"][0]
    assert DocketEntry.objects.count() == before["entries"]


def test_reschedule_and_cancel_call_the_hook_per_entry(
    world, court, calls, django_capture_on_commit_callbacks
):
    supervisor = world.user("supervisor")
    row = hearing(court, supervisor, _future(court))
    for person in (world.north_person, world.south_person):
        docket_entries.add_to_docket(actor=supervisor, hearing=row, participant=person)
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.reschedule_hearing(
            actor=supervisor,
            hearing=row,
            local_date=_future(court) + dt.timedelta(days=1),
            local_time=dt.time(23, 30),
        )
    assert sorted(e.participant.last_name for e, removed in calls if not removed) == [
        "North",
        "South",
    ]
    local = moved.starts_at.astimezone(court.program.zone)
    assert (local.date(), local.time()) == (_future(court) + dt.timedelta(days=1), dt.time(23, 30))
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_hearing(actor=supervisor, hearing=row)
    assert len(calls) == 2
    assert Hearing.objects.get(pk=row.pk).status == HearingStatus.CANCELLED
    assert (
        AuditEvent.objects.filter(action__in=["hearing.reschedule", "hearing.cancel"]).count() == 2
    )


def test_remove_calls_the_hook_with_removed_and_keeps_recorded_entries(
    world, court, calls, django_capture_on_commit_callbacks
):
    supervisor = world.user("supervisor")
    row = hearing(court, supervisor, _past(court))
    entry = docket_entries.add_to_docket(
        actor=supervisor, hearing=row, participant=world.north_person
    )
    kept = docket_entries.add_to_docket(
        actor=supervisor, hearing=row, participant=world.south_person
    )
    docket_entries.record_hearing_result(actor=supervisor, entry=kept, appearance="appeared")
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        docket_entries.remove_from_docket(actor=supervisor, entry=entry)
    assert [(e.public_id, removed) for e, removed in calls] == [(entry.public_id, True)]
    removed = AuditEvent.objects.get(action="docket.remove")
    assert removed.before is not None and removed.after is None
    assert removed.before["participant"] == str(world.north_person.public_id)
    before = counts()
    with pytest.raises(ValidationError) as caught:
        docket_entries.remove_from_docket(actor=supervisor, entry=kept)
    assert "stays on the docket" in caught.value.messages[0]
    with pytest.raises(ValidationError):  # casemanager does not work with South
        docket_entries.remove_from_docket(actor=world.user("casemanager"), entry=kept)
    assert counts() == before


def test_record_result_marks_held_and_can_schedule_the_next_hearing(world, court):
    supervisor = world.user("supervisor")
    row = hearing(court, supervisor, _past(court))
    entry = docket_entries.add_to_docket(
        actor=supervisor, hearing=row, participant=world.north_person
    )
    next_day = _future(court)
    docket_entries.record_hearing_result(
        actor=supervisor,
        entry=entry,
        appearance="appeared",
        outcome="Continued in phase 1; praised by the judge",
        next_date=next_day,
        schedule_next=True,
    )
    entry.refresh_from_db()
    assert (entry.appearance, entry.next_date) == ("appeared", next_day)
    assert Hearing.objects.get(pk=row.pk).status == HearingStatus.HELD
    upcoming = Hearing.objects.get(court=court, local_date=next_day)
    assert upcoming.local_time == row.local_time
    assert upcoming.entries.get().participant == world.north_person
    event = AuditEvent.objects.get(action="docket.result")
    assert event.before is not None and event.after is not None
    assert event.before["appearance"] == "" and event.after["appearance"] == "appeared"


def test_result_refusals_name_the_field_and_change_nothing(world, court):
    supervisor = world.user("supervisor")
    casemanager = world.user("casemanager")
    past = hearing(court, supervisor, _past(court))
    future = hearing(court, supervisor, _future(court))
    staffing = hearing(court, supervisor, _past(court), kind=HearingKind.STAFFING)
    on_past = docket_entries.add_to_docket(
        actor=casemanager, hearing=past, participant=world.north_person
    )
    on_future = docket_entries.add_to_docket(
        actor=casemanager, hearing=future, participant=world.north_person
    )
    on_staffing = docket_entries.add_to_docket(
        actor=casemanager, hearing=staffing, participant=world.north_person
    )
    before = (counts(), entry_state())
    cases: list[tuple[DocketEntry, dict[str, Any], str, str]] = [
        (on_future, {"appearance": "appeared"}, "appearance", "record the result on or after"),
        (on_staffing, {"appearance": "appeared"}, "appearance", "staffing meeting has no"),
        (on_past, {"appearance": "maybe"}, "appearance", "Choose: appeared"),
        (
            on_past,
            {"appearance": "failed", "next_date": past.local_date},
            "next_date",
            "must be after this hearing",
        ),
        (on_past, {"appearance": "failed", "schedule_next": True}, "next_date", "Enter the next"),
        (
            on_past,
            {
                "appearance": "failed",
                "next_date": _future(court) + dt.timedelta(days=1),
                "schedule_next": True,
            },
            "next_date",
            "ask the program's director or supervisor",
        ),
    ]
    for entry, data, field, words in cases:
        with pytest.raises(ValidationError) as caught:
            docket_entries.record_hearing_result(actor=casemanager, entry=entry, **data)
        assert words in " ".join(caught.value.message_dict[field]), (data, caught.value)
    with pytest.raises(ValidationError) as caught:
        docket_entries.record_hearing_result(
            actor=world.user("outsider"), entry=on_past, appearance="appeared"
        )
    assert "participant" in caught.value.message_dict
    assert (counts(), entry_state()) == before


def test_staffing_recommendation_is_kept_apart_from_contact_notes(world, court):
    casemanager = world.user("casemanager")
    meeting = hearing(court, world.user("supervisor"), _future(court), kind=HearingKind.STAFFING)
    status = hearing(court, world.user("supervisor"), _future(court))
    entry = docket_entries.add_to_docket(
        actor=casemanager, hearing=meeting, participant=world.north_person
    )
    on_status = docket_entries.add_to_docket(
        actor=casemanager, hearing=status, participant=world.north_person
    )
    contacts = Contact.objects.count()
    before = (counts(), entry_state())
    with pytest.raises(ValidationError) as caught:
        docket_entries.record_staffing(actor=casemanager, entry=entry, recommendation="  ")
    assert "Write the team's recommendation" in caught.value.message_dict["recommendation"][0]
    with pytest.raises(ValidationError) as caught:
        docket_entries.record_staffing(actor=casemanager, entry=on_status, recommendation="Praise")
    assert "staffing meeting" in caught.value.message_dict["recommendation"][0]
    with pytest.raises(ValidationError):
        docket_entries.record_staffing(
            actor=world.user("peer.south"), entry=entry, recommendation="x"
        )
    assert (counts(), entry_state()) == before
    docket_entries.record_staffing(
        actor=casemanager,
        entry=entry,
        recommendation="Promote to phase 2",
        staffing_note="90 days negative; steady at work",
    )
    entry.refresh_from_db()
    assert (entry.recommendation, entry.staffing_note) == (
        "Promote to phase 2",
        "90 days negative; steady at work",
    )
    assert Contact.objects.count() == contacts
    assert AuditEvent.objects.filter(action="docket.staffing", actor=casemanager).count() == 1
