"""The program's Outcomes page: every report the user may open for it."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from missioncj.outcomes.access import (
    is_evaluator_for,
    report_program,
    report_programs,
    report_teams,
)
from missioncj.outcomes.reports import REPORTS


@login_required
def program_outcomes(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = report_program(request.user, program_id)
    evaluator = is_evaluator_for(request.user, program)
    reports = [r for r in REPORTS if r.evaluator or not evaluator]
    return render(
        request,
        "outcomes/program.html",
        {"program": program, "reports": reports, "evaluator": evaluator},
    )


@login_required
def all_outcomes(request: HttpRequest) -> HttpResponse:
    context = {
        "programs": report_programs(request.user),
        "teams": report_teams(request.user).select_related("program").order_by("program", "name"),
    }
    return render(request, "outcomes/index.html", context)


urlpatterns = [
    path("outcomes/", all_outcomes, name="index"),
    path("programs/<uuid:program_id>/outcomes/", program_outcomes, name="program"),
]
