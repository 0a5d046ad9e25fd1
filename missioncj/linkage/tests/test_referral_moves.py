"""The closed loop: only the moves in TRANSITIONS, each dated and confirmed; everything else is
refused with a message and changes nothing."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError

from missioncj.core.models import AuditEvent
from missioncj.linkage.models import TRANSITIONS, Referral, ReferralStatus, ReferralStep
from missioncj.linkage.services.referrals import create_referral, record_step
from missioncj.linkage.tests.factories import (
    REFERRED_ON,
    directory_service,
    episode_of,
    plan_for,
    put_in_status,
    referral,
)

STATUSES = [s.value for s in ReferralStatus]
PAIRS = list(itertools.product(STATUSES, STATUSES))
LEGAL = [(a, b) for a, b in PAIRS if b in TRANSITIONS[a]]
ILLEGAL = [(a, b) for a, b in PAIRS if b not in TRANSITIONS[a]]
STEP_DAY = dt.date(2026, 10, 10)


def state(row: Referral) -> tuple:
    row.refresh_from_db()
    return (
        row.status,
        row.status_on,
        row.first_attended_on,
        row.steps.count(),
        AuditEvent.objects.count(),
    )


def test_the_pairs_cover_every_status():
    assert len(PAIRS) == 64
    assert len(LEGAL) == sum(len(v) for v in TRANSITIONS.values())
    assert ("closed", "referred") in ILLEGAL and ("referred", "engaged") in ILLEGAL


@pytest.mark.parametrize("start", STATUSES)
def test_every_legal_move_succeeds(world, start):
    peer = world.user("peer")
    for target in sorted(TRANSITIONS[start]):
        row = put_in_status(referral(peer, world.north_person), start, dt.date(2026, 10, 5))
        before = AuditEvent.objects.count()
        step = record_step(
            actor=peer, referral=row, status=target, on=STEP_DAY, confirmed_by="peer"
        )
        row.refresh_from_db()
        assert (row.status, row.status_on) == (target, STEP_DAY), (start, target)
        assert step.recorded_by == peer
        event = AuditEvent.objects.filter(action="referral.step").latest("pk")
        assert AuditEvent.objects.count() == before + 1
        assert event.before is not None and event.after is not None
        assert event.before["status"] == start and event.after["status"] == target
        assert event.participant_public_id == world.north_person.public_id


@pytest.mark.parametrize("start", STATUSES)
def test_every_illegal_move_is_refused_and_changes_nothing(world, start):
    peer = world.user("peer")
    row = put_in_status(referral(peer, world.north_person), start, dt.date(2026, 10, 5))
    targets = [b for a, b in ILLEGAL if a == start]
    assert targets  # every status has some move it may not make
    for target in targets:
        before = state(row)
        with pytest.raises(ValidationError) as caught:
            record_step(actor=peer, referral=row, status=target, on=STEP_DAY, confirmed_by="peer")
        message = caught.value.message_dict["status"][0]
        assert f"cannot move to {ReferralStatus(target).label.lower()}" in message, target
        assert state(row) == before, (start, target)


def test_first_attendance_is_kept_for_time_to_linkage(world):
    peer = world.user("peer")
    row = referral(peer, world.north_person)
    record_step(
        actor=peer,
        referral=row,
        status="scheduled",
        on=dt.date(2026, 10, 3),
        confirmed_by="participant",
    )
    record_step(
        actor=peer, referral=row, status="attended", on=dt.date(2026, 10, 8), confirmed_by="peer"
    )
    record_step(
        actor=peer, referral=row, status="engaged", on=dt.date(2026, 10, 20), confirmed_by="peer"
    )
    row.refresh_from_db()
    assert row.first_attended_on == dt.date(2026, 10, 8)
    assert row.days_to_attendance == 7
    assert [s.status for s in row.steps.all()] == ["referred", "scheduled", "attended", "engaged"]


def test_a_no_show_then_rescheduled_keeps_the_first_attendance(world):
    peer = world.user("peer")
    row = referral(peer, world.north_person)
    for status, day in [("scheduled", 2), ("no_show", 4), ("scheduled", 6), ("attended", 9)]:
        record_step(
            actor=peer, referral=row, status=status, on=dt.date(2026, 10, day), confirmed_by="peer"
        )
    row.refresh_from_db()
    assert row.first_attended_on == dt.date(2026, 10, 9)


@pytest.mark.parametrize(
    ("on", "fragment"),
    [
        (REFERRED_ON - dt.timedelta(days=1), "before the referral"),
        (dt.date(2026, 10, 4), "before the previous step"),
        (dt.date(2030, 1, 1), "cannot be in the future"),
    ],
)
def test_dates_before_the_referral_or_the_previous_step_or_in_the_future(world, on, fragment):
    peer = world.user("peer")
    row = referral(peer, world.north_person)
    record_step(
        actor=peer, referral=row, status="scheduled", on=dt.date(2026, 10, 5), confirmed_by="peer"
    )
    before = state(row)
    with pytest.raises(ValidationError) as caught:
        record_step(actor=peer, referral=row, status="attended", on=on, confirmed_by="peer")
    assert fragment in caught.value.message_dict["on"][0]
    assert state(row) == before


def test_same_day_as_the_previous_step_is_fine(world):
    peer = world.user("peer")
    row = referral(peer, world.north_person)
    record_step(actor=peer, referral=row, status="attended", on=REFERRED_ON, confirmed_by="peer")
    row.refresh_from_db()
    assert row.days_to_attendance == 0


def test_receiver_confirmation_needs_a_name(world):
    peer = world.user("peer")
    row = referral(peer, world.north_person)
    before = state(row)
    with pytest.raises(ValidationError) as caught:
        record_step(
            actor=peer, referral=row, status="scheduled", on=STEP_DAY, confirmed_by="receiver"
        )
    assert "Name the person" in caught.value.message_dict["confirmer_name"][0]
    assert state(row) == before
    with pytest.raises(ValidationError) as caught:
        record_step(actor=peer, referral=row, status="scheduled", on=STEP_DAY, confirmed_by="judge")
    assert "confirmed_by" in caught.value.message_dict
    step = record_step(
        actor=peer,
        referral=row,
        status="scheduled",
        on=STEP_DAY,
        confirmed_by="receiver",
        confirmer_name="Dana at intake",
    )
    assert step.confirmer_name == "Dana at intake"


def test_create_needs_a_place_and_contact_and_a_goal_of_this_plan(world):
    cm = world.user("casemanager")
    before = (Referral.objects.count(), ReferralStep.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as caught:
        create_referral(
            actor=cm, participant=world.north_person, need="nope", referred_on=REFERRED_ON
        )
    errors = caught.value.message_dict
    assert "place_name" in errors and "need" in errors
    with pytest.raises(ValidationError) as caught:
        create_referral(
            actor=cm,
            participant=world.north_person,
            need="shelter",
            referred_on=REFERRED_ON,
            place_name="Landlord",
        )
    assert "place_contact" in caught.value.message_dict
    south_goal = plan_for(
        episode_of(world.south_person), world.user("cm.south"), goals=[("housing", "open")]
    ).goals.get()
    other_service = directory_service(world.reentry, "Re-entry housing", ["shelter"])
    with pytest.raises(ValidationError) as caught:
        create_referral(
            actor=cm,
            participant=world.north_person,
            need="shelter",
            referred_on=REFERRED_ON,
            service=other_service,
            plan_goal=south_goal,
        )
    assert set(caught.value.message_dict) == {"service", "plan_goal"}
    assert (
        Referral.objects.count(),
        ReferralStep.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_create_to_a_service_with_a_plan_goal_is_audited(world):
    cm = world.user("casemanager")
    episode = episode_of(world.north_person)
    goal = plan_for(episode, cm, goals=[("housing", "open")]).goals.get()
    service = directory_service(world.drug, "Oxford House Elm", ["sober_housing"])
    row = referral(
        cm,
        world.north_person,
        service=service,
        need="sober_housing",
        plan_goal=goal,
        warm_handoff=True,
        urgency="soon",
    )
    assert (row.status, row.status_on, row.episode) == ("referred", REFERRED_ON, episode)
    assert row.place_name == ""
    event = AuditEvent.objects.get(action="referral.create")
    assert event.after is not None
    assert event.after["service"] == str(service.public_id)
    assert event.after["plan_goal"] == str(goal.public_id)
    assert event.actor == cm


def test_outside_the_team_nothing_is_written(world):
    cm = world.user("casemanager")
    with pytest.raises(ValidationError):
        referral(cm, world.south_person)
    row = referral(world.user("cm.south"), world.south_person)
    before = state(row)
    with pytest.raises(ValidationError):
        record_step(actor=cm, referral=row, status="scheduled", on=STEP_DAY, confirmed_by="peer")
    assert state(row) == before
