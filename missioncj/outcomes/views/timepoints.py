"""The program's outcomes at timepoints: paired change from baseline at 6 and 12 months and
discharge. Aggregates only (director, supervisor, evaluator); nobody is named."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.urls import path

from missioncj.core.audit import record
from missioncj.core.exports import Table, columns, export_response, wanted_format
from missioncj.core.forms import DateInput
from missioncj.core.models import AuditKind
from missioncj.outcomes.access import program_episodes, report_program
from missioncj.outcomes.equity import DIMENSIONS
from missioncj.outcomes.timepoint_equity import timepoint_equity
from missioncj.outcomes.timepoints import MEASURES, TimepointReport, timepoint_report
from missioncj.programs.models import Program, Team


class TimepointFilter(forms.Form):
    enrolled_from = forms.DateField(widget=DateInput(), required=False, label="Enrolled from")
    enrolled_to = forms.DateField(widget=DateInput(), required=False, label="Enrolled to")
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label="All teams",
        label="Team",
    )
    by = forms.ChoiceField(
        label="Break down by",
        required=False,
        choices=[("", "No breakdown")] + [(d.key, d.label) for d in DIMENSIONS],
    )
    at = forms.ChoiceField(
        label="Change to",
        required=False,
        choices=[("m6", "6 months"), ("m12", "12 months"), ("discharge", "Discharge")],
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = program.teams.order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("enrolled_from"), data.get("enrolled_to")
        if start and end and end < start:
            self.add_error("enrolled_to", "The end of the enrollment range is before its start.")
        return data


def filtered_report(
    user: Any, program: Program, data: dict[str, Any]
) -> tuple[TimepointFilter, TimepointReport | None]:
    """The filter (bound to `data` if any) and the report, or None when a filter is wrong."""
    form = TimepointFilter(data or None, program=program)
    if data and not form.is_valid():
        return form, None
    clean = form.cleaned_data if data else {}
    report = timepoint_report(
        program_episodes(user, program).select_related("program"),
        program,
        enrolled_from=clean.get("enrolled_from"),
        enrolled_to=clean.get("enrolled_to"),
        team=clean.get("team"),
    )
    record(
        kind=AuditKind.LIST,
        action="outcomes.timepoints.read",
        actor=user,
        subject=program,
        after={"filters": filters_of(report), "episodes": report.episodes},
    )
    return form, report


TABLE_COLUMNS = columns(
    ("timepoint", "Timepoint"),
    ("measure", "Measure"),
    ("with_baseline", "With baseline"),
    ("with_follow_up", "With follow-up"),
    ("pairs", "Pairs"),
    ("baseline", "Baseline"),
    ("follow_up", "Follow-up"),
    ("change", "Change"),
    ("ci_low", "95% CI low"),
    ("ci_high", "95% CI high"),
    ("p", "p"),
)


def timepoints_table(report: TimepointReport) -> Table:
    """One row per measure and follow-up; rows about too few people carry counts as words and
    no figures, as on the page."""

    def rows() -> Any:
        for row in report.rows:
            r = row.result
            shown = not row.hidden and r.enough
            figures = (r.baseline, r.follow_up, r.change, r.ci_low, r.ci_high, r.p_value)
            yield (
                row.slot_label,
                row.measure.label,
                row.baseline_count,
                row.follow_up_count,
                row.pairs_count,
                *(figures if shown else (None,) * len(figures)),
            )

    return Table("timepoints", TABLE_COLUMNS, rows())


def filters_of(report: TimepointReport) -> dict[str, str | None]:
    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "enrolled_from": day(report.enrolled_from),
        "enrolled_to": day(report.enrolled_to),
        "team": str(report.team.public_id) if report.team else None,
    }


@login_required
def timepoints_page(request: HttpRequest, program_id: UUID) -> HttpResponseBase:
    program = report_program(request.user, program_id)
    data = {k: v for k, v in request.GET.items() if k in TimepointFilter.base_fields and v}
    form, report = filtered_report(request.user, program, data)
    fmt = wanted_format(request)
    if report is not None and fmt:
        return export_response(
            request,
            timepoints_table(report),
            fmt,
            program=program,
            name="outcomes.timepoints",
            identified=False,
            participant_count=0,
        )
    context = {"program": program, "form": form, "report": report, "measures": MEASURES}
    if report is not None and form.is_bound and form.cleaned_data.get("by"):
        episodes = list(
            program_episodes(request.user, program)
            .filter(pk__in=report.episode_ids)
            .select_related("participant", "program")
        )
        context["groups"] = timepoint_equity(
            episodes, program, form.cleaned_data["by"], form.cleaned_data.get("at") or "m6"
        )
    return render(
        request, "outcomes/timepoints.html", context, status=422 if report is None else 200
    )


urlpatterns = [
    path("programs/<uuid:program_id>/outcomes/timepoints/", timepoints_page, name="timepoints"),
]
