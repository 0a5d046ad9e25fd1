"""Critical Time Intervention phase arithmetic: pure functions, no database access.

Each enrolled episode moves through three phases — transition, try-out, transfer of care —
whose lengths (calendar months) and contact targets (one CTI contact every N days) come from the
program. Phase boundaries follow from the enrollment date by calendar months (a month end is
clamped: 31 Jan + 1 month = 28/29 Feb), unless staff moved a boundary (`CtiBoundaryMove`; the
newest move of a boundary wins, and a move shifts only that boundary).

Boundaries are numbered as in `CtiBoundary`: 1 = try-out start, 2 = transfer start, 3 = CTI end.
Phase end dates are exclusive: a phase covers `start <= day < end`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

PHASE_NAMES = {1: "Transition", 2: "Try-out", 3: "Transfer of care"}
BOUNDARY_NAMES = {1: "Start of try-out", 2: "Start of transfer of care", 3: "End of CTI"}
# What a contact block of N days is called in words ("1 of 1 this week").
PERIOD_WORDS = {7: "this week", 14: "this fortnight", 30: "this month", 31: "this month"}


class ProgramSettings(Protocol):
    cti_transition_months: int
    cti_tryout_months: int
    cti_transfer_months: int
    cti_transition_contact_days: int
    cti_tryout_contact_days: int
    cti_transfer_contact_days: int


@dataclass(frozen=True)
class Phase:
    number: int  # 1 transition, 2 try-out, 3 transfer of care
    name: str
    start: dt.date
    end: dt.date  # exclusive
    contact_every_days: int

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def length_days(self) -> int:
        return (self.end - self.start).days

    def contains(self, day: dt.date) -> bool:
        return self.start <= day < self.end


@dataclass(frozen=True)
class Period:
    """The current N-day block of a phase, counted from the phase start."""

    start: dt.date
    end: dt.date  # exclusive
    made: int
    target: int = 1

    @property
    def met(self) -> bool:
        return self.made >= self.target

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)


@dataclass(frozen=True)
class PhaseTally:
    phase: Phase
    made: int
    expected: int


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months later, clamped to the month end (31 Jan + 1 = 28 or 29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def phase_months(program: ProgramSettings) -> tuple[int, int, int]:
    return (
        program.cti_transition_months,
        program.cti_tryout_months,
        program.cti_transfer_months,
    )


def contact_days(program: ProgramSettings) -> tuple[int, int, int]:
    return (
        program.cti_transition_contact_days,
        program.cti_tryout_contact_days,
        program.cti_transfer_contact_days,
    )


def computed_boundaries(enrolled: dt.date, program: ProgramSettings) -> dict[int, dt.date]:
    """Boundaries 1 to 3 as the program's month lengths put them, each counted from enrollment
    (so month-end clamping never accumulates: 31 Jan + 2 months is 31 Mar, not 28 Mar)."""
    one, two, three = phase_months(program)
    return {
        1: add_months(enrolled, one),
        2: add_months(enrolled, one + two),
        3: add_months(enrolled, one + two + three),
    }


class MoveLike(Protocol):
    boundary: int
    new_date: dt.date


def newest_moves(moves: Iterable[Any]) -> dict[int, dt.date]:
    """Boundary → date, from moves given oldest first (the newest move of a boundary wins)."""
    out: dict[int, dt.date] = {}
    for move in moves:
        out[int(move.boundary)] = move.new_date
    return out


def boundaries(
    enrolled: dt.date, program: ProgramSettings, moved: Mapping[int, dt.date] | None = None
) -> dict[int, dt.date]:
    """Computed boundaries with staff moves applied. Each phase keeps at least one day: if
    program settings changed after a move so the order broke, a later boundary is pushed just
    past the one before it (the move service never stores a disorder itself)."""
    dates = computed_boundaries(enrolled, program)
    dates.update(moved or {})
    previous = enrolled
    for number in (1, 2, 3):
        if dates[number] <= previous:
            dates[number] = previous + dt.timedelta(days=1)
        previous = dates[number]
    return dates


def order_problem(enrolled: dt.date, dates: Mapping[int, dt.date]) -> str:
    """'' when enrollment < try-out start < transfer start < CTI end; else what is wrong."""
    previous, previous_name = enrolled, "enrollment"
    for number in (1, 2, 3):
        if dates[number] <= previous:
            return f"{BOUNDARY_NAMES[number]} must be after {previous_name} ({previous:%d %b %Y})."
        previous, previous_name = dates[number], BOUNDARY_NAMES[number].lower()
    return ""


def phases(
    enrolled: dt.date, program: ProgramSettings, moved: Mapping[int, dt.date] | None = None
) -> list[Phase]:
    """The three phases, contiguous: each starts where the one before ends."""
    dates = boundaries(enrolled, program, moved)
    starts = [enrolled, dates[1], dates[2]]
    ends = [dates[1], dates[2], dates[3]]
    every = contact_days(program)
    return [
        Phase(number, PHASE_NAMES[number], starts[i], ends[i], every[i])
        for i, number in enumerate((1, 2, 3))
    ]


def episode_phases(episode: Any, moves: Iterable[Any] = ()) -> list[Phase]:
    """Phases of an episode (moves oldest first); [] when it was never enrolled."""
    if episode.enrolled_date is None:
        return []
    return phases(episode.enrolled_date, episode.program, newest_moves(moves))


def phase_on(phase_list: list[Phase], day: dt.date) -> Phase | None:
    """The phase a local date falls in; None before enrollment or after CTI ends."""
    for phase in phase_list:
        if phase.contains(day):
            return phase
    return None


def is_active(episode: Any) -> bool:
    """Only an enrolled episode is in a phase (referred, screening, discharged are not)."""
    return str(episode.status) == "enrolled" and episode.enrolled_date is not None


def current_phase(episode: Any, phase_list: list[Phase], today: dt.date) -> Phase | None:
    if not is_active(episode):
        return None
    return phase_on(phase_list, today)


def local_date(moment: dt.datetime, zone: str | zoneinfo.ZoneInfo) -> dt.date:
    """The calendar date of a moment in a program's zone (the date staff see on the wall)."""
    if isinstance(zone, str):
        zone = zoneinfo.ZoneInfo(zone)
    return moment.astimezone(zone).date()


