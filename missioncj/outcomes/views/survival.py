"""The survival pages: time to first re-arrest from the record (with a CSV of the curves), and
the same analysis of an uploaded cohort file. Aggregates only; evaluators included."""

from __future__ import annotations

import base64
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import path

from missioncj.core.exports import Table, columns, export_response, wanted_format
from missioncj.core.forms import attach_errors
from missioncj.outcomes.access import report_program
from missioncj.outcomes.survival import Analysis
from missioncj.outcomes.survival_chart import CSV_HEADER, curve_csv, curve_rows, km_chart
from missioncj.outcomes.survival_csv import MAX_BYTES, CohortFileError
from missioncj.outcomes.survival_forms import (
    RecordForm,
    TooFewPeople,
    UploadForm,
    audit_read,
    run_record,
    run_upload,
)


def result_context(result: Analysis | None) -> dict[str, Any]:
    if result is None:
        return {"result": None}
    return {
        "result": result,
        "chart": km_chart(result.curves),
        "rows": curve_rows(result.curves),
        "csv_data": base64.b64encode(curve_csv(result.curves).encode()).decode(),
    }


def _record_choices(form: RecordForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "start_kind": data["start_kind"],
        "enrolled_from": data["enrolled_from"],
        "enrolled_to": data["enrolled_to"],
        "also": data.get("also") or [],
        "group": data["group"],
        "covariates": data["covariates"],
        "cutoff": data["cutoff"],
        "min_events": data["min_events"],
        "at_risk_days": data["at_risk_days"],
    }


@login_required
def survival(request: HttpRequest, program_id: UUID) -> HttpResponseBase:
    program = report_program(request.user, program_id)
    asked = bool(request.GET)
    form = RecordForm(request.GET if asked else None, user=request.user, program=program)
    result, notice = None, ""
    if not asked or form.is_valid():
        try:
            choices = _record_choices(form) if asked else {}
            result = run_record(request.user, program, **choices)
        except TooFewPeople as few:
            notice = str(few)
        except ValidationError as error:
            if asked:
                attach_errors(form, error)
            else:
                notice = " ".join(error.messages)
    if result is not None:
        audit_read(request.user, program, "outcomes.survival.read", result)
        fmt = wanted_format(request)
        if fmt:
            table = Table(
                "survival-curves", columns(*((h, h) for h in CSV_HEADER)), curve_rows(result.curves)
            )
            return export_response(
                request,
                table,
                fmt,
                program=program,
                name="outcomes.survival",
                identified=False,
                participant_count=0,
            )
    query = request.GET.copy()
    query["format"] = "csv"
    context = {
        "program": program,
        "form": form,
        "notice": notice,
        "csv_url": f"?{query.urlencode()}",
        **result_context(result),
    }
    return render(request, "outcomes/survival.html", context, status=422 if form.errors else 200)


@login_required
def survival_cohort(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = report_program(request.user, program_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    result, problems = None, []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        raw = data["file"].read(MAX_BYTES + 1)
        try:
            result = run_upload(
                raw,
                group=data["group"].strip(),
                covariates=data["covariates"],
                min_events=data["min_events"],
                at_risk_days=data["at_risk_days"],
            )
        except CohortFileError as error:
            problems = error.problems
            form.add_error(
                "file", "The file has problems; see the list below. Nothing was computed."
            )
        except ValidationError as error:
            attach_errors(form, error)
    if result is not None:
        audit_read(request.user, program, "outcomes.survival.cohort", result)
    context = {"program": program, "form": form, "problems": problems, **result_context(result)}
    return render(
        request,
        "outcomes/survival_cohort.html",
        context,
        status=422 if form.errors else 200,
    )


urlpatterns = [
    path("programs/<uuid:program_id>/outcomes/survival/", survival, name="survival"),
    path(
        "programs/<uuid:program_id>/outcomes/survival/cohort/",
        survival_cohort,
        name="survival_cohort",
    ),
]
