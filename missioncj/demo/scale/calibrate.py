"""Rates and adoption dates that make the expected volumes the scale's targets.

Contacts: a weekly rate per CTI phase (transition most, transfer least) times each person's
engagement, scaled by one factor so the expected total is the target. Referrals likewise, per
month enrolled.

The court calendar (with court phases), random testing and assessment schedules: some programs
keep them in missioncj from their first day, others use another system (a lab's portal, the
court's own docket). Programs take them up in a seeded random order, program 0 (the report
program) first, until the expected count reaches the target; the last one to take it up does
so part-way through its life, from the day that lands on the target.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from missioncj.demo.scale.plan import DAY, EpisodePlan, ProgramPlan
from missioncj.demo.scale.spec import ScaleSpec
from missioncj.demo.scale.timeline import HEARING_EVERY, TESTS_PER_WEEK, cti_segments, phase_on

ON_TIME = 0.86  # share of assessment timepoints given inside their window
FUTURE_WEEKS = 6  # hearings already on the calendar ahead of today
DEFAULT_TESTS = 2.0  # per week without court phases
# (months after enrolment the window opens, instruments): the MISSION-CJ profile's follow-ups
MISSION_TIMEPOINTS = [(2, 3), (5, 5), (11, 5)]
BASELINE_INSTRUMENTS = 5


@dataclass
class Calibration:
    contact_rate: float = 1.0  # contacts a week at weight 1 and engagement 1
    referral_rate: float = 0.0  # referrals a month of enrolment at engagement 1


Segments = list[tuple[dt.date, dt.date, float]]


def _phase_segments(episode: EpisodePlan, today: dt.date, per: Callable[[int], float]) -> Segments:
    assert episode.enrolled is not None
    end = episode.last_day(today)
    moves = episode.moves
    if not moves:
        return [(episode.enrolled, end, per(0))]
    out = []
    for index, move in enumerate(moves):
        last = (moves[index + 1].on - DAY) if index + 1 < len(moves) else end
        if move.on <= last:
            out.append((move.on, min(last, end), per(phase_on(moves, move.on))))
    return out


def _count(
    program: ProgramPlan,
    start: dt.date,
    segments_of: Callable[[EpisodePlan], Segments],
    today: dt.date,
) -> float:
    total = 0.0
    for person in program.people:
        if person.heavy:
            continue
        for episode in person.episodes:
            if episode.enrolled is None:
                continue
            for first, last, rate in segments_of(episode):
                begin = max(first, start)
                if begin <= last:
                    total += ((last - begin).days + 1) * rate
    return total


def _adopt(
    programs: list[ProgramPlan],
    order: list[ProgramPlan],
    target: float,
    expected: Callable[[ProgramPlan, dt.date], float],
    today: dt.date,
) -> dict[int, dt.date]:
    """program index -> the day it took the module up (programs left out never did)."""
    out: dict[int, dt.date] = {}
    total = 0.0
    for program in order:
        if total >= target and program.index != 0:
            break
        full = expected(program, program.opened)
        if total + full <= target or program.index == 0:
            out[program.index], total = program.opened, total + full
            continue
        low, high = program.opened, today
        while (high - low).days > 3:
            middle = low + (high - low) / 2
            if total + expected(program, middle) > target:
                low = middle
            else:
                high = middle
        out[program.index] = high
        total = target
    return out


def calibrate(
    programs: list[ProgramPlan], spec: ScaleSpec, today: dt.date, rng: random.Random
) -> Calibration:
    result = Calibration()
    exposure = months = 0.0
    for program in programs:
        for person in program.people:
            if person.heavy:
                continue
            for episode in person.episodes:
                for first, last, weight in cti_segments(program, episode, today):
                    exposure += ((last - first).days + 1) / 7 * weight * person.engagement
                if episode.enrolled is not None:
                    days = (episode.last_day(today) - episode.enrolled).days + 1
                    months += max(0, days) / 30.4 * person.engagement
    result.contact_rate = (spec.contacts - spec.heavy_contacts) / max(exposure, 1.0)
    result.referral_rate = spec.referrals / max(months, 1.0)

    def order() -> list[ProgramPlan]:
        rest = programs[1:]
        return [programs[0], *rng.sample(rest, len(rest))]

    def docket(episode: EpisodePlan) -> Segments:
        return _phase_segments(episode, today, lambda n: 2 / HEARING_EVERY[n] if n else 0.0)

    def tests(episode: EpisodePlan) -> Segments:
        return _phase_segments(
            episode, today, lambda n: float(TESTS_PER_WEEK[n]) / 7 if n else DEFAULT_TESTS / 7
        )

    calendar = _adopt(
        programs,
        [p for p in order() if p.has_calendar],
        spec.docket_entries - spec.heavy_hearings,
        lambda p, day: _count(p, day, docket, today),
        today,
    )
    for program in programs:
        program.calendar_since = calendar.get(program.index)
        if program.calendar_since is None:  # phases are kept with the court calendar
            for person in program.people:
                for episode in person.episodes:
                    episode.moves = []
    testing = _adopt(
        programs,
        order(),
        spec.drug_tests - spec.heavy_tests,
        lambda p, day: _count(p, day, tests, today),
        today,
    )
    assessments = _adopt(
        programs,
        order(),
        spec.administrations,
        lambda p, day: (
            ON_TIME
            * sum(
                expected_administrations(p, e, day, today)
                for person in p.people
                for e in person.episodes
                if e.enrolled is not None
            )
        ),
        today,
    )
    for program in programs:
        program.testing_since = testing.get(program.index)
        program.assessments_since = assessments.get(program.index)
    return result


def months_after(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28))


def expected_administrations(
    program: ProgramPlan, episode: EpisodePlan, start: dt.date, today: dt.date
) -> float:
    """Instruments due in the schedules' windows that open on or after `start`."""
    assert episode.enrolled is not None
    end = episode.last_day(today)
    total = 0.0
    if episode.enrolled >= start:
        total += BASELINE_INSTRUMENTS + (1 if program.gpra else 0)
    for months, count in MISSION_TIMEPOINTS:
        opens = months_after(episode.enrolled, months)
        if start <= opens <= end:
            total += count
    if program.gpra:
        opens = months_after(episode.enrolled, 5)
        if start <= opens < today:
            total += 1
    if episode.closed and episode.status == "discharged" and episode.closed >= start:
        total += BASELINE_INSTRUMENTS + (1 if program.gpra else 0)
    return total
