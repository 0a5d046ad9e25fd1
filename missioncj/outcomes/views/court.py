"""The court performance measures page: a cohort filter and one table per measure. Aggregates
only, so the program's evaluators read it too."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.urls import path

from missioncj.core.exports import export_response, wanted_format
from missioncj.core.forms import DateInput, attach_errors
from missioncj.court.models import Court
from missioncj.outcomes.access import below_floor, evaluator_floor, program_episodes, report_program
from missioncj.outcomes.court_equity import court_equity
from missioncj.outcomes.court_export import court_table
from missioncj.outcomes.court_measures import court_measures, default_period, resolve_filters
from missioncj.outcomes.equity import DIMENSIONS
from missioncj.outcomes.services import settings_for
from missioncj.programs.models import Program, Team


class CohortForm(forms.Form):
    start = forms.DateField(label="Enrolled from", widget=DateInput(), required=False)
    end = forms.DateField(
        label="Enrolled to (end of the period)", widget=DateInput(), required=False
    )
    court = forms.ChoiceField(label="Court", required=False)
    team = forms.ChoiceField(label="Team", required=False)
    by = forms.ChoiceField(
        label="Break down by",
        required=False,
        choices=[("", "No breakdown")] + [(d.key, d.label) for d in DIMENSIONS],
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        courts = Court.objects.filter(program=program).order_by("name")
        teams = Team.objects.filter(program=program).order_by("name")
        court_field = self.fields["court"]
        team_field = self.fields["team"]
        assert isinstance(court_field, forms.ChoiceField)
        assert isinstance(team_field, forms.ChoiceField)
        court_field.choices = [("", "All courts")] + [(str(c.public_id), c.name) for c in courts]
        team_field.choices = [("", "All teams")] + [(str(t.public_id), t.name) for t in teams]
        court_field.error_messages["invalid_choice"] = "No such court in this program."
        team_field.error_messages["invalid_choice"] = "No such team in this program."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            data["filters"] = resolve_filters(
                self.program,
                start=data.get("start"),
                end=data.get("end"),
                court=data.get("court") or None,
                team=data.get("team") or None,
            )
        except ValidationError as exc:
            attach_errors(self, exc)
        return data


@login_required
def court_measures_page(request: HttpRequest, program_id: UUID) -> HttpResponseBase:
    program = report_program(request.user, program_id)
    program_episodes(request.user, program)  # the aggregate read check (404 otherwise)
    start, end = default_period(program)
    data = request.GET if request.GET else {"start": start, "end": end}
    form = CohortForm(data, program=program)
    report = court_measures(program, form.cleaned_data["filters"]) if form.is_valid() else None
    notice = ""
    if report is not None:
        notice = below_floor(report.cohort, evaluator_floor(request.user, program))
        report = None if notice else report
    fmt = wanted_format(request)
    if report and fmt:
        return export_response(
            request,
            court_table(report),
            fmt,
            program=program,
            name="outcomes.court_measures",
            identified=False,
            participant_count=0,
        )
    groups = None
    if report and form.cleaned_data.get("by"):
        groups = court_equity(
            program,
            form.cleaned_data["filters"],
            form.cleaned_data["by"],
            threshold=settings_for(program).small_cell_min,
        )
    return render(
        request,
        "outcomes/court_measures.html",
        {"program": program, "form": form, "report": report, "groups": groups, "notice": notice},
        status=200 if report or notice else 422,
    )


urlpatterns = [
    path(
        "programs/<uuid:program_id>/outcomes/court/",
        court_measures_page,
        name="court_measures",
    ),
]
