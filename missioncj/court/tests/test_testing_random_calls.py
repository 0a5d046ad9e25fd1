"""Random call-in days: exact frequency per week (or per block for a fractional rate), the same
seed gives the same days, different seeds differ, every weekday occurs with a fair share, and
weeks are drawn independently (property tests with hypothesis over many seeds)."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections import Counter, defaultdict
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from missioncj.court.random_calls import (
    EPOCH_MONDAY,
    block_weeks,
    call_days,
    monday_of,
    week_count,
    week_days,
    week_label,
)

seeds = st.binary(min_size=32, max_size=32).map(bytes.hex)
RATES = [Decimal(v) for v in ("0", "0.5", "1", "1.5", "2", "2.5", "3", "1.2", "4.3", "7")]
START = dt.date(2026, 1, 5)  # a Monday
TWO_YEARS = 104


def fixed_seed(index: int) -> str:
    return hashlib.sha256(f"seed {index}".encode()).hexdigest()


def by_week(days: list[dt.date]) -> dict[dt.date, list[dt.date]]:
    out: dict[dt.date, list[dt.date]] = defaultdict(list)
    for day in days:
        out[monday_of(day)].append(day)
    return out


def block_of(monday: dt.date, weeks: int) -> int:
    return ((monday - EPOCH_MONDAY).days // 7) // weeks


@settings(max_examples=150, deadline=None)
@given(seed=seeds, rate=st.sampled_from(RATES), offset=st.integers(0, 400))
def test_frequency_is_met_exactly_per_week_or_block(seed, rate, offset):
    weeks = block_weeks(rate)
    start = monday_of(START + dt.timedelta(weeks=offset))
    # start on a block boundary and cover whole blocks
    while block_of(start, weeks) == block_of(start - dt.timedelta(weeks=1), weeks):
        start -= dt.timedelta(weeks=1)
    end = start + dt.timedelta(weeks=weeks * 4) - dt.timedelta(days=1)
    days = call_days(seed, start, end, lambda monday: rate)
    assert len(days) == len(set(days))
    per_week = by_week(days)
    per_block: Counter[int] = Counter()
    for monday, chosen in per_week.items():
        assert len(chosen) in (int(rate), int(rate) + 1)
        per_block[block_of(monday, weeks)] += len(chosen)
    blocks = {block_of(start + dt.timedelta(weeks=w), weeks) for w in range(weeks * 4)}
    for block in blocks:
        assert per_block[block] == Fraction(str(rate)) * weeks, (rate, block)
    if weeks == 1:
        for w in range(4):
            monday = start + dt.timedelta(weeks=w)
            assert len(per_week.get(monday, [])) == rate


def test_one_and_a_half_is_three_in_every_two_weeks():
    seed = fixed_seed(1)
    counts = [
        week_count(seed, EPOCH_MONDAY + dt.timedelta(weeks=w), Decimal("1.5")) for w in range(200)
    ]
    pairs = [counts[i] + counts[i + 1] for i in range(0, 200, 2)]
    assert set(pairs) == {3}
    # which week of the pair gets the second test is not fixed
    assert {tuple(counts[i : i + 2]) for i in range(0, 200, 2)} == {(1, 2), (2, 1)}


@settings(max_examples=100, deadline=None)
@given(seed=seeds, rate=st.sampled_from(RATES))
def test_same_seed_gives_the_same_days(seed, rate):
    end = START + dt.timedelta(weeks=30)
    assert call_days(seed, START, end, lambda m: rate) == call_days(
        seed, START, end, lambda m: rate
    )


@settings(max_examples=100, deadline=None)
@given(first=seeds, second=seeds)
def test_different_seeds_give_different_days(first, second):
    if first == second:
        return
    end = START + dt.timedelta(weeks=12)
    rate = Decimal(2)
    assert call_days(first, START, end, lambda m: rate) != call_days(
        second, START, end, lambda m: rate
    )


@settings(max_examples=60, deadline=None)
@given(seed=seeds)
def test_every_weekday_occurs_and_none_dominates_over_two_years(seed):
    end = START + dt.timedelta(weeks=TWO_YEARS) - dt.timedelta(days=1)
    days = call_days(seed, START, end, lambda m: Decimal(3))
    assert len(days) == 3 * TWO_YEARS
    shares = Counter(d.weekday() for d in days)
    assert set(shares) == set(range(7)), "weekends included: every day of the week occurs"
    for weekday in range(7):
        # expected 1/7 of 312 ≈ 44.6 (sd ≈ 6.2); these bounds are beyond 5 sd
        assert 13 <= shares[weekday] <= 77, (weekday, shares)
    patterns = Counter(frozenset(d.weekday() for d in chosen) for chosen in by_week(days).values())
    assert len(patterns) >= 10, "the weekly pattern is not fixed"
    assert patterns.most_common(1)[0][1] <= TWO_YEARS // 4


def test_weekday_shares_are_fair_over_many_seeds():
    counts: Counter[int] = Counter()
    end = START + dt.timedelta(weeks=TWO_YEARS) - dt.timedelta(days=1)
    for index in range(50):
        counts.update(d.weekday() for d in call_days(fixed_seed(index), START, end, lambda m: 3))
    total = sum(counts.values())
    assert total == 50 * 3 * TWO_YEARS
    for weekday in range(7):
        assert 0.130 <= counts[weekday] / total <= 0.156, counts


def test_past_weeks_do_not_predict_the_next():
    """Called on a weekday this week says nothing about that weekday next week: the share is
    the base rate (2 of 7), and consecutive weeks rarely repeat their pattern."""
    same_pattern = weeks = called_then = called_again = 0
    end = START + dt.timedelta(weeks=TWO_YEARS) - dt.timedelta(days=1)
    for index in range(50):
        chosen = by_week(call_days(fixed_seed(index), START, end, lambda m: 2))
        mondays = sorted(chosen)
        for this, following in itertools.pairwise(mondays):
            now = {d.weekday() for d in chosen[this]}
            after = {d.weekday() for d in chosen[following]}
            weeks += 1
            same_pattern += now == after
            called_then += len(now)
            called_again += len(now & after)
    assert same_pattern / weeks < 0.09  # 1 in 21 expected
    assert 0.25 <= called_again / called_then <= 0.32  # 2/7 ≈ 0.286 expected


def test_week_days_and_labels():
    seed = fixed_seed(3)
    monday = dt.date(2026, 12, 28)
    assert week_label(monday) == "2026-W53"
    assert week_label(dt.date(2027, 1, 4)) == "2027-W01"
    days = week_days(seed, monday, 7)
    assert days == [monday + dt.timedelta(days=i) for i in range(7)]
    assert week_days(seed, monday, 0) == []
    assert len(week_days(seed, monday, 3)) == 3


def test_a_range_cut_inside_a_week_keeps_only_its_days():
    seed = fixed_seed(4)
    rate = Decimal(7)
    start, end = dt.date(2026, 11, 4), dt.date(2026, 11, 6)
    assert call_days(seed, start, end, lambda m: rate) == [
        dt.date(2026, 11, 4),
        dt.date(2026, 11, 5),
        dt.date(2026, 11, 6),
    ]


@pytest.mark.parametrize("bad", [Decimal("-1"), Decimal("7.5")])
def test_a_rate_outside_0_to_7_is_refused(bad):
    with pytest.raises(ValueError, match="between 0 and 7"):
        week_count(fixed_seed(0), START, bad)
