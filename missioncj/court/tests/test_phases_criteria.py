"""Phase criteria: the pure arithmetic (boundaries, resets, properties) and the loader (the same
answer from the database, in a constant number of queries)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from missioncj.court.phase_criteria import ResultRow, evaluate, phase_status, phase_statuses
from missioncj.court.services.phase_moves import demote, promote, record_task
from missioncj.court.services.responses import record_response
from missioncj.court.tests.phases_helpers import (
    ENROLLED,
    attend,
    drug_test,
    easy_phase_one,
    episode_of,
    start,
    with_defaults,
)
from missioncj.participants.models import Episode

D0 = dt.date(2026, 1, 5)


def rules(**values: Any) -> SimpleNamespace:
    base = {
        "number": 1,
        "min_days": 0,
        "negative_days": 0,
        "attendance_percent": 0,
        "no_sanctions_days": 0,
        "tasks": [],
    }
    return SimpleNamespace(**{**base, **values})


def status_on(phase: Any, today: dt.date, **kw: Any) -> Any:
    return evaluate(phase=phase, entered_on=D0, enrolled_on=D0, today=today, **kw)


def by_key(status: Any) -> dict[str, Any]:
    return {c.key: c for c in status.criteria}


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


# --- time in phase ------------------------------------------------------------------------------


def test_exactly_min_days_is_met_one_day_short_is_not():
    phase = rules(min_days=112)
    short = by_key(status_on(phase, day(111)))["days"]
    exact = by_key(status_on(phase, day(112)))["days"]
    assert (short.status, short.figures) == ("not_met", "111 of 112 days in the phase")
    assert (exact.status, exact.figures) == ("met", "112 days in the phase (112 needed)")


def test_zero_means_not_a_criterion_and_everything_zero_is_ready():
    status = status_on(rules(), day(3))
    assert {c.status for c in status.criteria} == {"not_a_criterion"}
    assert status.ready and status.unmet == []


# --- clean time ---------------------------------------------------------------------------------


def test_exactly_n_clean_days_meets_the_criterion():
    phase = rules(negative_days=60)
    tests = [ResultRow(day(0), "negative")]
    # sobriety counts the start day: day 59 is the 60th clean day
    assert by_key(status_on(phase, day(58), tests=tests))["clean"].figures == (
        "59 of 60 clean days"
    )
    met = by_key(status_on(phase, day(59), tests=tests))["clean"]
    assert (met.status, met.figures) == ("met", "60 clean days (60 needed)")


def test_a_positive_test_resets_the_clean_run():
    phase = rules(negative_days=30)
    tests = [ResultRow(day(d), "negative") for d in range(0, 50, 3)]
    before = by_key(status_on(phase, day(40), tests=tests))["clean"]
    assert before.met
    tests.append(ResultRow(day(41), "positive"))
    after = by_key(status_on(phase, day(45), tests=tests))["clean"]
    assert after.status == "not_met"
    assert after.figures.startswith("4 of 30 clean days")
    assert "last positive, missed or refused test 15 Feb 2026" in after.figures


def test_a_missed_test_counts_as_positive_an_excused_one_does_not():
    phase = rules(negative_days=10)
    base = [ResultRow(day(0), "negative")]
    missed = by_key(status_on(phase, day(20), tests=[*base, ResultRow(day(18), "missed")]))
    excused = by_key(status_on(phase, day(20), tests=[*base, ResultRow(day(18), "excused")]))
    assert missed["clean"].status == "not_met" and missed["clean"].figures.startswith("2 of 10")
    assert excused["clean"].met


def test_no_tests_at_all_is_not_met_with_words():
    phase = rules(negative_days=30)
    clean = by_key(status_on(phase, day(200)))["clean"]
    assert clean.status == "not_met"
    assert clean.figures == "no test results yet (30 clean days needed)"
    # only pending results: still no result on record
    pending = by_key(status_on(phase, day(200), tests=[ResultRow(day(5), "pending")]))["clean"]
    assert pending.status == "not_met"


def test_tests_after_the_evaluation_day_are_ignored():
    phase = rules(negative_days=5)
    tests = [ResultRow(day(0), "negative"), ResultRow(day(30), "positive")]
    assert by_key(status_on(phase, day(10), tests=tests))["clean"].met


# --- attendance, sanctions, tasks ---------------------------------------------------------------


def test_attendance_percent_boundary_and_no_sessions():
    phase = rules(attendance_percent=90)
    exact = by_key(status_on(phase, day(5), attended=9, recorded=10))["attendance"]
    below = by_key(status_on(phase, day(5), attended=17, recorded=19))["attendance"]
    none = by_key(status_on(phase, day(5)))["attendance"]
    assert exact.met and exact.figures == ("90% of group sessions attended (9 of 10; 90% needed)")
    assert below.status == "not_met" and below.figures.startswith("89%")
    assert none.status == "not_met" and "no group sessions recorded" in none.figures


def test_days_since_last_sanction_or_since_enrollment():
    phase = rules(no_sanctions_days=30)
    never = by_key(status_on(phase, day(30)))["sanctions"]
    recent = by_key(status_on(phase, day(30), last_sanction=day(10)))["sanctions"]
    assert never.met and "none since enrollment" in never.figures
    assert recent.status == "not_met"
    assert recent.figures == "20 of 30 days without a sanction; last sanction 15 Jan 2026"
    assert by_key(status_on(phase, day(40), last_sanction=day(10)))["sanctions"].met


def test_tasks_listed_must_all_be_done_case_insensitively():
    phase = rules(tasks=["State ID obtained", "Sponsor named"])
    some = by_key(status_on(phase, day(1), tasks_done=["state id obtained"]))["tasks"]
    assert some.status == "not_met"
    assert some.figures == "1 of 2 tasks done; still to do: Sponsor named"
    done = by_key(status_on(phase, day(1), tasks_done=["State ID obtained", "Sponsor named"]))
    assert done["tasks"].met


# --- properties ---------------------------------------------------------------------------------


@given(
    min_days=st.integers(0, 400),
    elapsed=st.integers(0, 400),
    outcomes=st.lists(
        st.sampled_from(["negative", "positive", "missed", "refused", "excused", "pending"]),
        max_size=40,
    ),
    needed=st.integers(0, 200),
)
def test_ready_exactly_when_every_counted_criterion_is_met(min_days, elapsed, outcomes, needed):
    phase = rules(min_days=min_days, negative_days=needed)
    tests = [ResultRow(day(i * 3), o) for i, o in enumerate(outcomes)]
    status = status_on(phase, day(elapsed), tests=tests)
    days = by_key(status)["days"]
    assert days.met == (min_days == 0 or elapsed >= min_days) or not days.counts
    assert status.ready == all(c.met for c in status.criteria if c.counts)
    # The clean run never exceeds the days since enrollment (+1 for the start day).
    clean = by_key(status)["clean"]
    if clean.counts and clean.met:
        assert needed <= elapsed + 1


@given(st.lists(st.sampled_from(["negative", "positive", "missed"]), min_size=1, max_size=30))
def test_a_bad_test_on_the_last_day_always_breaks_clean_time(outcomes):
    phase = rules(negative_days=1)
    tests = [ResultRow(day(i), o) for i, o in enumerate(outcomes)]
    last = len(outcomes) - 1
    clean = by_key(status_on(phase, day(last), tests=tests))["clean"]
    assert clean.met == (outcomes[-1] == "negative")


# --- the loader ---------------------------------------------------------------------------------


def test_loader_reads_tests_attendance_sanctions_and_tasks(world, court):
    with_defaults(world, court)
    easy_phase_one(
        court,
        attendance_percent=75,
        no_sanctions_days=10,
        tasks=["Orientation completed"],
    )
    start(world, court)
    episode = episode_of(world.north_person)
    casemanager = world.user("casemanager")
    for d in range(6, 40, 4):
        when = ENROLLED + dt.timedelta(days=d - 5)
        drug_test(episode, when, "negative")
    attend(episode, dt.date(2026, 9, 8), "present", 1)
    attend(episode, dt.date(2026, 9, 15), "absent", 2)
    attend(episode, dt.date(2026, 9, 22), "makeup", 3)
    attend(episode, dt.date(2026, 9, 29), "excused", 4)
    attend(episode, dt.date(2026, 8, 29), "absent", 5)  # before the phase: not counted
    record_response(
        actor=casemanager,
        episode=episode,
        kind="sanction",
        behaviour="Missed a test",
        response="Essay",
        magnitude="low",
        decided_on=dt.date(2026, 9, 20),
        decided_by="Hon. R. Ortiz",
    )
    on = dt.date(2026, 10, 10)
    status = phase_status(episode, on=on)
    assert status is not None
    got = by_key(status)
    assert got["days"].figures == "35 days in the phase (30 needed)"
    assert got["clean"].figures == "36 clean days (20 needed)"
    assert got["attendance"].figures == "66% of group sessions attended (2 of 3; 75% needed)"
    assert got["sanctions"].figures.startswith("20 days without a sanction (10 needed)")
    assert got["tasks"].status == "not_met"
    assert [c.key for c in status.unmet] == ["attendance", "tasks"]
    record_task(actor=casemanager, episode=episode, task="Orientation completed", done_on=on)
    attend(episode, dt.date(2026, 10, 6), "present", 6)
    again = phase_status(episode, on=on)
    assert again is not None and again.ready and again.next_number == 2


def test_demotion_restarts_days_in_phase(world, court):
    with_defaults(world, court)
    easy_phase_one(court, negative_days=0)
    start(world, court)
    episode = episode_of(world.north_person)
    user = world.user("casemanager")
    promote(actor=user, episode=episode, on=dt.date(2026, 10, 10), decided_by="Judge")
    moved = phase_status(episode, on=dt.date(2026, 10, 20))
    assert moved is not None and (moved.phase.number, moved.days_in_phase) == (2, 10)
    demote(
        actor=user,
        episode=episode,
        to_number=1,
        on=dt.date(2026, 10, 25),
        decided_by="Judge",
        reason="Relapse",
    )
    back = phase_status(episode, on=dt.date(2026, 10, 27))
    assert back is not None and (back.phase.number, back.days_in_phase) == (1, 2)
    assert by_key(back)["days"].figures == "2 of 30 days in the phase"


def _busy(world: Any, court: Any, names: list[str]) -> list[Episode]:
    from missioncj.conftest import make_participant

    director = world.user("director")
    episodes = []
    for name in names:
        person = make_participant(director, world.drug, world.north, name)
        episodes.append(episode_of(person))
    for n, episode in enumerate(episodes):
        start(world, court, episode.participant, actor=director)
        for d in range(6, 30, 5):
            drug_test(episode, dt.date(2026, 9, d), "negative" if d % 2 else "positive")
        attend(episode, dt.date(2026, 9, 10 + n % 5), "present", 1 + n)
    return episodes


def test_loader_queries_do_not_grow_with_episodes(world, court):
    with_defaults(world, court)
    few = _busy(world, court, ["Loader0"])
    with CaptureQueriesContext(connection) as small:
        phase_statuses(few)
    many = few + _busy(world, court, [f"Loader{i}" for i in range(1, 8)])
    with CaptureQueriesContext(connection) as large:
        result = phase_statuses(many)
    assert len(result) == len(many) == 8
    assert len(large.captured_queries) == len(small.captured_queries) <= 6


def test_not_started_episodes_have_no_status(world, court):
    with_defaults(world, court)
    assert phase_statuses([episode_of(world.north_person)]) == {}
    assert episode_of(world.north_person).enrolled_date == ENROLLED
