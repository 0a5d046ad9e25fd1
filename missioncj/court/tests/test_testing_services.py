"""Drug tests from notice to result through the services: outcome rules, local dates, the checks
that refuse bad input (nothing saved), scope, and random schedules with the phase frequency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from missioncj.core.models import AuditEvent
from missioncj.court.models import AnalyteResult, DrugTest, RandomSchedule
from missioncj.court.services import random_testing
from missioncj.court.services import testing as services
from missioncj.court.tests.testing_factories import (
    ET,
    collected,
    episode_of,
    move,
    phase,
)

NOTICE = dt.datetime(2026, 10, 6, 8, 0, tzinfo=ET)
COLLECTED = dt.datetime(2026, 10, 6, 10, 30, tzinfo=ET)
RESULTED = dt.datetime(2026, 10, 7, 15, 0, tzinfo=ET)


def counts() -> tuple[int, int, int, int]:
    return (
        DrugTest.objects.count(),
        AnalyteResult.objects.count(),
        RandomSchedule.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def cm(world):
    return world.user("casemanager")


@pytest.fixture
def episode(world):
    return episode_of(world.north_person)


def test_notice_collection_results_confirmation(world, cm, episode):
    test = services.record_notice(actor=cm, episode=episode, notified_at=NOTICE)
    assert (test.status, test.outcome, test.reason) == ("notified", "pending", "random")
    assert test.local_date == dt.date(2026, 10, 6)
    test = services.record_collection(
        actor=cm, test=test, collected_at=COLLECTED, specimen="urine", observed=True, panel="12"
    )
    assert (test.status, test.outcome, test.observed) == ("collected", "pending", True)
    test = services.record_results(
        actor=cm,
        test=test,
        results=[
            {"analyte": "cocaine", "result": "positive", "level": "410", "cutoff": "150"},
            {"analyte": "thc", "result": "negative"},
            {"analyte": "buprenorphine", "result": "prescribed", "confirmation": ""},
        ],
        resulted_at=RESULTED,
    )
    assert test.outcome == "positive"
    assert test.results.get(analyte="cocaine").level == Decimal("410")
    test = services.record_confirmation(
        actor=cm, test=test, analyte="cocaine", confirmed=False, confirmed_at=RESULTED
    )
    assert test.outcome == "negative"  # not confirmed: that analyte counts as negative
    test.refresh_from_db()
    assert test.outcome == "negative"
    actions = list(
        AuditEvent.objects.filter(subject_public_id=str(test.public_id))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "drug_test.notice",
        "drug_test.collect",
        "drug_test.results",
        "drug_test.confirmation",
    ]


def test_outcomes(world, cm, episode):
    def fresh(**kwargs):
        return collected(cm, episode, COLLECTED)

    prescribed = services.record_results(
        actor=cm,
        test=fresh(),
        results=[{"analyte": "buprenorphine", "result": "prescribed"}],
        resulted_at=RESULTED,
    )
    assert prescribed.outcome == "negative"
    dilute = services.record_results(
        actor=cm,
        test=fresh(),
        results=[{"analyte": "thc", "result": "negative"}],
        resulted_at=RESULTED,
        validity="dilute",
    )
    assert dilute.outcome == "negative"
    for validity in ("adulterated", "substituted"):
        invalid = services.record_results(
            actor=cm,
            test=fresh(),
            results=[{"analyte": "thc", "result": "negative"}],
            resulted_at=RESULTED,
            validity=validity,
        )
        assert invalid.outcome == "invalid"
    pending = services.record_results(
        actor=cm,
        test=fresh(),
        results=[{"analyte": "fentanyl", "result": "positive", "confirmation": "pending"}],
        resulted_at=RESULTED,
    )
    assert pending.outcome == "positive"
    assert pending.results.get().confirmation == "pending"
    confirmed = services.record_confirmation(
        actor=cm, test=pending, analyte="fentanyl", confirmed=True, confirmed_at=RESULTED
    )
    assert confirmed.outcome == "positive"


@pytest.mark.parametrize(
    ("verb", "status"),
    [
        (services.record_missed, "missed"),
        (services.record_refused, "refused"),
        (services.record_excused, "excused"),
    ],
)
def test_missed_refused_excused(world, cm, episode, verb, status):
    noticed = services.record_notice(actor=cm, episode=episode, notified_at=NOTICE)
    closed = verb(actor=cm, test=noticed, reason="Did not come in")
    assert (closed.status, closed.outcome, closed.note) == (status, status, "Did not come in")
    direct = verb(actor=cm, episode=episode, due_on=dt.date(2026, 10, 8), reason="No call-in")
    assert (direct.outcome, direct.local_date) == (status, dt.date(2026, 10, 8))


def test_local_date_is_the_program_day(world, cm, episode):
    # 01:30 UTC on 7 Oct is still 6 Oct in New York
    late = dt.datetime(2026, 10, 7, 1, 30, tzinfo=dt.UTC)
    test = collected(cm, episode, late)
    assert test.local_date == dt.date(2026, 10, 6)


def _refused(call, message_part, field):
    before = counts()
    with pytest.raises(ValidationError) as info:
        call()
    assert counts() == before
    assert field in info.value.message_dict, info.value.message_dict
    assert message_part in " ".join(info.value.message_dict[field])


def test_bad_input_is_refused_and_nothing_is_saved(world, cm, episode):
    noticed = services.record_notice(actor=cm, episode=episode, notified_at=NOTICE)
    _refused(
        lambda: services.record_collection(
            actor=cm, test=noticed, collected_at=NOTICE - dt.timedelta(minutes=1), specimen="urine"
        ),
        "before the notice",
        "collected_at",
    )
    test = collected(cm, episode, COLLECTED)
    _refused(
        lambda: services.record_results(
            actor=cm,
            test=test,
            results=[{"analyte": "thc", "result": "negative"}],
            resulted_at=COLLECTED - dt.timedelta(hours=1),
        ),
        "before the collection",
        "resulted_at",
    )
    _refused(
        lambda: services.record_results(
            actor=cm,
            test=test,
            results=[
                {"analyte": "thc", "result": "negative"},
                {"analyte": "cocaine", "result": "positive", "level": "-3"},
            ],
            resulted_at=RESULTED,
        ),
        "cannot be negative",
        "results.1.level",
    )
    _refused(
        lambda: services.record_results(
            actor=cm,
            test=test,
            results=[
                {"analyte": "thc", "result": "negative"},
                {"analyte": "unicorn_dust", "result": "positive"},
            ],
            resulted_at=RESULTED,
        ),
        "unicorn_dust",
        "results.1.analyte",
    )
    _refused(
        lambda: services.record_results(
            actor=cm,
            test=noticed,
            results=[{"analyte": "thc", "result": "negative"}],
            resulted_at=RESULTED,
        ),
        "collection before its results",
        "test",
    )
    _refused(
        lambda: services.record_missed(actor=cm, test=test, reason="late"),
        "already collected",
        "test",
    )
    _refused(
        lambda: services.record_missed(actor=cm, test=noticed, reason="  "), "Say why", "reason"
    )
    _refused(
        lambda: services.record_confirmation(
            actor=cm, test=test, analyte="cocaine", confirmed=True, confirmed_at=RESULTED
        ),
        "No result for Cocaine",
        "analyte",
    )
    _refused(
        lambda: services.record_collection(
            actor=cm,
            episode=episode,
            collected_at=dt.datetime(2026, 8, 1, 9, tzinfo=ET),
            specimen="urine",
        ),
        "before the referral",
        "collected_at",
    )


def test_a_user_who_does_not_work_with_the_participant_cannot_write(world, episode):
    for username in ("outsider", "court", "evaluator", "cm.south"):
        _refused(
            lambda u=username: services.record_notice(
                actor=world.user(u), episode=episode, notified_at=NOTICE
            ),
            "do not work with",
            "episode",
        )
    _refused(
        lambda: random_testing.start_random_testing(
            actor=world.user("outsider"), episode=episode, starts_on=dt.date(2026, 10, 1)
        ),
        "do not work with",
        "episode",
    )


def test_start_random_testing_keeps_the_seed_secret(world, cm, episode):
    schedule = random_testing.start_random_testing(
        actor=cm, episode=episode, starts_on=dt.date(2026, 9, 7)
    )
    assert len(schedule.seed) == 64
    int(schedule.seed, 16)
    event = AuditEvent.objects.get(action="random_testing.start")
    assert schedule.seed not in str(event.after)
    _refused(
        lambda: random_testing.start_random_testing(
            actor=cm, episode=episode, starts_on=dt.date(2026, 9, 7)
        ),
        "already started",
        "episode",
    )
    other = episode_of(world.south_person)
    _refused(
        lambda: random_testing.start_random_testing(
            actor=world.user("supervisor"), episode=other, starts_on=dt.date(2026, 9, 1)
        ),
        "before enrollment",
        "starts_on",
    )


def test_schedule_follows_the_phase_in_force_each_week(world, cm, episode, court):
    schedule = random_testing.start_random_testing(
        actor=cm, episode=episode, starts_on=dt.date(2026, 9, 7)
    )
    moves = random_testing.phase_rates([episode.pk]).get(episode.pk, [])
    days = random_testing.schedule_days(schedule, dt.date(2026, 9, 7), dt.date(2026, 10, 4), moves)
    assert len(days) == 8  # no phase: two a week for four weeks
    one = phase(court, 1, "3", "Phase 1")
    two = phase(court, 2, "1.5", "Phase 2")
    move(episode, one, dt.date(2026, 9, 8), cm)
    move(episode, two, dt.date(2026, 10, 5), cm, kind="promote")
    moves = random_testing.phase_rates([episode.pk])[episode.pk]
    assert random_testing.rate_on(moves, dt.date(2026, 9, 7)) == Decimal(3)  # before the first move
    assert random_testing.rate_on(moves, dt.date(2026, 10, 5)) == Decimal("1.5")
    first = random_testing.schedule_days(schedule, dt.date(2026, 9, 7), dt.date(2026, 10, 4), moves)
    assert len(first) == 12
    later = random_testing.schedule_days(
        schedule, dt.date(2026, 10, 5), dt.date(2026, 11, 29), moves
    )
    assert len(later) == 12  # 1.5 a week for 8 weeks (four aligned two-week blocks)
    # the same schedule read again gives the same days; paused gives none
    assert later == random_testing.schedule_days(
        schedule, dt.date(2026, 10, 5), dt.date(2026, 11, 29), moves
    )
    schedule.paused = True
    assert (
        random_testing.schedule_days(schedule, dt.date(2026, 10, 5), dt.date(2026, 11, 29), moves)
        == []
    )
