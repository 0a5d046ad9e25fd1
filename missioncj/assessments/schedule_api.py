"""JSON API for schedules; `router` is mounted at /api/v1/.

GET /participants/{participant_id}/schedule   every timepoint owed, its window and state (audited)
GET /programs/{program_id}/follow-up          follow-up rates per schedule and timepoint, and who
                                              is coming due (directors and supervisors; audited)
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from missioncj.accounts.scope import scope_of
from missioncj.assessments.schedules import Occurrence, follow_up_report, occurrences
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode
from missioncj.participants.policies import visible_participant
from missioncj.programs.models import Program

router = Router(tags=["assessments"])


class OccurrenceOut(Schema):
    participant: UUID
    episode: UUID
    program: str
    schedule: str
    timepoint: str
    label: str
    number: int
    state: str
    opens: dt.date | None
    due: dt.date | None
    closes: dt.date | None
    completed_on: dt.date | None
    instruments: list[str]
    missing: list[str]
    administrations: list[UUID]


class RateOut(Schema):
    label: str
    due: int
    completed: int
    rate: float | None
    target: float
    met: bool | None


class ScheduleReportOut(Schema):
    schedule: str
    profile: str
    overall: RateOut
    timepoints: list[RateOut]


class FollowUpOut(Schema):
    program: UUID
    schedules: list[ScheduleReportOut]
    coming_due: list[OccurrenceOut]


def occurrence_out(o: Occurrence) -> dict[str, Any]:
    window = o.window
    return {
        "participant": o.episode.participant.public_id,
        "episode": o.episode.public_id,
        "program": o.episode.program.name,
        "schedule": o.schedule.name,
        "timepoint": o.timepoint.code,
        "label": o.label,
        "number": o.number,
        "state": o.state,
        "opens": window.opens if window else None,
        "due": window.due if window else None,
        "closes": window.closes if window else None,
        "completed_on": o.completed_on,
        "instruments": [i.code for i in o.instruments],
        "missing": [i.code for i in o.missing],
        "administrations": [g.public_id for g in o.done.values()],
    }


def _rate_out(rate: Any) -> dict[str, Any]:
    value = rate.rate
    return {
        "label": rate.label,
        "due": rate.due,
        "completed": rate.completed,
        "rate": float(value) if value is not None else None,
        "target": float(rate.target),
        "met": rate.met,
    }


@router.get(
    "/participants/{participant_id}/schedule",
    response=list[OccurrenceOut],
    summary="Assessments owed by a participant, with windows and states",
)
def participant_schedule(request: HttpRequest, participant_id: UUID) -> list[dict[str, Any]]:
    participant = visible_participant(request, participant_id)
    episodes = list(
        Episode.objects.visible_to(request.user)
        .filter(participant=participant, enrolled_date__isnull=False)
        .select_related("participant", "program", "team")
        .order_by("-enrolled_date")
    )
    found = occurrences(episodes)
    rows = [o for e in episodes for o in found.get(e.pk, [])]
    record(
        kind=AuditKind.READ,
        action="api.schedule.read",
        actor=request.user,
        participant=participant,
        subject=participant,
    )
    return [occurrence_out(o) for o in rows]


@router.get(
    "/programs/{program_id}/follow-up",
    response=FollowUpOut,
    summary="Follow-up rates against the target, and who is coming due",
)
def program_follow_up(request: HttpRequest, program_id: UUID) -> dict[str, Any]:
    program = get_object_or_404(
        Program.objects.filter(pk__in=scope_of(request.user).program_ids), public_id=program_id
    )
    report = follow_up_report(program, user=request.user)
    reports = [
        {
            "schedule": schedule.name,
            "profile": schedule.profile,
            "overall": _rate_out(overall),
            "timepoints": [_rate_out(r) for r in per],
        }
        for schedule, overall, per in report.rates
    ]
    coming = report.coming
    record(
        kind=AuditKind.LIST,
        action="api.follow_up.report",
        actor=request.user,
        subject=program,
        after={"shown": sorted({str(o.episode.participant.public_id) for o in coming})},
    )
    return {
        "program": program.public_id,
        "schedules": reports,
        "coming_due": [occurrence_out(o) for o in coming],
    }
