"""Outcomes at timepoints over the JSON API (aggregates only). Mounted at /api/v1."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema

from missioncj.outcomes.access import report_program
from missioncj.outcomes.timepoints import Row
from missioncj.outcomes.views.timepoints import filtered_report, filters_of

PREFIX = ""
router = Router(tags=["outcomes"])


class FiltersIn(Schema):
    enrolled_from: dt.date | None = None
    enrolled_to: dt.date | None = None
    team: UUID | None = None


class RowOut(Schema):
    measure: str
    label: str
    timepoint: str
    yes_no: bool
    suppressed: bool  # about fewer people than the small-cell threshold: no figures, no counts
    with_baseline: int | None
    with_follow_up: int | None
    n_paired: int | None
    enough_data: bool
    baseline: float | None
    follow_up: float | None
    change: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    test: str
    became_yes: int | None
    became_no: int | None
    sources: dict[str, int]


class ReportOut(Schema):
    program: UUID
    filters: dict[str, str | None]
    episodes: int
    items: list[RowOut]


def _small(row: Row, n: int) -> int | None:
    return None if 0 < n < row.threshold else n


def row_out(row: Row) -> dict[str, Any]:
    result = row.result
    if row.hidden:
        result = type(result)(result.n, None, None, None, None, None, None, result.test)
    return {
        "suppressed": row.hidden,
        "measure": row.measure.key,
        "label": row.measure.label,
        "timepoint": row.slot,
        "yes_no": row.measure.yes_no,
        "with_baseline": _small(row, row.with_baseline),
        "with_follow_up": _small(row, row.with_follow_up),
        "n_paired": _small(row, result.n),
        "enough_data": result.enough and not row.hidden,
        "baseline": result.baseline,
        "follow_up": result.follow_up,
        "change": result.change,
        "ci_low": result.ci_low,
        "ci_high": result.ci_high,
        "p_value": result.p_value,
        "test": result.test,
        "became_yes": result.became_yes,
        "became_no": result.became_no,
        "sources": {} if row.hidden else row.sources,
    }


@router.get(
    "/programs/{program_id}/outcomes/timepoints",
    response=ReportOut,
    summary="Paired change from baseline at 6 and 12 months and discharge, per measure",
    url_name="outcomes_timepoints",
)
def timepoints(request: HttpRequest, program_id: UUID, filters: Query[FiltersIn]) -> dict[str, Any]:
    program = report_program(request.user, program_id)
    data = {k: str(v) for k, v in filters.model_dump().items() if v is not None}
    form, report = filtered_report(request.user, program, data)
    if report is None:
        raise ValidationError({k: list(v) for k, v in form.errors.items()})
    return {
        "program": program.public_id,
        "filters": filters_of(report),
        "episodes": report.episodes,
        "items": [row_out(r) for r in report.rows],
    }
