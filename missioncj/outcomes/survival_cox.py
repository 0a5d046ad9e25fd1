"""The Cox proportional-hazards model of `survival.analyse`: statsmodels' `PHReg` with
Breslow's handling of tied event days.

A covariate whose every value is a number is used as a number (per one unit); any other
covariate is categorical and dummy-coded against a reference level: its most common level
(ties broken alphabetically), stated on the page beside each hazard ratio."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from statsmodels.duration.hazard_regression import PHReg

from missioncj.outcomes.survival import Cox, CoxTerm, Subject, _enough_events

FIELD = "covariates"


def as_number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _refuse(message: str) -> ValidationError:
    return ValidationError({FIELD: message})


def _columns(
    subjects: Sequence[Subject], name: str
) -> tuple[list[list[float]], list[tuple[str | None, str | None]]]:
    """The design columns for one covariate and, for each, (level, reference)."""
    values = [s.attributes.get(name) for s in subjects]
    if any(v is None or str(v).strip() == "" for v in values):
        raise _refuse(f"Some subjects have no value for {name}.")
    numbers = [as_number(v) for v in values]
    if all(n is not None for n in numbers):
        if len({n for n in numbers}) < 2:
            raise _refuse(f"{name} is the same for everyone, so it cannot be a covariate.")
        return [[float(n) for n in numbers if n is not None]], [(None, None)]
    texts = [str(v) for v in values]
    counts = Counter(texts)
    if len(counts) < 2:
        raise _refuse(f"{name} is the same for everyone, so it cannot be a covariate.")
    reference = sorted(counts, key=lambda level: (-counts[level], level))[0]
    events = Counter(t for t, s in zip(texts, subjects, strict=True) if s.event)
    levels = sorted(level for level in counts if level != reference)
    for level in [reference, *levels]:
        if events[level] == 0:
            raise _refuse(
                f"No events where {name} is {level}: its hazard ratio cannot be estimated."
            )
    columns = [[1.0 if t == level else 0.0 for t in texts] for level in levels]
    return columns, [(level, reference) for level in levels]


def cox_model(subjects: Sequence[Subject], covariates: list[str], min_events: int) -> Cox:
    unknown = [c for c in covariates if not any(c in s.attributes for s in subjects)]
    if unknown:
        raise _refuse(f"Not a covariate here: {', '.join(unknown)}.")
    if len(set(covariates)) != len(covariates):
        raise _refuse("Choose each covariate once.")
    events = sum(1 for s in subjects if s.event)
    _enough_events(events, min_events, FIELD)
    columns: list[list[float]] = []
    meta: list[tuple[str, str | None, str | None]] = []
    for name in covariates:
        cols, info = _columns(subjects, name)
        columns += cols
        meta += [(name, level, ref) for level, ref in info]
    exog = np.column_stack(columns)
    if np.linalg.matrix_rank(exog - exog.mean(axis=0)) < exog.shape[1]:
        raise _refuse("Some covariates say the same thing as others; drop one of them.")
    model = PHReg(
        np.asarray([s.days for s in subjects], float),
        exog,
        status=np.asarray([int(s.event) for s in subjects]),
        ties="breslow",
    )
    result = model.fit()
    params, ci, pvalues = result.params, result.conf_int(), result.pvalues
    if not (np.all(np.isfinite(params)) and np.all(np.isfinite(ci))):
        raise _refuse("The model did not settle on finite estimates; use fewer covariates.")
    terms = [
        CoxTerm(
            name=name if level is None else f"{name}: {level}",
            covariate=name,
            level=level,
            reference=ref,
            coefficient=float(params[i]),
            hazard_ratio=math.exp(params[i]),
            lower=math.exp(ci[i][0]),
            upper=math.exp(ci[i][1]),
            p=float(pvalues[i]),
        )
        for i, (name, level, ref) in enumerate(meta)
    ]
    return Cox(terms=terms, n=len(subjects), events=events)