def days_left(phase: Phase, today: dt.date) -> int:
    """Days remaining in the phase, today included (1 on its last day)."""
    return max(0, (phase.end - today).days)


def period_bounds(phase: Phase, today: dt.date) -> tuple[dt.date, dt.date]:
    """The N-day block of the phase that contains today (clipped to the phase end)."""
    every = phase.contact_every_days
    index = max(0, (today - phase.start).days) // every
    start = phase.start + dt.timedelta(days=index * every)
    return start, min(start + dt.timedelta(days=every), phase.end)


def period(phase: Phase, today: dt.date, contact_days_: Iterable[dt.date]) -> Period:
    """Contacts made vs target (1) in the current block; contact dates are local dates."""
    start, end = period_bounds(phase, today)
    made = sum(1 for day in contact_days_ if start <= day < end)
    return Period(start, end, made)


def expected_contacts(phase: Phase, today: dt.date) -> int:
    """ceil(elapsed days / N): one contact for every N-day block begun (today counts)."""
    if today < phase.start:
        return 0
    elapsed = (min(today + dt.timedelta(days=1), phase.end) - phase.start).days
    return math.ceil(elapsed / phase.contact_every_days)


def tallies(
    phase_list: list[Phase], today: dt.date, contact_days_: Iterable[dt.date]
) -> list[PhaseTally]:
    """Per phase: CTI contacts made in it vs expected so far."""
    days = list(contact_days_)
    return [
        PhaseTally(
            phase,
            sum(1 for day in days if phase.start <= day < phase.end and day <= today),
            expected_contacts(phase, today),
        )
        for phase in phase_list
    ]


def period_words(every_days: int) -> str:
    return PERIOD_WORDS.get(every_days, f"in this {every_days}-day period")


def period_summary(phase: Phase, current: Period) -> str:
    """E.g. '1 of 1 this week — on track' or '0 of 1 this week — due by 12 Mar'."""
    head = f"{current.made} of {current.target} {period_words(phase.contact_every_days)}"
    if current.met:
        return f"{head} — on track"
    return f"{head} — due by {current.last_day.day} {current.last_day:%b}"
