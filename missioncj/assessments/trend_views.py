"""Trend pages: one participant's scores over time (a chart and a table per instrument) and the
latest band per instrument across a program's enrolled participants."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from missioncj.accounts.scope import scope_of
from missioncj.assessments import bands, charts, services, trends
from missioncj.participants.policies import visible_participant
from missioncj.programs.models import Program


@login_required
def participant_trends(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    built = trends.participant_trends(request.user, participant)
    services.record_read(
        actor=request.user, participant=participant, action="assessment.trends", shown=built.shown
    )
    context = {"participant": participant, "trends": built.trends}
    return render(request, "assessments/trends.html", context)


@login_required
def program_bands(request: HttpRequest, program_id: UUID) -> HttpResponse:
    """Directors and supervisors of the program (who see all its participants); anyone else,
    including team staff who see only their team's caseload, gets a 404."""
    program = get_object_or_404(
        Program.objects.filter(pk__in=scope_of(request.user).program_ids), public_id=program_id
    )
    result = bands.program_bands(request.user, program)
    bands.record_bands_read(actor=request.user, result=result)
    context = {
        "program": program,
        "result": result,
        "bar_width": bands.BAR_WIDTH,
        "bar_height": bands.BAR_HEIGHT,
        "chart_width": charts.WIDTH,
    }
    return render(request, "assessments/bands.html", context)


urlpatterns = [
    path(
        "participants/<uuid:public_id>/assessments/trends/",
        participant_trends,
        name="trends",
    ),
    path(
        "programs/<uuid:program_id>/assessments/bands/",
        program_bands,
        name="bands",
    ),
]
