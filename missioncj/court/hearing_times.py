"""Local court times and the UTC instants they mean, with daylight-saving gaps and folds found
by a round trip through UTC (never silently shifted), and the dates of a weekly series."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

SERIES_HORIZON_WEEKS = 26


@dataclass(frozen=True)
class LocalProblem:
    """A local date and time that does not name exactly one instant in the zone."""

    day: dt.date
    time: dt.time
    kind: str  # "gap" (does not exist) or "fold" (happens twice)
    earlier: str  # zone abbreviation of the first reading (EDT), or before the gap
    later: str  # of the second reading (EST), or after the gap

    @property
    def words(self) -> str:
        return f"{self.time:%H:%M} on {fmt_day(self.day)}"

    def message(self, zone_name: str) -> str:
        if self.kind == "gap":
            return (
                f"{self.words} does not exist in {zone_name}: the clocks go forward that night "
                f"({self.earlier} to {self.later}). Choose another time."
            )
        return (
            f"{self.words} happens twice in {zone_name}: the clocks go back that night. "
            f"Say which: earlier ({self.earlier}) or later ({self.later})."
        )


def fmt_day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def problem_at(day: dt.date, time: dt.time, zone: zoneinfo.ZoneInfo) -> LocalProblem | None:
    naive = dt.datetime.combine(day, time.replace(tzinfo=None, fold=0))
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    first_utc = first.astimezone(dt.UTC)
    second_utc = second.astimezone(dt.UTC)
    names = (first.tzname() or "", second.tzname() or "")
    if first_utc.astimezone(zone).replace(tzinfo=None) != naive:
        # Round trip lands elsewhere: the wall-clock time was skipped.
        return LocalProblem(day, time, "gap", names[0], names[1])
    if first_utc != second_utc:
        return LocalProblem(day, time, "fold", names[0], names[1])
    return None


def to_utc(
    day: dt.date, time: dt.time, zone: zoneinfo.ZoneInfo, fold: int | None = None
) -> dt.datetime:
    """The UTC instant of a local date and time; raises ValueError(problem) when the time does
    not exist, or happens twice and `fold` (0 first, 1 second) does not say which."""
    problem = problem_at(day, time, zone)
    if problem is not None and (problem.kind == "gap" or fold not in (0, 1)):
        raise LocalTimeError(problem)
    naive = dt.datetime.combine(day, time.replace(tzinfo=None, fold=0))
    return naive.replace(tzinfo=zone, fold=fold or 0).astimezone(dt.UTC)


class LocalTimeError(ValueError):
    def __init__(self, problem: LocalProblem) -> None:
        super().__init__(problem.kind)
        self.problem = problem


def series_dates(
    weekday: int, every_weeks: int, starts_on: dt.date, until: dt.date
) -> list[dt.date]:
    """Every `every_weeks` weeks on `weekday`, from the first such day on or after `starts_on`
    through `until`."""
    first = starts_on + dt.timedelta(days=(weekday - starts_on.weekday()) % 7)
    out = []
    day = first
    while day <= until:
        out.append(day)
        day += dt.timedelta(weeks=every_weeks)
    return out


def series_until(starts_on: dt.date, ends_on: dt.date | None, today: dt.date) -> dt.date:
    """How far a series is laid out: its end, but never more than the horizon past today (or
    past its start, for a series that starts later)."""
    horizon = max(starts_on, today) + dt.timedelta(weeks=SERIES_HORIZON_WEEKS)
    return min(ends_on, horizon) if ends_on else horizon
