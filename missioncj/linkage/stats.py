"""Closed-loop arithmetic: time from referral to first attendance, and when a referral is
stuck. Pure functions over dates; the database queries are in `queries.py`."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class LinkageSummary:
    linked: int  # referrals with a first attendance
    waiting: int  # still open and never attended
    median_days: float | None
    mean_days: float | None


def days_to_attendance(referred_on: dt.date, first_attended_on: dt.date | None) -> int | None:
    """Calendar days from the referral to the first attendance (0 = the same day)."""
    if first_attended_on is None:
        return None
    return (first_attended_on - referred_on).days


def summarise(days: Iterable[int | None], waiting: int) -> LinkageSummary:
    linked = [d for d in days if d is not None]
    if not linked:
        return LinkageSummary(0, waiting, None, None)
    return LinkageSummary(
        linked=len(linked),
        waiting=waiting,
        median_days=float(statistics.median(linked)),
        mean_days=round(statistics.fmean(linked), 1),
    )


def days_in_status(status_on: dt.date, today: dt.date) -> int:
    return (today - status_on).days


def stuck_since(
    status: str, status_on: dt.date, today: dt.date, limits: Mapping[str, int | None]
) -> dt.date | None:
    """The day a referral became stuck (it has sat in its status *longer* than the limit: on
    day N it is still fine, on day N+1 it is stuck), or None when it is not stuck."""
    limit = limits.get(status)
    if limit is None:
        return None
    due = status_on + dt.timedelta(days=limit + 1)
    return due if today >= due else None
