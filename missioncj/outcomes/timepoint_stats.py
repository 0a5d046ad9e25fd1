"""Paired pre/post statistics for outcomes at timepoints.

- A scale or count (days of use, nights, scores): the mean of each point, the mean change
  (follow-up minus baseline), its 95% confidence interval from the t distribution with n - 1
  degrees of freedom (mean ± t(0.975, n-1) · sd / √n of the paired differences) and the
  two-sided p-value of the paired t test (`scipy.stats.ttest_rel`).
- A yes/no measure (employed, stably housed): the share at each point, the paired difference
  in proportions (share at follow-up minus share at baseline = (b - c) / n, with b the people
  who went from no to yes and c from yes to no), its 95% Wald confidence interval for paired
  proportions (± 1.96 · √((b + c) - (b - c)² / n) / n), and the exact McNemar p-value
  (`statsmodels.stats.contingency_tables.mcnemar`, binomial on b and c).

Fewer than two pairs is "not enough data": every figure but n is None, never NaN. When every
difference is the same (sd 0) the interval is that difference and there is no p-value.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar

MIN_PAIRS = 2


def _finite(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class Paired:
    """One measure at one follow-up timepoint, over the paired participants."""

    n: int
    baseline: float | None  # mean, or share (0-1) for a yes/no measure
    follow_up: float | None
    change: float | None  # follow-up minus baseline
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    test: str
    became_yes: int | None = None  # yes/no measures: no at baseline, yes at follow-up
    became_no: int | None = None

    @property
    def enough(self) -> bool:
        return self.n >= MIN_PAIRS and self.change is not None


def paired_mean(pairs: Sequence[tuple[float, float]]) -> Paired:
    """(baseline, follow-up) pairs of a scale or count."""
    test = "paired t test"
    n = len(pairs)
    if n < MIN_PAIRS:
        return Paired(n, None, None, None, None, None, None, test)
    before = [float(b) for b, _ in pairs]
    after = [float(a) for _, a in pairs]
    diffs = [a - b for b, a in zip(before, after, strict=True)]
    change = statistics.fmean(diffs)
    sd = statistics.stdev(diffs)
    if sd == 0:
        low = high = change
        p_value: float | None = None
    else:
        half = float(stats.t.ppf(0.975, n - 1)) * sd / math.sqrt(n)
        low, high = change - half, change + half
        p_value = _finite(stats.ttest_rel(after, before).pvalue)
    return Paired(
        n,
        statistics.fmean(before),
        statistics.fmean(after),
        change,
        _finite(low),
        _finite(high),
        p_value,
        test,
    )


def paired_share(pairs: Sequence[tuple[bool, bool]]) -> Paired:
    """(yes at baseline, yes at follow-up) pairs of a yes/no measure."""
    test = "McNemar exact"
    n = len(pairs)
    if n < MIN_PAIRS:
        return Paired(n, None, None, None, None, None, None, test)
    both = sum(1 for b, a in pairs if b and a)
    became_no = sum(1 for b, a in pairs if b and not a)
    became_yes = sum(1 for b, a in pairs if not b and a)
    neither = n - both - became_no - became_yes
    change = (became_yes - became_no) / n
    discordant = became_yes + became_no
    half = float(stats.norm.ppf(0.975)) * math.sqrt(max(discordant - change**2 * n, 0)) / n
    p_value = None
    if discordant:
        table = [[both, became_no], [became_yes, neither]]
        p_value = _finite(mcnemar(table, exact=True).pvalue)
    return Paired(
        n,
        (both + became_no) / n,
        (both + became_yes) / n,
        change,
        max(change - half, -1.0),
        min(change + half, 1.0),
        p_value,
        test,
        became_yes,
        became_no,
    )
