"""Recidivism survival analysis: Kaplan-Meier curves per group, a log-rank comparison and a
Cox proportional-hazards model, all computed by statsmodels over a list of `Subject`s.

Where the subjects come from is someone else's job: `survival_cohort` builds them from the
record, `survival_csv` from an uploaded file. This module only checks that the requested
comparison can be made and refuses with a `ValidationError` (field names `group`,
`covariates`, `min_events`, `cohort`) when it cannot, so a page never shows NaN.

- Kaplan-Meier: `statsmodels.duration.survfunc.SurvfuncRight`; standard errors by Greenwood's
  formula; the 95 % band is statsmodels' `simultaneous_cb` (Hall-Wellner, "log" transform,
  which works on the log(-log S) scale and returns S^(1/θ) … S^θ).
- Log-rank: `statsmodels.duration.survfunc.survdiff` (unweighted), chi-square on groups - 1 df.
- Cox: `statsmodels.duration.hazard_regression.PHReg` with Breslow's handling of ties."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from scipy.stats import norm
from statsmodels.duration.survfunc import SurvfuncRight, survdiff

MIN_EVENTS = 5  # fewest events (in all) for a log-rank test or a Cox model, unless asked
AT_RISK_DAYS = (0, 90, 180, 365, 730)
ALL = "All"


@dataclass(frozen=True)
class Subject:
    """One person's time at risk: `days` from the start to the event or to censoring."""

    key: str  # episode public id, or the id column of an uploaded cohort
    days: int
    event: bool
    attributes: dict[str, Any] = field(default_factory=dict)  # grouping/covariate values


@dataclass(frozen=True)
class CurvePoint:
    day: int
    at_risk: int
    events: int
    survival: float
    se: float
    lower: float  # pointwise 95 % interval (log-log), what the chart shades
    upper: float
    band_lower: float = 0.0  # simultaneous 95 % Hall-Wellner band over the whole curve
    band_upper: float = 1.0


@dataclass(frozen=True)
class Curve:
    group: str
    n: int
    events: int
    points: list[CurvePoint]  # day 0 first, then each day with an event
    at_risk: dict[int, int]  # the number still at risk at each chosen day
    median_days: float | None
    last_day: int  # the longest follow-up in the group

    def survival_at(self, day: int) -> float:
        value = 1.0
        for point in self.points:
            if point.day > day:
                break
            value = point.survival
        return value


@dataclass(frozen=True)
class LogRank:
    statistic: float
    df: int
    p: float
    groups: list[str]


@dataclass(frozen=True)
class CoxTerm:
    name: str  # "age" or "race: Black or African American"
    covariate: str
    level: str | None  # the dummy's level; None for a number
    reference: str | None  # the level the dummy is compared with
    coefficient: float
    hazard_ratio: float
    lower: float
    upper: float
    p: float


@dataclass(frozen=True)
class Cox:
    terms: list[CoxTerm]
    n: int
    events: int
    ties: str = "breslow"


@dataclass(frozen=True)
class Analysis:
    n: int
    events: int
    group: str | None
    curves: list[Curve]
    logrank: LogRank | None
    cox: Cox | None
    at_risk_days: tuple[int, ...]
    left_out: tuple[str, ...] = ()  # groups too small to show, with everyone in them


def kaplan_meier(
    group: str, subjects: Sequence[Subject], at_risk_days: Sequence[int] = AT_RISK_DAYS
) -> Curve:
    """The product-limit curve of one group, with Greenwood SEs and the 95 % band."""
    days = [s.days for s in subjects]
    at_risk = {d: sum(1 for t in days if t >= d) for d in at_risk_days}
    events = sum(1 for s in subjects if s.event)
    start = CurvePoint(0, len(subjects), 0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0)
    if events == 0:
        return Curve(group, len(subjects), 0, [start], at_risk, None, max(days, default=0))
    fit = SurvfuncRight(np.asarray(days, float), np.asarray([int(s.event) for s in subjects]))
    with np.errstate(divide="ignore", invalid="ignore"):  # S = 1 or 0: handled by _finite
        lower, upper = fit.simultaneous_cb(alpha=0.05, method="hw", transform="log")
    points = [start] if fit.surv_times[0] > 0 else []
    for i, day in enumerate(fit.surv_times):
        surv = float(fit.surv_prob[i])
        se = _finite(fit.surv_prob_se[i], 0.0)
        low, high = pointwise_interval(surv, se)
        points.append(
            CurvePoint(
                int(day),
                int(fit.n_risk[i]),
                int(fit.n_events[i]),
                surv,
                se,
                low,
                high,
                _finite(lower[i], surv),
                _finite(upper[i], surv),
            )
        )
    median = fit.quantile(0.5)
    return Curve(group, len(subjects), events, points, at_risk, _finite_or_none(median), max(days))


