"""Random call-in days from a secret seed (pure arithmetic, no database).

Each ISO week's days come from HMAC-SHA256(seed, "2026-W45"): the digest orders the seven days
(Monday to Sunday, weekends and holidays included) and the first `count` are the call days. The
same seed always gives the same days, so staff can reproduce a schedule; without the seed the
days cannot be predicted, and each week is drawn independently of every other.

The count per week follows the phase's `tests_per_week`. A whole rate gives exactly that many
every week. A fractional rate is met exactly over a block of weeks (1.5 a week: 3 in every
aligned two weeks; 1.2 a week: 6 in every five weeks): each week of the block gets the whole
part, and HMAC-SHA256(seed, block) picks which weeks of the block get one more.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction

# Weeks are numbered from this Monday, so blocks of weeks line up the same way for everyone.
EPOCH_MONDAY = dt.date(2001, 1, 1)
DAYS = 7
MAX_PER_WEEK = 7

Rate = Decimal | Fraction | int | float


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_label(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _digest(seed: str, message: str) -> bytes:
    return hmac.new(bytes.fromhex(seed), message.encode(), hashlib.sha256).digest()


def _order(seed: str, message: str, size: int) -> list[int]:
    """0..size-1 in the order HMAC(seed, message) gives them (a uniform shuffle: each position
    gets a 4-byte key from the digest, ties broken by position)."""
    digest = _digest(seed, message)
    while len(digest) < 4 * size:
        digest += _digest(seed, f"{message}#{len(digest)}")
    keys = [int.from_bytes(digest[4 * i : 4 * i + 4], "big") for i in range(size)]
    return sorted(range(size), key=lambda i: (keys[i], i))


def _fraction(rate: Rate) -> Fraction:
    value = Fraction(str(rate)) if not isinstance(rate, Fraction) else rate
    if value < 0 or value > MAX_PER_WEEK:
        raise ValueError(f"tests per week must be between 0 and {MAX_PER_WEEK}, not {rate}")
    return value


def block_weeks(rate: Rate) -> int:
    """How many weeks it takes for the rate to come to a whole number of tests."""
    return _fraction(rate).denominator


def week_count(seed: str, monday: dt.date, rate: Rate) -> int:
    """How many call days this week has at this rate."""
    value = _fraction(rate)
    whole = math.floor(value)
    weeks = value.denominator
    if weeks == 1:
        return whole
    extra = int((value - whole) * weeks)  # weeks of the block that get one more
    index = (monday - EPOCH_MONDAY).days // DAYS
    block, offset = divmod(index, weeks)
    chosen = _order(seed, f"block/{value}/{block}", weeks)[:extra]
    return whole + (1 if offset in chosen else 0)


def week_days(seed: str, monday: dt.date, count: int) -> list[dt.date]:
    """The week's call days, in date order."""
    offsets = _order(seed, week_label(monday), DAYS)[:count]
    return sorted(monday + dt.timedelta(days=offset) for offset in offsets)


def weeks_between(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    monday = monday_of(start)
    while monday <= end:
        yield monday
        monday += dt.timedelta(days=DAYS)


def call_days(
    seed: str, start: dt.date, end: dt.date, rate_for_week: Callable[[dt.date], Rate]
) -> list[dt.date]:
    """Every call day from start to end (both included); `rate_for_week(monday)` gives the
    tests per week in force that week."""
    days: list[dt.date] = []
    for monday in weeks_between(start, end):
        count = week_count(seed, monday, rate_for_week(monday))
        days.extend(d for d in week_days(seed, monday, count) if start <= d <= end)
    return days
