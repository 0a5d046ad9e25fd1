"""The typed result of the court performance measures (see `outcomes.court_measures` and
docs/outcomes-court.md), and the small arithmetic they share: shares, medians and means that
are None, never a crash, when there is nothing to count."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from missioncj.court.response_stats import Ratio
from missioncj.programs.models import Program


@dataclass(frozen=True)
class Share:
    """`count` of `n`; the rate is a percentage to one decimal, None when n is 0."""

    count: int
    n: int

    @property
    def rate(self) -> float | None:
        return round(100 * self.count / self.n, 1) if self.n else None


@dataclass(frozen=True)
class Spread:
    """How many values, their median and mean (one decimal); None when there are none."""

    n: int
    median: float | None
    mean: float | None

    @classmethod
    def of(cls, values: Iterable[float]) -> Spread:
        found = list(values)
        if not found:
            return cls(0, None, None)
        return cls(
            len(found),
            round(float(statistics.median(found)), 1),
            round(statistics.fmean(found), 1),
        )


def per(count: float, divisor: float, scale: float = 1.0) -> float | None:
    """count / divisor * scale to two decimals; None when the divisor is 0."""
    return round(count * scale / divisor, 2) if divisor else None


@dataclass(frozen=True)
class Retention:
    months: int
    retained: Share  # of those whose anniversary is on or before the horizon


@dataclass(frozen=True)
class Sobriety:
    participants: int  # cohort members with at least one counted test
    mean_longest_run_tests: float | None
    mean_longest_run_days: float | None
    failed_tests: int
    mean_failed_tests: float | None  # per participant with a counted test
    participant_days: int  # days in program of every cohort member, to the horizon
    failed_per_30_days: float | None


@dataclass(frozen=True)
class RecidivismRow:
    kind: str
    label: str
    participants: Share  # with at least one such event in the window
    events: int


@dataclass(frozen=True)
class Recidivism:
    window: str  # "in_program", "1_year", "2_years", "3_years"
    label: str
    n: int  # participants observed for the whole window
    rows: list[RecidivismRow]


@dataclass(frozen=True)
class Units:
    participants: int
    contacts: int
    contact_hours: float
    by_component: list[tuple[str, str, int]]  # (code, label, signed contacts)
    groups_attended: int

    @property
    def contacts_per_participant(self) -> float | None:
        return per(self.contacts, self.participants)

    @property
    def groups_per_participant(self) -> float | None:
        return per(self.groups_attended, self.participants)


@dataclass(frozen=True)
class TimeTo:
    days: Spread
    within_30: Share
    not_yet: int = 0  # cohort members with no such day yet


@dataclass(frozen=True)
class Discharges:
    n: int
    by_reason: list[tuple[str, str, Share]]  # (reason, label, share of n)

    def share(self, reason: str) -> Share:
        return next((s for code, _, s in self.by_reason if code == reason), Share(0, self.n))

    @property
    def graduated(self) -> Share:
        return self.share("graduated")

    @property
    def terminated(self) -> Share:
        return self.share("terminated")


@dataclass(frozen=True)
class Testing:
    counted: int  # tests with an outcome other than pending or excused
    collected: int
    per_participant_week: float | None  # collected ÷ participant-weeks in program
    turnaround_hours: Spread
    positive: Share  # positive ÷ negative-or-positive results
    missed_or_refused: int


@dataclass(frozen=True)
class Hearings:
    appeared: int  # in person or remotely
    failed: int  # failures to appear
    excused: int
    not_recorded: int

    @property
    def attendance(self) -> Share:
        return Share(self.appeared, self.appeared + self.failed)


@dataclass(frozen=True)
class PhaseRow:
    court: str
    number: int
    name: str
    days: Spread  # completed stays
    open_stays: int  # stays still going at the horizon


@dataclass(frozen=True)
class CourtMeasures:
    program: Program
    start: dt.date
    end: dt.date
    horizon: dt.date  # the last day observed: the end of the period, or today if earlier
    court: Any
    team: Any
    cohort: int
    retention: list[Retention]
    sobriety: Sobriety
    recidivism: list[Recidivism]
    units: Units
    referral_to_enrollment: TimeTo
    enrollment_to_treatment: TimeTo
    discharges: Discharges
    responses: Ratio
    testing: Testing
    hearings: Hearings
    phases: list[PhaseRow] = field(default_factory=list)
