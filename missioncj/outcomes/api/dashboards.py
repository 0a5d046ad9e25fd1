"""Dashboards over the JSON API: start (or reuse) the computation and read its progress and
figures. 200 with the figures when they are ready, 202 with the progress while they are not;
poll `GET /api/v1/tasks/{task_id}` or repeat the request. Mounted at /api/v1."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema

from missioncj.core.models import Task, TaskStatus
from missioncj.core.tasks import request_task
from missioncj.outcomes.access import report_program, report_program_ids
from missioncj.outcomes.dashboards import threshold_for
from missioncj.outcomes.forms import PeriodForm, default_period

PREFIX = ""
router = Router(tags=["outcomes"])


class Period(Schema):
    """Empty dates mean the page's default: the last twelve whole months up to today."""

    start: str = ""
    end: str = ""
    team: str = ""
    court: str = ""


def task_body(task: Task) -> dict[str, Any]:
    return {
        "task": str(task.public_id),
        "status": task.status,
        "percent": task.percent,
        "step": task.step,
        "error": task.error or None,
        "result": task.result if task.status == TaskStatus.DONE else None,
    }


def _answer(task: Task) -> tuple[int, dict[str, Any]]:
    return (200 if task.status in (TaskStatus.DONE, TaskStatus.FAILED) else 202), task_body(task)


@router.get(
    "/programs/{program_id}/dashboard",
    response={200: dict, 202: dict},
    url_name="program_dashboard",
)
def program_dashboard(
    request: HttpRequest, program_id: UUID, period: Query[Period]
) -> tuple[int, dict[str, Any]]:
    program = report_program(request.user, program_id)
    given = period.dict()
    if not given["start"] and not given["end"]:
        given.update(default_period(timezone.now().astimezone(program.zone).date()))
    form = PeriodForm(given, program=program)
    if not form.is_valid():
        raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
    data = form.cleaned_data
    params = {
        "program_ids": [program.pk],
        "start": data["start"].isoformat(),
        "end": data["end"].isoformat(),
        "team_id": data.get("team"),
        "court_id": data.get("court"),
        "threshold": threshold_for([program.pk]),
    }
    return _answer(request_task(actor=request.user, kind="outcomes.dashboard", params=params))


def may_read(user: Any, task: Task) -> bool:
    """The requester, or anyone who would have been handed the same task: its programs are all
    within their report scope and it is not a team dashboard built for someone else."""
    if task.requested_by_id == user.pk:
        return True
    params = task.params or {}
    own = params.get("team_user_id") in (None, user.pk)
    programs = set(params.get("program_ids") or [])
    return own and bool(programs) and programs <= report_program_ids(user)


@router.get("/tasks/{task_id}", response={200: dict, 202: dict}, url_name="task")
def task(request: HttpRequest, task_id: UUID) -> tuple[int, dict[str, Any]]:
    """A background task the caller may read (see `may_read`); anyone else gets a 404."""
    found = get_object_or_404(Task, public_id=task_id, kind="outcomes.dashboard")
    if not may_read(request.user, found):
        raise Http404("No such task.")
    return _answer(found)
