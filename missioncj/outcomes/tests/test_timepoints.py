"""Outcomes at timepoints: which administration is each timepoint's (window edges, schedule
occurrences first, discharge), the paired arithmetic on a hand-built program, sources from
outcome events, and the page and API."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from missioncj.assessments.models import Instrument, Schedule, Timepoint
from missioncj.outcomes.access import program_episodes
from missioncj.outcomes.models import OutcomeEvent
from missioncj.outcomes.tests.tp_helpers import ENROLLED, enrolled, gpra, months, phq9_total
from missioncj.outcomes.timepoints import (
    Given,
    Stay,
    arrests_before,
    nearest,
    nights_before,
    slot_of_due,
    timepoint_report,
)
from missioncj.participants import services as people
from missioncj.participants.models import EpisodeStatus

D = dt.date


def report(world, **filters):
    episodes = program_episodes(world.user("director"), world.drug).select_related("program")
    return timepoint_report(episodes, world.drug, **filters)


def row(result, measure, slot):
    return next(r for r in result.rows if r.measure.key == measure and r.slot == slot)


def given(on: dt.date, pk: int = 1) -> Given:
    return Given(pk, "phq9", on, {}, {"total": 1})


# --- the timepoint rules -----------------------------------------------------------------------


def test_six_month_window_edges_from_a_month_end():
    start = D(2025, 3, 31)  # nominal 30 Sep; window 31 Aug (5 months) to 30 Nov (8 months)
    assert nearest([given(D(2025, 8, 31))], "m6", start) is not None
    assert nearest([given(D(2025, 8, 30))], "m6", start) is None
    assert nearest([given(D(2025, 11, 30))], "m6", start) is not None
    assert nearest([given(D(2025, 12, 1))], "m6", start) is None


def test_baseline_and_twelve_month_window_edges():
    start = D(2025, 3, 31)
    assert nearest([given(D(2025, 2, 28))], "baseline", start) is not None  # one month before
    assert nearest([given(D(2025, 2, 27))], "baseline", start) is None
    assert nearest([given(D(2025, 4, 30))], "baseline", start) is not None
    assert nearest([given(D(2025, 5, 1))], "baseline", start) is None
    assert nearest([given(D(2026, 2, 28))], "m12", start) is not None  # 11 months
    assert nearest([given(D(2026, 2, 27))], "m12", start) is None
    assert nearest([given(D(2026, 5, 31))], "m12", start) is not None  # 14 months
    assert nearest([given(D(2026, 6, 1))], "m12", start) is None


def test_nearest_wins_and_a_tie_goes_to_the_earlier():
    start = D(2025, 3, 31)  # 6 months: 30 Sep 2025
    far, near = given(D(2025, 11, 1), 1), given(D(2025, 10, 3), 2)
    assert nearest([far, near], "m6", start) == near
    before, after = given(D(2025, 9, 28), 3), given(D(2025, 10, 2), 4)
    assert nearest([after, before], "m6", start) == before


@pytest.mark.parametrize(
    ("days", "slot"),
    [(0, "baseline"), (45, "baseline"), (46, None), (134, None), (135, "m6"), (225, "m6"),
     (226, None), (299, None), (300, "m12"), (430, "m12"), (431, None)],
)  # fmt: skip
def test_schedule_due_dates_map_to_timepoints(days, slot):
    start = D(2025, 1, 1)
    assert slot_of_due("enrollment", start + dt.timedelta(days=days), start) == slot
    assert slot_of_due("discharge", None, start) == "discharge"


def test_events_in_the_thirty_days_before_the_day():
    day = D(2025, 6, 30)
    assert arrests_before([D(2025, 5, 31), D(2025, 6, 29)], day) == 2  # 30 and 1 days before
    assert arrests_before([D(2025, 5, 30), D(2025, 6, 30)], day) == 0  # 31 before; the day
    # In 20 May (before the window), out 5 June: nights of 31 May to 4 June count (5).
    assert nights_before([Stay(D(2025, 5, 20), D(2025, 6, 5))], day) == 5
    # Still in: every night from 25 June to 29 June (5); overlapping records count once.
    stays = [Stay(D(2025, 6, 25), None), Stay(D(2025, 6, 27), D(2025, 6, 29))]
    assert nights_before(stays, day) == 5
    assert nights_before([Stay(D(2025, 1, 1), None)], day) == 30  # at most 30


# --- paired arithmetic on a hand-built program ---------------------------------------------------


@pytest.fixture
def cohort(world):
    """Two paired PHQ-9s, one baseline only, one 6-month only."""
    a, b = enrolled(world, "Alpha"), enrolled(world, "Bravo")
    c, d = enrolled(world, "Charlie"), enrolled(world, "Delta")
    phq9_total(world, a, 12, months(0, 3))
    phq9_total(world, a, 6, months(6))
    phq9_total(world, b, 15, months(0, -10))
    phq9_total(world, b, 13, months(7))
    phq9_total(world, b, 3, months(9))  # outside nothing: farther from 6 months than 7
    phq9_total(world, c, 20, months(0))
    phq9_total(world, d, 9, months(6))
    return a, b, c, d


def test_paired_change_excludes_the_unpaired(world, cohort):
    result = row(report(world), "phq9", "m6")
    assert (result.with_baseline, result.with_follow_up, result.result.n) == (3, 3, 2)
    paired = result.result
    assert paired.baseline == pytest.approx(13.5)  # (12 + 15) / 2: Charlie is not paired
    assert paired.follow_up == pytest.approx(9.5)  # (6 + 13) / 2: Delta is not paired
    assert paired.change == pytest.approx(-4.0)
    # mean ± t(0.975, 1) · sd / √2, sd of (-6, -2) = 2√2; t from the table: 12.706.
    half = 12.706 * (2 * math.sqrt(2)) / math.sqrt(2)
    assert paired.ci_low == pytest.approx(-4 - half, abs=1e-2)
    assert paired.ci_high == pytest.approx(-4 + half, abs=1e-2)
    assert result.sources == {"phq9 total": 2}
    assert not row(report(world), "phq9", "m12").result.enough


def test_filters_by_team_and_enrollment_dates(world, cohort):
    late = enrolled(world, "Echo", team=world.south, on=D(2025, 5, 1))
    phq9_total(world, late, 10, D(2025, 5, 1))
    phq9_total(world, late, 4, months(6, start=D(2025, 5, 1)))
    assert report(world).episodes == 7  # four + Echo + the world's North and South
    assert row(report(world), "phq9", "m6").result.n == 3
    south = report(world, team=world.south)
    assert south.episodes == 2 and row(south, "phq9", "m6").result.n == 1
    early = report(world, enrolled_from=ENROLLED, enrolled_to=ENROLLED)
    assert early.episodes == 4 and row(early, "phq9", "m6").result.n == 2


def test_a_schedule_occurrence_places_what_it_was_satisfied_by(world):
    phq = Instrument.objects.get(code="phq9")
    schedule = Schedule.objects.create(program=world.drug, name="Early follow-up")
    point = Timepoint.objects.create(
        schedule=schedule, code="six", label="Six", due_days=180, opens_days=120, closes_days=240
    )
    point.instruments.add(phq)
    people_ = [enrolled(world, name) for name in ("Foxtrot", "Golf")]
    for person, (before, after) in zip(people_, [(14, 10), (11, 9)], strict=True):
        phq9_total(world, person, before, ENROLLED)
        phq9_total(world, person, after, ENROLLED + dt.timedelta(days=125))  # under 5 months
    assert row(report(world), "phq9", "m6").result.change == pytest.approx(-3.0)
    schedule.delete()
    assert row(report(world), "phq9", "m6").result.n == 0  # outside the nearest-rule window


def test_discharge_is_the_latest_on_or_after_discharge(world):
    found = []
    for name, scores in (("Hotel", (16, 12, 8)), ("India", (10, 9, 4))):
        person = enrolled(world, name)
        phq9_total(world, person, scores[0], ENROLLED)
        people.change_status(
            actor=world.user("supervisor"),
            episode=person.episodes.get(),
            status=EpisodeStatus.DISCHARGED,
            on=months(4),
            reason="graduated",
        )
        phq9_total(world, person, 20, months(4, -1))  # the day before: not discharge
        phq9_total(world, person, scores[1], months(4))
        phq9_total(world, person, scores[2], months(4, 20))
        found.append(person)
    result = row(report(world), "phq9", "discharge").result
    assert result.n == 2
    assert result.follow_up == pytest.approx(6.0)  # (8 + 4) / 2: the latest of each
    assert result.change == pytest.approx(-7.0)


# --- measures from interviews and from outcome events -----------------------------------------


def test_gpra_items_give_days_nights_and_employment(world):
    for name, base, follow in (
        ("Juliet", {"jail_nights": 10, "employment": 3}, {"jail_nights": 0, "employment": 1}),
        ("Kilo", {"jail_nights": 4, "employment": 1}, {"jail_nights": 2, "employment": 1}),
    ):
        person = enrolled(world, name)
        gpra(world, person, ENROLLED, 1, alcohol_days=8, **base)
        gpra(world, person, months(6), 2, alcohol_days=2, **follow)
    result = report(world)
    nights = row(result, "nights_incarcerated", "m6")
    assert nights.result.change == pytest.approx(-6.0)
    assert nights.sources == {"gpra jail_nights": 2}
    employed = row(result, "employed", "m6").result
    assert (employed.baseline, employed.follow_up, employed.became_yes) == (0.5, 1.0, 1)
    assert employed.change == pytest.approx(0.5)
    assert employed.test == "McNemar exact"
    # No change at all in days of alcohol use: the interval is the difference itself.
    alcohol = row(result, "alcohol_days", "m6").result
    assert (alcohol.change, alcohol.ci_low, alcohol.p_value) == (-6.0, -6.0, None)


def _event(world, person, kind, on, **extra):
    return OutcomeEvent.objects.create(
        participant=person,
        episode=person.episodes.get(),
        kind=kind,
        occurred_on=on,
        source="court_record",
        recorded_by=world.user("supervisor"),
        **extra,
    )


def test_arrests_and_nights_from_events_when_no_interview_gives_them(world):
    for name, arrests in (("Lima", 2), ("Mike", 1)):
        person = enrolled(world, name)
        for n in range(arrests):
            _event(world, person, "arrest", ENROLLED - dt.timedelta(days=5 + n))
        _event(
            world,
            person,
            "incarceration",
            ENROLLED - dt.timedelta(days=20),
            ended_on=ENROLLED - dt.timedelta(days=5),
            nights=15,
        )
        phq9_total(world, person, 5, ENROLLED)
        phq9_total(world, person, 4, months(6))  # gives the 6-month day
    voided = _event(world, person, "arrest", months(6, -3))
    voided.voided_at = voided.created_at
    voided.save()
    result = report(world)
    arrests = row(result, "arrests", "m6")
    assert arrests.result.baseline == pytest.approx(1.5)
    assert arrests.result.follow_up == 0  # the voided arrest is not counted
    assert arrests.sources == {"outcome events (arrests, 30 days before)": 2}
    nights = row(result, "nights_incarcerated", "m6")
    assert (nights.result.baseline, nights.result.change) == (15.0, -15.0)
    # The world's own people have no 6-month administration: no follow-up day, no value.
    assert arrests.with_follow_up == 2


def test_report_runs_a_constant_number_of_queries(world, cohort):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report(world)  # the user's scope is read once and kept
    with CaptureQueriesContext(connection) as few:
        report(world)
    for name in ("November", "Oscar", "Papa"):
        person = enrolled(world, name)
        phq9_total(world, person, 9, ENROLLED)
        phq9_total(world, person, 7, months(6))
        _event(world, person, "arrest", ENROLLED - dt.timedelta(days=2))
    with CaptureQueriesContext(connection) as many:
        result = report(world)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert row(result, "phq9", "m6").result.n == 5
