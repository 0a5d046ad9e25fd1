"""The rules of a drug or alcohol test that are arithmetic: its outcome from status, validity and
analyte results, and its flags (slow collection after notice, slow result).

Windows (docs/court.md, "Drug and alcohol tests"): a specimen is due within 8 hours of notice,
4 hours for short-window tests such as oral fluid (domain.md §4.4); results within 48 hours is a
commonly cited benchmark that is not verified in the current standard text (domain.md §4.4,
UNVERIFIED). Durations are real elapsed time (UTC), so a DST change neither adds nor removes an
hour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from missioncj.court.models import AnalyteOutcome, Confirmation, Outcome, TestStatus, Validity

# domain.md §4.4: specimens within 8 hours of notice, 4 hours for short-window tests.
NOTICE_WINDOW = dt.timedelta(hours=8)
SHORT_NOTICE_WINDOW = dt.timedelta(hours=4)
SHORT_WINDOW_SPECIMENS = frozenset({"oral_fluid", "breath"})
# domain.md §4.4: results within 48 hours (a commonly cited benchmark, UNVERIFIED).
TURNAROUND_BENCHMARK = dt.timedelta(hours=48)

_CLOSED = {
    TestStatus.MISSED: Outcome.MISSED,
    TestStatus.REFUSED: Outcome.REFUSED,
    TestStatus.EXCUSED: Outcome.EXCUSED,
}


def analyte_counts_positive(result: str, confirmation: str) -> bool:
    """Positive, confirmed or not yet sent / still pending; a "not confirmed" confirmation makes
    it negative; a prescribed medication does not count."""
    return result == AnalyteOutcome.POSITIVE and confirmation != Confirmation.NOT_CONFIRMED


def outcome_of(
    status: str, validity: str, resulted_at: dt.datetime | None, results: Iterable[Any]
) -> str:
    """The one outcome function: `results` have `result` and `confirmation`."""
    if status in _CLOSED:
        return _CLOSED[TestStatus(status)]
    if status != TestStatus.COLLECTED or resulted_at is None:
        return Outcome.PENDING
    if validity in (Validity.ADULTERATED, Validity.SUBSTITUTED):
        return Outcome.INVALID
    if any(analyte_counts_positive(r.result, r.confirmation) for r in results):
        return Outcome.POSITIVE
    return Outcome.NEGATIVE


def elapsed(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """Real time between two aware datetimes (subtracting in UTC: Python subtracts wall-clock
    times when both share a tzinfo, which is wrong across a DST change)."""
    return end.astimezone(dt.UTC) - start.astimezone(dt.UTC)


def duration_words(span: dt.timedelta) -> str:
    """9 h 20 min; 2 d 3 h; 8 h 0 min 1 s (seconds only when there are some)."""
    seconds = int(span.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" + (f" {minutes} min" if minutes else "")
    words = f"{hours} h {minutes} min"
    return words + (f" {secs} s" if secs else "")


def notice_window(specimen: str) -> dt.timedelta:
    return SHORT_NOTICE_WINDOW if specimen in SHORT_WINDOW_SPECIMENS else NOTICE_WINDOW


def turnaround(test: Any) -> dt.timedelta | None:
    if test.collected_at is None or test.resulted_at is None:
        return None
    return elapsed(test.collected_at, test.resulted_at)


def flags(test: Any) -> list[str]:
    """What is out of line with the standard on this test (words for the page and the API)."""
    out: list[str] = []
    if test.notified_at is not None and test.collected_at is not None:
        took = elapsed(test.notified_at, test.collected_at)
        window = notice_window(test.specimen)
        if took > window:
            hours = int(window.total_seconds() // 3600)
            out.append(
                f"collected {duration_words(took)} after notice — over the {hours}-hour window"
            )
    result_took = turnaround(test)
    if result_took is not None and result_took > TURNAROUND_BENCHMARK:
        hours = int(TURNAROUND_BENCHMARK.total_seconds() // 3600)
        words = duration_words(result_took)
        out.append(f"result {words} after collection — over the {hours}-hour benchmark")
    return out
