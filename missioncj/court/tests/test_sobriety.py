"""Sobriety arithmetic: runs, clean days, missed and refused count against, excused and
pending count as nothing."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from missioncj.court.sobriety import sobriety

D = dt.date


def t(day: int, outcome: str) -> SimpleNamespace:
    return SimpleNamespace(local_date=D(2026, 3, day), outcome=outcome)


def test_runs_and_clean_days():
    tests = [
        t(2, "negative"),
        t(4, "negative"),
        t(6, "positive"),
        t(9, "negative"),
        t(11, "excused"),  # neither breaks nor extends a run
        t(12, "negative"),
        t(14, "negative"),
        t(16, "pending"),
    ]
    s = sobriety(tests, start=D(2026, 3, 1), today=D(2026, 3, 20))
    assert s.longest_negative_run == 3
    assert (s.last_positive, s.clean_since, s.clean_days) == (D(2026, 3, 6), D(2026, 3, 7), 14)
    assert (s.days_since_positive, s.tests, s.positives) == (14, 6, 1)


def test_missed_refused_and_invalid_break_the_run():
    for outcome in ("missed", "refused", "invalid"):
        s = sobriety([t(2, "negative"), t(5, outcome)], start=D(2026, 3, 1), today=D(2026, 3, 5))
        assert (s.positives, s.clean_days, s.last_positive) == (1, 0, D(2026, 3, 5))


def test_no_tests_counts_from_the_start_and_ignores_the_future():
    s = sobriety([t(25, "positive")], start=D(2026, 3, 1), today=D(2026, 3, 10))
    assert (s.clean_since, s.clean_days, s.tests, s.last_positive) == (D(2026, 3, 1), 10, 0, None)
