"""Paired statistics checked against the textbook formulas written out here (t quantiles from
a printed table, the exact binomial tail by hand), not against the library calls they use."""

from __future__ import annotations

import math
import statistics

import pytest

from missioncj.outcomes.timepoint_stats import paired_mean, paired_share

# t(0.975, df) from a printed t table.
T_TABLE = {3: 3.182, 4: 2.776, 5: 2.571}


def test_paired_mean_matches_the_textbook_interval():
    pairs = [(20, 12), (15, 14), (18, 9), (10, 10), (22, 13)]
    result = paired_mean(pairs)
    diffs = [after - before for before, after in pairs]  # -8, -1, -9, 0, -9
    mean = sum(diffs) / 5
    sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / 4)
    half = T_TABLE[4] * sd / math.sqrt(5)
    assert result.n == 5
    assert result.baseline == pytest.approx(17.0)
    assert result.follow_up == pytest.approx(11.6)
    assert result.change == pytest.approx(-5.4)
    assert result.ci_low == pytest.approx(mean - half, abs=2e-3)
    assert result.ci_high == pytest.approx(mean + half, abs=2e-3)
    # The t statistic, -2.68, lies between the table's 0.10 (2.132) and 0.05 (2.776) columns
    # for 4 df, so the two-sided p-value is between 0.05 and 0.10 (and the CI spans 0).
    t = mean / (sd / math.sqrt(5))
    assert t == pytest.approx(-2.680, abs=1e-3)
    assert result.p_value is not None and 0.05 < result.p_value < 0.10
    assert result.ci_low is not None and result.ci_high is not None
    assert result.ci_low < 0 < result.ci_high
    assert result.enough


def test_paired_mean_improvement_is_significant_when_it_is_consistent():
    pairs = [(10, 6), (12, 7), (9, 5), (11, 8)]
    result = paired_mean(pairs)
    diffs = [-4, -5, -4, -3]
    half = T_TABLE[3] * statistics.stdev(diffs) / 2
    assert result.ci_low == pytest.approx(-4 - half, abs=2e-3)
    assert result.ci_high == pytest.approx(-4 + half, abs=2e-3)
    assert result.p_value is not None and result.p_value < 0.01


@pytest.mark.parametrize("pairs", [[], [(3, 1)]])
def test_fewer_than_two_pairs_is_not_enough_and_never_nan(pairs):
    for result in (paired_mean(pairs), paired_share([(b > 1, a > 1) for b, a in pairs])):
        assert result.n == len(pairs)
        assert not result.enough
        assert (result.baseline, result.change, result.ci_low, result.p_value) == (
            None,
            None,
            None,
            None,
        )


def test_identical_changes_give_a_point_interval_and_no_p_value():
    result = paired_mean([(5, 3), (9, 7), (4, 2)])
    assert (result.change, result.ci_low, result.ci_high) == (-2.0, -2.0, -2.0)
    assert result.p_value is None
    assert result.enough


def _mcnemar_exact(b: int, c: int) -> float:
    n = b + c
    tail = sum(math.comb(n, k) for k in range(min(b, c) + 1)) / 2**n
    return min(1.0, 2 * tail)


def test_paired_share_difference_interval_and_mcnemar():
    # 10 people: 2 employed at both, 1 lost work, 5 found work, 2 never employed.
    pairs = [(True, True)] * 2 + [(True, False)] + [(False, True)] * 5 + [(False, False)] * 2
    result = paired_share(pairs)
    b, c, n = 5, 1, 10
    change = (b - c) / n
    se = math.sqrt((b + c) - (b - c) ** 2 / n) / n
    assert result.baseline == pytest.approx(0.3)
    assert result.follow_up == pytest.approx(0.7)
    assert result.change == pytest.approx(0.4)
    assert (result.became_yes, result.became_no) == (5, 1)
    assert result.ci_low == pytest.approx(change - 1.96 * se, abs=1e-3)
    assert result.ci_high == pytest.approx(change + 1.96 * se, abs=1e-3)
    assert result.p_value == pytest.approx(_mcnemar_exact(b, c))  # 0.21875
    assert result.test == "McNemar exact"


def test_paired_share_without_changes_has_no_p_value():
    result = paired_share([(True, True), (False, False), (True, True)])
    assert result.change == 0
    assert result.p_value is None
    assert (result.ci_low, result.ci_high) == (0, 0)
