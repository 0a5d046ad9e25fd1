"""Sobriety from test outcomes: the current run of clean days, the longest run of negative
tests, days since the last positive. A missed or refused test counts as positive (the usual
treatment-court rule); an excused or pending one counts as neither; a dilute specimen's outcome
is what the results say, an adulterated or substituted one is invalid and counts as positive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

NOT_CLEAN = frozenset({"positive", "missed", "refused", "invalid"})
NEUTRAL = frozenset({"pending", "excused"})


@dataclass(frozen=True)
class Sobriety:
    clean_since: dt.date | None  # the day after the last non-clean test (or the start)
    clean_days: int  # days from clean_since to today
    longest_negative_run: int  # most negative tests in a row
    last_positive: dt.date | None
    days_since_positive: int | None
    tests: int
    positives: int  # positive, missed, refused or invalid


def sobriety(tests: Iterable[Any], start: dt.date, today: dt.date) -> Sobriety:
    """`tests` have `local_date` and `outcome`; `start` is when the count begins (enrollment)."""
    ordered = sorted((t for t in tests if t.local_date <= today), key=lambda t: t.local_date)
    run = longest = positives = 0
    last_bad: dt.date | None = None
    for test in ordered:
        if test.outcome in NEUTRAL:
            continue
        if test.outcome in NOT_CLEAN:
            positives += 1
            run = 0
            last_bad = test.local_date
        else:
            run += 1
            longest = max(longest, run)
    clean_since = last_bad + dt.timedelta(days=1) if last_bad else start
    return Sobriety(
        clean_since=clean_since,
        clean_days=max(0, (today - clean_since).days + 1) if clean_since <= today else 0,
        longest_negative_run=longest,
        last_positive=last_bad,
        days_since_positive=(today - last_bad).days if last_bad else None,
        tests=sum(1 for t in ordered if t.outcome not in NEUTRAL),
        positives=positives,
    )
