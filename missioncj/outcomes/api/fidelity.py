"""Fidelity and dose over the JSON API; `router` is mounted at /api/v1/ (PREFIX "").

GET /programs/{program_id}/fidelity           summary, teams, staff, phases, weeks, high / low;
                                              participants only for director and supervisor
GET /participants/{participant_id}/fidelity   weekly rows, phase totals and score per episode
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router

from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.outcomes import fidelity
from missioncj.outcomes import fidelity_weeks as weeks
from missioncj.outcomes.access import evaluator_floor, is_evaluator_for, report_program
from missioncj.outcomes.fidelity_report import program_fidelity
from missioncj.outcomes.views.fidelity import participant_items
from missioncj.participants.policies import visible_participant
from missioncj.participants.services import local_today
from missioncj.programs.models import Team

PREFIX = ""
router = Router(tags=["fidelity"])


def _score(item: fidelity.EpisodeFidelity) -> dict[str, Any]:
    return {
        "value": item.score.value,
        "fidelity": item.score.fidelity,
        "criteria": [
            {
                "key": a.criterion.key,
                "weight": a.criterion.weight,
                "target": a.criterion.target,
                "achieved": None if a.value is None else round(a.value, 2),
            }
            for a in item.score.items
        ],
    }


def _week(row: weeks.WeekRow) -> dict[str, Any]:
    return {
        "week": row.start,
        "last_day": row.end,
        "phase": row.phase,
        "contact_every_days": row.every_days,
        "cti_met": row.cti_met,
        **row.counts.as_dict(),
    }


def _phase(total: weeks.PhaseTotal) -> dict[str, Any]:
    return {
        "phase": total.phase,
        "name": total.name,
        "weeks": total.weeks,
        "target_weeks": total.target_weeks,
        "met_weeks": total.met_weeks,
        **total.counts.as_dict(),
    }


def _team(program: Any, team_id: UUID | None) -> Team | None:
    if team_id is None:
        return None
    found = Team.objects.filter(program=program, public_id=team_id).first()
    if found is None:
        raise ValidationError({"team": "No such team in this program."})
    return found


@router.get(
    "/programs/{program_id}/fidelity",
    response=dict[str, Any],
    url_name="program_fidelity",
    summary="Fidelity and dose for a program: weeks start..end (default the last 13 weeks)",
)
def program_fidelity_api(
    request: HttpRequest,
    program_id: UUID,
    start: dt.date | None = None,
    end: dt.date | None = None,
    team: UUID | None = None,
) -> dict[str, Any]:
    program = report_program(request.user, program_id)
    evaluator = is_evaluator_for(request.user, program)
    today = local_today(program)
    end = end or today
    start = start or end - dt.timedelta(weeks=12)
    if start > end:
        raise ValidationError({"start": "The start must be on or before the end."})
    report = program_fidelity(
        request.user,
        program,
        start=start,
        end=end,
        today=today,
        team=_team(program, team),
        identified=not evaluator,
        floor=evaluator_floor(request.user, program),
    )
    if report.notice:
        return {"program": str(program.public_id), "suppressed": report.notice}
    body: dict[str, Any] = {
        "program": str(program.public_id),
        "start": start,
        "end": end,
        "through": report.through,
        "summary": report.summary.as_json(),
        "teams": [line.as_json() for line in report.teams],
        "staff": [line.as_json() for line in report.staff],
        "phases": [line.as_json() for line in report.phases],
        "weeks": [{"week": monday, **line.as_json()} for monday, line in report.weeks],
        "high": None if report.classes_hidden else report.classes[fidelity.HIGH],
        "low": None if report.classes_hidden else report.classes[fidelity.LOW],
        "high_percent": None if report.classes_hidden else report.high_percent,
        "lines_withheld": report.withheld,
    }
    if report.participants is not None:
        body["participants"] = [
            {
                "participant": str(p.item.episode.participant.public_id),
                "name": p.item.episode.participant.display_name,
                "episode": str(p.item.episode.public_id),
                "weeks": len(p.rows),
                "cti_met_percent": p.met_percent,
                "score": _score(p.item),
            }
            for p in report.participants
        ]
        record(
            kind=AuditKind.LIST,
            action="api.fidelity.program_report",
            actor=request.user,
            subject=program,
            after={"shown": [p["episode"] for p in body["participants"]]},
        )
    return body


@router.get(
    "/participants/{participant_id}/fidelity",
    response=list[dict[str, Any]],
    url_name="participant_fidelity",
    summary="Fidelity and dose by week for each visible enrolled episode",
)
def participant_fidelity_api(request: HttpRequest, participant_id: UUID) -> list[dict[str, Any]]:
    participant = visible_participant(request, participant_id)
    items = participant_items(request.user, participant)
    record(
        kind=AuditKind.READ,
        action="api.fidelity.participant",
        actor=request.user,
        participant=participant,
        subject=participant,
        after={"episodes": [str(i.episode.public_id) for i in items]},
    )
    return [
        {
            "episode": str(item.episode.public_id),
            "program": item.episode.program.name,
            "enrolled_date": item.episode.enrolled_date,
            "score": _score(item),
            "phases": [_phase(t) for t in item.phases],
            "weeks": [_week(r) for r in item.rows],
        }
        for item in items
    ]
