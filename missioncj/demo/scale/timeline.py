"""Per-episode timelines computed before writing: court phases, the hearings a participant is on,
and how intensely they are seen in each Critical Time Intervention phase.

Courts use the default phases (`court.phase_defaults`): phase N's minimum days, its tests per
week and how often the participant sees the judge follow from it. Promotions come at a status
hearing after the minimum time, later for riskier people; some are demoted after a relapse.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from missioncj.care import cti
from missioncj.court.phase_defaults import DEFAULT_PHASES
from missioncj.demo.scale.plan import DAY, EpisodePlan, PersonPlan, ProgramPlan

MIN_DAYS = {p["number"]: p["min_days"] for p in DEFAULT_PHASES}
TESTS_PER_WEEK = {p["number"]: p["tests_per_week"] for p in DEFAULT_PHASES}
HEARING_EVERY = {p["number"]: p["hearing_every_days"] for p in DEFAULT_PHASES}
LAST_PHASE = max(MIN_DAYS)
# Contacts a week in each CTI phase (transition, try-out, transfer of care) before calibration.
CTI_WEIGHT = {1: 1.0, 2: 0.55, 3: 0.3}
AFTER_CTI_WEIGHT = 0.2


@dataclass(frozen=True)
class Move:
    on: dt.date
    number: int
    kind: str  # start, promote, demote


class CtiSettings:
    """What `care.cti` reads from a program, for a planned program (thirds of its length)."""

    def __init__(self, program: ProgramPlan) -> None:
        third = max(1, round(program.length_months / 3))
        self.cti_transition_months = self.cti_tryout_months = self.cti_transfer_months = third
        self.cti_transition_contact_days = 7
        self.cti_tryout_contact_days = 14
        self.cti_transfer_contact_days = 30


def next_weekday(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def staffing_day(status_day: dt.date) -> dt.date:
    """Staffing meets the working day before the status hearing."""
    return status_day - dt.timedelta(days=3 if status_day.weekday() == 0 else 1)


def court_moves(
    rng: random.Random, person: PersonPlan, episode: EpisodePlan, today: dt.date
) -> list[Move]:
    """Start in phase 1 at enrolment, promotions at status hearings, demotions after relapses."""
    program = person.program
    if not program.has_calendar or episode.enrolled is None:
        return []
    end = episode.last_day(today)
    moves = [Move(episode.enrolled, 1, "start")]
    number, entered = 1, episode.enrolled
    while True:
        if number > 1 and rng.random() < person.risk * (0.6 if person.heavy else 0.25):
            on = next_weekday(
                entered + dt.timedelta(days=rng.randint(14, 60)), program.status_weekday
            )
            if on > end:
                break
            number, entered = number - 1, on
            moves.append(Move(on, number, "demote"))
            continue
        if number == LAST_PHASE:
            break
        wait = MIN_DAYS[number] + int(rng.expovariate(1 / (10 + 50 * person.risk)))
        on = next_weekday(entered + dt.timedelta(days=wait), program.status_weekday)
        if on > end:
            break
        number, entered = number + 1, on
        moves.append(Move(on, number, "promote"))
    return moves


def phase_on(moves: list[Move], day: dt.date) -> int:
    number = 1
    for move in moves:
        if move.on <= day:
            number = move.number
    return number


def status_days(program: ProgramPlan, start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = next_weekday(start, program.status_weekday)
    while day <= end:
        yield day
        day += dt.timedelta(weeks=1)


def hearing_dates(
    moves: list[Move], program: ProgramPlan, start: dt.date, end: dt.date, every: int | None = None
) -> list[dt.date]:
    """The status hearings a participant is on: every 14 or 28 days as their phase says."""
    out: list[dt.date] = []
    following: dt.date | None = None
    for day in status_days(program, start, end):
        if following is not None and day < following:
            continue
        out.append(day)
        following = day + dt.timedelta(days=every or HEARING_EVERY[phase_on(moves, day)])
    return out


def cti_segments(
    program: ProgramPlan, episode: EpisodePlan, today: dt.date
) -> list[tuple[dt.date, dt.date, float]]:
    """(first day, last day, weekly contact weight) over the enrolled stay; screening counts a
    little too."""
    if episode.enrolled is None:
        if episode.screening is None:
            return []
        return [(episode.screening, episode.last_day(today), 0.3)]
    end = episode.last_day(today)
    bounds = cti.computed_boundaries(episode.enrolled, CtiSettings(program))
    starts = [episode.enrolled, bounds[1], bounds[2], bounds[3]]
    out = []
    for number in (1, 2, 3, 4):
        first = starts[number - 1]
        last = (starts[number] - DAY) if number < 4 else end
        last = min(last, end)
        if first <= last:
            out.append((first, last, CTI_WEIGHT.get(number, AFTER_CTI_WEIGHT)))
    return out
