"""Survival analysis over the JSON API: from the record (GET) or an uploaded cohort CSV (POST,
a text/csv body or multipart with `file`). Aggregates only; a refused comparison or a bad
file is a 422 that says why."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from missioncj.outcomes.access import report_program
from missioncj.outcomes.survival import AT_RISK_DAYS, MIN_EVENTS, Analysis
from missioncj.outcomes.survival_chart import curve_rows
from missioncj.outcomes.survival_csv import MAX_BYTES, MAX_ROWS, REQUIRED, CohortFileError
from missioncj.outcomes.survival_forms import (
    TooFewPeople,
    audit_read,
    parse_days,
    parse_names,
    run_record,
    run_upload,
)

PREFIX = ""
router = Router(tags=["outcomes"])
DEFAULT_DAYS = ",".join(str(d) for d in AT_RISK_DAYS)


class RecordQuery(Schema):
    group: str = ""
    covariates: str = ""  # names separated by commas
    start: dt.date | None = None  # enrolled on or after
    end: dt.date | None = None  # enrolled on or before
    start_kind: str = "enrollment"
    cutoff: dt.date | None = None
    programs: str = ""  # other programs' public ids, separated by commas
    min_events: int = MIN_EVENTS
    at_risk: str = DEFAULT_DAYS


class UploadQuery(Schema):
    group: str = ""
    covariates: str = ""
    min_events: int = MIN_EVENTS
    at_risk: str = DEFAULT_DAYS


def analysis_out(result: Analysis) -> dict[str, Any]:
    return {
        "n": result.n,
        "events": result.events,
        "group": result.group,
        "left_out": list(result.left_out),
        "at_risk_days": list(result.at_risk_days),
        "curves": [
            {
                "group": c.group,
                "n": c.n,
                "events": c.events,
                "median_days": c.median_days,
                "at_risk": {str(day): n for day, n in c.at_risk.items()},
                "points": [
                    dict(zip(("day", "at_risk", "events"), row[1:4], strict=True))
                    | {
                        k: float(v)
                        for k, v in zip(
                            ("survival", "se", "lower", "upper", "band_lower", "band_upper"),
                            row[4:],
                            strict=True,
                        )
                    }
                    for row in curve_rows([c])
                ],
            }
            for c in result.curves
        ],
        "logrank": None
        if result.logrank is None
        else {
            "statistic": result.logrank.statistic,
            "df": result.logrank.df,
            "p": result.logrank.p,
            "groups": result.logrank.groups,
        },
        "cox": None
        if result.cox is None
        else {
            "n": result.cox.n,
            "events": result.cox.events,
            "ties": result.cox.ties,
            "terms": [t.__dict__ for t in result.cox.terms],
        },
    }


def _json(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
    from missioncj.api import api  # the API object renders like every other response

    return api.create_response(request, body, status=status)


@router.get(
    "/programs/{program_id}/survival",
    summary="Time to first re-arrest from the record: Kaplan-Meier curves per group, "
    "log-rank test, Cox model",
    url_name="survival",
)
def record_survival(
    request: HttpRequest, program_id: UUID, q: Query[RecordQuery]
) -> dict[str, Any]:
    program = report_program(request.user, program_id)
    try:
        result = run_record(
            request.user,
            program,
            start_kind=q.start_kind,
            enrolled_from=q.start,
            enrolled_to=q.end,
            also=parse_names(q.programs),
            group=q.group,
            covariates=parse_names(q.covariates),
            cutoff=q.cutoff,
            min_events=q.min_events,
            at_risk_days=parse_days(q.at_risk),
        )
    except TooFewPeople as few:
        return {"program": str(program.public_id), "suppressed": str(few)}
    audit_read(request.user, program, "api.outcomes.survival.read", result)
    return {"program": str(program.public_id), **analysis_out(result)}


def _upload(request: HttpRequest) -> bytes:
    upload = request.FILES.get("file")
    if upload is not None:
        return upload.read(MAX_BYTES + 1)
    try:
        return request.body
    except RequestDataTooBig as error:
        raise ValidationError(
            {"file": "The body is too large; send the file as multipart with `file`."}
        ) from error


@router.get(
    "/programs/{program_id}/survival/cohort",
    summary="What an uploaded cohort file must look like: columns and limits",
    url_name="survival_cohort",
)
def cohort_format(request: HttpRequest, program_id: UUID) -> dict[str, Any]:
    program = report_program(request.user, program_id)
    return {
        "program": str(program.public_id),
        "columns": list(REQUIRED),
        "rule": "exactly one of event_date and censor_date per row; any other column is a "
        "covariate (numbers if every value is a number, else categories)",
        "max_bytes": MAX_BYTES,
        "max_rows": MAX_ROWS,
    }


@router.post(
    "/programs/{program_id}/survival/cohort",
    summary="Survival analysis of an uploaded cohort CSV (id, start_date, event_date, "
    "censor_date, covariates…): a text/csv body or multipart with `file`. Not stored.",
    url_name="survival_cohort",
)
def cohort_survival(request: HttpRequest, program_id: UUID, q: Query[UploadQuery]) -> HttpResponse:
    program = report_program(request.user, program_id)
    try:
        result = run_upload(
            _upload(request),
            group=q.group,
            covariates=parse_names(q.covariates),
            min_events=q.min_events,
            at_risk_days=parse_days(q.at_risk),
        )
    except CohortFileError as error:
        details = [
            {
                "loc": ["body", "file", p.row, p.column],
                "msg": p.message,
                "type": "value_error",
                "row": p.row,
                "column": p.column,
            }
            for p in error.problems
        ]
        return _json(request, {"detail": details}, 422)
    audit_read(request.user, program, "api.outcomes.survival.cohort", result)
    return _json(request, {"program": str(program.public_id), **analysis_out(result)}, 200)
