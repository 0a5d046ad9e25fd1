"""JSON API for Critical Time Intervention and dose; `router` is mounted at /api/v1/ (PREFIX "").

GET  /participants/{participant_id}/dose        dose per visible episode
GET  /participants/{participant_id}/cti         CTI phases per visible episode, current phase
POST /participants/{participant_id}/cti/moves   move a phase boundary (422 on bad input)
GET  /work-queue                                the caller's alerts
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from missioncj.care import alerts as work
from missioncj.care import cti
from missioncj.care.dose import EpisodeDose, as_json, doses
from missioncj.care.models import CtiBoundary
from missioncj.care.services.cti import REASON_MAX, move_cti_boundary
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode, EpisodeStatus, Participant
from missioncj.participants.policies import visible_participant

PREFIX = ""
router = Router(tags=["cti"])


class SessionsOut(Schema):
    completed: int
    total: int


class PhaseTallyOut(Schema):
    phase: int
    name: str
    made: int
    expected: int


class DoseOut(Schema):
    episode: UUID
    program: str
    status: str
    drt: SessionsOut
    peer: SessionsOut
    prosocial: SessionsOut
    cti: list[PhaseTallyOut]
    collateral: int
    vocational: int


class PhaseOut(Schema):
    number: int
    name: str
    start: dt.date
    end: dt.date = Field(description="exclusive: the day the next phase starts")
    last_day: dt.date
    contact_every_days: int


class PeriodOut(Schema):
    start: dt.date
    end: dt.date = Field(description="exclusive")
    made: int
    target: int
    summary: str


class EpisodeCtiOut(Schema):
    episode: UUID
    program: str
    status: str
    enrolled_date: dt.date | None
    today: dt.date = Field(description="the local date in the program's time zone")
    phases: list[PhaseOut]
    current_phase: int | None
    days_left: int | None
    period: PeriodOut | None
    moved_boundaries: dict[int, dt.date]


class MoveIn(Schema):
    episode: UUID | None = Field(
        None, description="defaults to the participant's enrolled episode you can see"
    )
    boundary: CtiBoundary = Field(description="1 try-out start, 2 transfer start, 3 CTI end")
    new_date: dt.date
    reason: str = Field(min_length=1, max_length=REASON_MAX)


class AlertOut(Schema):
    kind: str
    label: str
    participant: UUID
    participant_name: str
    episode: UUID
    team: str
    message: str
    due: dt.date
    overdue: bool
    url: str


def _episodes(request: HttpRequest, participant: Participant) -> list[Episode]:
    return list(
        Episode.objects.visible_to(request.user)
        .filter(participant=participant, enrolled_date__isnull=False)
        .select_related("program", "team")
        .order_by("-enrolled_date", "-pk")
    )


def _read(request: HttpRequest, participant: Participant, action: str, items: list[Any]) -> None:
    record(
        kind=AuditKind.READ,
        action=action,
        actor=request.user,
        participant=participant,
        subject=participant,
        after={"episodes": [str(item.episode.public_id) for item in items]},
    )


def _cti_out(item: EpisodeDose) -> dict[str, Any]:
    phase, current = item.current, item.period
    return {
        "episode": item.episode.public_id,
        "program": item.episode.program.name,
        "status": item.episode.status,
        "enrolled_date": item.episode.enrolled_date,
        "today": item.today,
        "phases": [
            {
                "number": p.number,
                "name": p.name,
                "start": p.start,
                "end": p.end,
                "last_day": p.last_day,
                "contact_every_days": p.contact_every_days,
            }
            for p in item.phases
        ],
        "current_phase": phase.number if phase else None,
        "days_left": item.days_left,
        "period": {
            "start": current.start,
            "end": current.end,
            "made": current.made,
            "target": current.target,
            "summary": cti.period_summary(phase, current),
        }
        if phase and current
        else None,
        "moved_boundaries": item.moved,
    }


@router.get(
    "/participants/{participant_id}/dose",
    response=list[DoseOut],
    summary="Dose per episode: DRT x/N, peer x/N, prosocial x/N, CTI contacts per phase",
)
def participant_dose(request: HttpRequest, participant_id: UUID) -> list[dict[str, Any]]:
    participant = visible_participant(request, participant_id)
    episodes = _episodes(request, participant)
    by_pk = doses(episodes)
    items = [by_pk[e.pk] for e in episodes]
    _read(request, participant, "api.dose.read", items)
    return [as_json(item) for item in items]


@router.get(
    "/participants/{participant_id}/cti",
    response=list[EpisodeCtiOut],
    summary="CTI phases with dates and the current phase, per episode",
)
def participant_cti(request: HttpRequest, participant_id: UUID) -> list[dict[str, Any]]:
    participant = visible_participant(request, participant_id)
    episodes = _episodes(request, participant)
    by_pk = doses(episodes)
    items = [by_pk[e.pk] for e in episodes]
    _read(request, participant, "api.cti.read", items)
    return [_cti_out(item) for item in items]


@router.post(
    "/participants/{participant_id}/cti/moves",
    response={201: EpisodeCtiOut},
    summary="Move a CTI phase boundary (with a reason)",
)
def move_cti(request: HttpRequest, participant_id: UUID, payload: MoveIn) -> Any:
    participant = visible_participant(request, participant_id)
    candidates = Episode.objects.visible_to(request.user).filter(
        participant=participant, status=EpisodeStatus.ENROLLED
    )
    if payload.episode is not None:
        candidates = candidates.filter(public_id=payload.episode)
    episode = candidates.select_related("program", "team").order_by("-enrolled_date").first()
    if episode is None:
        raise ValidationError({"episode": "No enrolled episode of this participant to move."})
    move_cti_boundary(
        actor=request.user,
        episode=episode,
        boundary=int(payload.boundary),
        new_date=payload.new_date,
        reason=payload.reason,
    )
    return _cti_out(doses([episode])[episode.pk])  # 201: the only status this route declares


@router.get("/work-queue", response=list[AlertOut], summary="The caller's work queue")
def work_queue(request: HttpRequest) -> list[dict[str, Any]]:
    alerts = work.alerts_for_user(request.user)
    record(
        kind=AuditKind.LIST,
        action="api.work_queue.list",
        actor=request.user,
        after={"shown": sorted({str(a.participant.public_id) for a in alerts})},
    )
    return [
        {
            "kind": a.kind,
            "label": a.label,
            "participant": a.participant.public_id,
            "participant_name": a.participant.display_name,
            "episode": a.episode.public_id,
            "team": a.team_name,
            "message": a.message,
            "due": a.due,
            "overdue": a.overdue,
            "url": a.url,
        }
        for a in alerts
    ]
