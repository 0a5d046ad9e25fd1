"""Dashboards: one program (director, supervisors, evaluators), one team (its staff and the
program's overseers) and statewide (every program the user reads reports for). The figures
come from the background task `outcomes.dashboard`; until it is done the page shows its
progress and refreshes itself. Every chart downloads as SVG, as PNG (drawn in the browser from
the SVG) and its data as CSV or XLSX (`?chart=<key>&format=svg|csv|xlsx`); data downloads go
through the export log (`core.exports`)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone

from missioncj.core.audit import record
from missioncj.core.exports import FORMATS, Table, columns, export_response
from missioncj.core.models import AuditKind, TaskStatus
from missioncj.core.tasks import request_task
from missioncj.outcomes.access import report_program, report_program_ids, report_teams
from missioncj.outcomes.dashboards import charts_for, threshold_for
from missioncj.outcomes.forms import PeriodForm, default_period


def _period(request: HttpRequest, program: Any = None) -> PeriodForm:
    zone = program.zone if program is not None else timezone.get_current_timezone()
    today = timezone.now().astimezone(zone).date()
    data = request.GET if "start" in request.GET else default_period(today)
    return PeriodForm(data, program=program)


def _show(
    request: HttpRequest, title: str, form: PeriodForm, params: dict[str, Any], scope: str
) -> HttpResponseBase:
    context: dict[str, Any] = {"title": title, "form": form, "scope": scope}
    if not form.is_valid():
        return render(request, "outcomes/dashboard.html", context, status=422)
    task = request_task(actor=request.user, kind="outcomes.dashboard", params=params)
    context["task"] = task
    if task.status != TaskStatus.DONE:
        return render(request, "outcomes/dashboard.html", context)
    charts = charts_for(task.result or {})
    wanted = request.GET.get("chart")
    if wanted:
        return _download(request, title, charts, wanted, request.GET.get("format", "csv"))
    context.update(charts=charts, data=task.result)
    return render(request, "outcomes/dashboard.html", context)


def _download(
    request: HttpRequest, title: str, charts: list[Any], key: str, fmt: str
) -> HttpResponseBase:
    """A chart's data through the export log (CSV or XLSX), or the chart itself as SVG."""
    chart = next((c for c in charts if c.key == key), None)
    if chart is None or fmt not in ("svg", *FORMATS):
        raise Http404("No such chart.")
    if fmt in FORMATS:
        table = Table(
            chart.key, columns(*((str(i), c) for i, c in enumerate(chart.columns))), chart.rows
        )
        return export_response(
            request,
            table,
            fmt,
            program=None,
            name=f"dashboard.{chart.key}",
            identified=False,
            participant_count=0,
            kind="chart",
        )
    body = render_to_string("outcomes/_chart_svg.html", {"chart": chart, "standalone": True})
    response = HttpResponse(body.encode(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="{chart.key}.svg"'
    record(
        kind=AuditKind.EXPORT,
        action="dashboard.chart",
        actor=request.user,
        after={"dashboard": title, "chart": chart.key, "format": "svg", "bytes": len(body)},
    )
    return response


def _params(form: PeriodForm, program_ids: list[int], **extra: Any) -> dict[str, Any]:
    data = form.cleaned_data if form.is_valid() else {}
    params = {
        "program_ids": sorted(program_ids),
        "start": data["start"].isoformat() if data else "",
        "end": data["end"].isoformat() if data else "",
        "team_id": data.get("team"),
        "court_id": data.get("court"),
        "threshold": threshold_for(program_ids),
    }
    params.update(extra)
    return params


@login_required
def program_dashboard(request: HttpRequest, program_id: UUID) -> HttpResponseBase:
    program = report_program(request.user, program_id)
    form = _period(request, program)
    params = _params(form, [program.pk])
    return _show(request, f"Dashboard · {program.name}", form, params, "program")


@login_required
def team_dashboard(request: HttpRequest, team_id: UUID) -> HttpResponseBase:
    team = get_object_or_404(
        report_teams(request.user).select_related("program"), public_id=team_id
    )
    form = _period(request)
    params = _params(form, [team.program_id], team_id=team.pk, team_user_id=request.user.pk)
    return _show(request, f"Dashboard · {team.name}", form, params, "team")


@login_required
def statewide_dashboard(request: HttpRequest) -> HttpResponseBase:
    program_ids = sorted(report_program_ids(request.user))
    if not program_ids:
        raise Http404("You read no program's reports.")
    form = _period(request)
    params = _params(form, program_ids)
    return _show(request, "Statewide dashboard", form, params, "statewide")


urlpatterns = [
    path("outcomes/dashboard/", statewide_dashboard, name="statewide_dashboard"),
    path("programs/<uuid:program_id>/outcomes/dashboard/", program_dashboard, name="dashboard"),
    path("teams/<uuid:team_id>/dashboard/", team_dashboard, name="team_dashboard"),
]