Z_95 = float(norm.ppf(0.975))


def pointwise_interval(surv: float, se: float) -> tuple[float, float]:
    """The 95 % interval of S at one day from statsmodels' Greenwood SE, on the log(-log S)
    scale (Kalbfleisch and Prentice; the default of Stata and of R's `conf.type = "log-log"`),
    so it stays within 0 and 1: S^exp(±z·se / (S·|ln S|)). At S of 1 or 0 it is the point."""
    if not 0.0 < surv < 1.0 or se <= 0.0:
        return surv, surv
    spread = Z_95 * se / (surv * abs(math.log(surv)))
    return surv ** math.exp(spread), surv ** math.exp(-spread)


def _finite(value: Any, fallback: float) -> float:
    """statsmodels gives NaN where the estimate is 0 or 1 (the band collapses there)."""
    number = float(value)
    return number if math.isfinite(number) else fallback


def _finite_or_none(value: Any) -> float | None:
    number = float(value)
    return number if math.isfinite(number) else None


def log_rank(subjects: Sequence[Subject], labels: Sequence[str], min_events: int) -> LogRank:
    names = sorted(set(labels))
    if len(names) < 2:
        raise ValidationError({"group": "Every subject falls in one group; nothing to compare."})
    events = Counter(label for s, label in zip(subjects, labels, strict=True) if s.event)
    empty = [name for name in names if events[name] == 0]
    if empty:
        raise ValidationError(
            {"group": f"No events in group {', '.join(empty)}: the groups cannot be compared."}
        )
    _enough_events(sum(events.values()), min_events, "group")
    statistic, p = survdiff(
        np.asarray([s.days for s in subjects], float),
        np.asarray([int(s.event) for s in subjects]),
        np.asarray(labels),
    )
    return LogRank(float(statistic), len(names) - 1, float(p), names)


def _enough_events(events: int, min_events: int, field_name: str) -> None:
    if events < min_events:
        raise ValidationError(
            {
                field_name: f"Only {events} event(s); at least {min_events} are needed "
                "for this comparison."
            }
        )


def analyse(
    subjects: Sequence[Subject],
    *,
    group: str | None = None,
    covariates: Sequence[str] = (),
    min_events: int = MIN_EVENTS,
    at_risk_days: Sequence[int] = AT_RISK_DAYS,
) -> Analysis:
    """Curves for each value of the `group` attribute (one curve for everyone when None),
    a log-rank test when there is a group, and a Cox model when covariates are chosen."""
    if not subjects:
        raise ValidationError({"cohort": "No one is in this cohort; widen the choices."})
    if min_events < 1:
        raise ValidationError({"min_events": "Give at least 1."})
    labels = [str(s.attributes.get(group, "")) for s in subjects] if group else None
    if labels is not None and any(label == "" for label in labels):
        raise ValidationError({"group": f"Some subjects have no value for {group}."})
    days = tuple(sorted(set(at_risk_days)))
    curves = _curves(subjects, labels, days)
    rank = log_rank(subjects, labels, min_events) if labels is not None else None
    cox = None
    if covariates:
        from missioncj.outcomes.survival_cox import cox_model

        cox = cox_model(subjects, list(covariates), min_events)
    return Analysis(
        n=len(subjects),
        events=sum(1 for s in subjects if s.event),
        group=group,
        curves=curves,
        logrank=rank,
        cox=cox,
        at_risk_days=days,
    )


def _curves(
    subjects: Sequence[Subject], labels: Sequence[str] | None, days: Sequence[int]
) -> list[Curve]:
    if labels is None:
        return [kaplan_meier(ALL, subjects, days)]
    by_group: dict[str, list[Subject]] = {}
    for subject, label in zip(subjects, labels, strict=True):
        by_group.setdefault(label, []).append(subject)
    return [kaplan_meier(name, by_group[name], days) for name in sorted(by_group)]
