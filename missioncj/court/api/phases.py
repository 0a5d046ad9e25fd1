"""Court API: phases and responses; `router` is mounted at /api/v1/ (PREFIX "").

GET  /courts/{court_id}/phases                       a court's phases (program staff)
GET  /participants/{participant_id}/court-phase      current phase, criteria with figures, moves
POST /participants/{participant_id}/court-phase/moves  start, promote or demote (422 on bad input)
GET  /participants/{participant_id}/responses        incentives, sanctions, adjustments, ratio
POST /participants/{participant_id}/responses        record one
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import Field

from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.court.models import Court, CourtPhase, CourtResponse, Hearing, PhaseMove
from missioncj.court.phase_criteria import PhaseStatus, phase_statuses
from missioncj.court.policies import visible_courts
from missioncj.court.response_stats import Ratio, episode_ratios
from missioncj.court.services import phase_moves, responses
from missioncj.participants.models import Episode, EpisodeStatus, Participant
from missioncj.participants.policies import visible_participant

PREFIX = ""
router = Router(tags=["court phases"])


class PhaseOut(Schema):
    id: UUID
    number: int
    name: str
    min_days: int
    negative_days: int
    attendance_percent: int
    no_sanctions_days: int
    tasks: list[str]
    tests_per_week: Decimal
    hearing_every_days: int


class CriterionOut(Schema):
    criterion: str
    label: str
    status: Literal["met", "not_met", "not_a_criterion"]
    figures: str


class MoveOut(Schema):
    id: UUID
    kind: str
    phase: int
    phase_name: str
    on: dt.date
    decided_by: str
    reason: str
    recorded_by: str


class CourtPhaseOut(Schema):
    episode: UUID
    program: str
    court: str | None
    current_phase: PhaseOut | None
    entered_on: dt.date | None
    days_in_phase: int | None
    today: dt.date | None
    ready: bool
    criteria: list[CriterionOut]
    moves: list[MoveOut]


class MoveIn(Schema):
    episode: UUID | None = Field(None, description="defaults to the newest enrolled episode")
    kind: Literal["start", "promote", "demote"]
    on: dt.date
    decided_by: str = Field(max_length=phase_moves.DECIDED_BY_MAX)
    reason: str = Field("", max_length=phase_moves.REASON_MAX)
    court: UUID | None = Field(None, description="start only: the court (default: the only one)")
    to_phase: int | None = Field(None, description="demote only: the phase number to return to")


class RatioOut(Schema):
    incentives: int
    sanctions: int
    service_adjustments: int
    ratio: str = Field(description='e.g. "4.0 : 1", or "no sanctions"')
    under_target: bool


class ResponseOut(Schema):
    id: UUID
    episode: UUID
    kind: str
    behaviour: str
    response: str
    magnitude: str
    jail_days: int | None
    decided_on: dt.date
    delivered_on: dt.date | None
    decided_by: str
    hearing: UUID | None
    recorded_by: str


class ResponsesOut(Schema):
    ratio: RatioOut
    items: list[ResponseOut]


class ResponseIn(Schema):
    episode: UUID | None = Field(None, description="defaults to the newest enrolled episode")
    kind: Literal["incentive", "sanction", "service_adjustment"]
    behaviour: str = Field(max_length=responses.TEXT_MAX)
    response: str = Field(max_length=responses.TEXT_MAX)
    magnitude: Literal["low", "moderate", "high"]
    jail_days: int | None = None
    decided_on: dt.date
    delivered_on: dt.date | None = None
    decided_by: str = Field(max_length=responses.DECIDED_BY_MAX)
    hearing: UUID | None = None


def _phase_out(phase: CourtPhase) -> dict[str, Any]:
    return {
        "id": phase.public_id,
        "number": phase.number,
        "name": phase.name,
        "min_days": phase.min_days,
        "negative_days": phase.negative_days,
        "attendance_percent": phase.attendance_percent,
        "no_sanctions_days": phase.no_sanctions_days,
        "tasks": list(phase.tasks or []),
        "tests_per_week": phase.tests_per_week,
        "hearing_every_days": phase.hearing_every_days,
    }


def _enrolled(request: HttpRequest, participant: Participant) -> list[Episode]:
    return list(
        Episode.objects.visible_to(request.user)
        .filter(participant=participant, enrolled_date__isnull=False)
        .select_related("program", "team", "participant")
        .order_by("-enrolled_date", "-pk")
    )


def _episode(request: HttpRequest, participant: Participant, wanted: UUID | None) -> Episode:
    episodes = _enrolled(request, participant)
    if wanted is not None:
        episodes = [e for e in episodes if e.public_id == wanted]
    else:
        episodes.sort(key=lambda e: e.status != EpisodeStatus.ENROLLED)
    if not episodes:
        raise ValidationError({"episode": "No enrolled episode of this participant you can see."})
    return episodes[0]


def _court_phase_out(
    episode: Episode, status: PhaseStatus | None, moves: list[PhaseMove]
) -> dict[str, Any]:
    return {
        "episode": episode.public_id,
        "program": episode.program.name,
        "court": status.phase.court.name if status else None,
        "current_phase": _phase_out(status.phase) if status else None,
        "entered_on": status.entered_on if status else None,
        "days_in_phase": status.days_in_phase if status else None,
        "today": status.today if status else None,
        "ready": status.ready if status else False,
        "criteria": [
            {"criterion": c.key, "label": c.label, "status": c.status, "figures": c.figures}
            for c in (status.criteria if status else [])
        ],
        "moves": [
            {
                "id": m.public_id,
                "kind": m.kind,
                "phase": m.phase.number,
                "phase_name": m.phase.name,
                "on": m.on,
                "decided_by": m.decided_by,
                "reason": m.reason,
                "recorded_by": m.recorded_by.username,
            }
            for m in moves
            if m.episode_id == episode.pk
        ],
    }


def _court_phases(episodes: list[Episode]) -> list[dict[str, Any]]:
    statuses = phase_statuses(episodes)
    moves = list(
        PhaseMove.objects.filter(episode__in=episodes)
        .select_related("phase", "recorded_by")
        .order_by("on", "pk")
    )
    return [_court_phase_out(e, statuses.get(e.pk), moves) for e in episodes]


@router.get(
    "/courts/{court_id}/phases",
    response=list[PhaseOut],
    summary="A court's phases and what it takes to advance",
    url_name="court_phases",
)
def court_phases(request: HttpRequest, court_id: UUID) -> list[dict[str, Any]]:
    court = get_object_or_404(visible_courts(request.user), public_id=court_id)
    return [_phase_out(p) for p in court.phases.order_by("number")]


@router.get(
    "/participants/{participant_id}/court-phase",
    response=list[CourtPhaseOut],
    summary="Current court phase, each criterion with its figures, and the moves, per episode",
    url_name="participant_court_phase",
)
def participant_court_phase(request: HttpRequest, participant_id: UUID) -> list[dict[str, Any]]:
    participant = visible_participant(request, participant_id)
    episodes = _enrolled(request, participant)
    record(
        kind=AuditKind.READ,
        action="api.court_phase.read",
        actor=request.user,
        participant=participant,
        subject=participant,
        after={"episodes": [str(e.public_id) for e in episodes]},
    )
    return _court_phases(episodes)


@router.post(
    "/participants/{participant_id}/court-phase/moves",
    response={201: CourtPhaseOut},
    summary="Start in Phase 1, promote, or demote (with date, who decided and reason)",
    url_name="court_phase_move",
)
def court_phase_move(request: HttpRequest, participant_id: UUID, payload: MoveIn) -> Any:
    participant = visible_participant(request, participant_id)
    episode = _episode(request, participant, payload.episode)
    common: dict[str, Any] = {
        "actor": request.user,
        "episode": episode,
        "on": payload.on,
        "decided_by": payload.decided_by,
        "reason": payload.reason,
    }
    if payload.kind == "start":
        courts = list(Court.objects.filter(program_id=episode.program_id))
        if payload.court is not None:
            courts = [c for c in courts if c.public_id == payload.court]
        if len(courts) != 1:
            raise ValidationError(
                {"court": "Name the court (one of the program's courts)."}
                if courts or payload.court is None
                else {"court": "No such court in the participant's program."}
            )
        phase_moves.start_phase(court=courts[0], **common)
    elif payload.kind == "promote":
        phase_moves.promote(**common)
    else:
        if payload.to_phase is None:
            raise ValidationError({"to_phase": "Give the phase number to return to."})
        phase_moves.demote(to_number=payload.to_phase, **common)
    return _court_phases([episode])[0]


def _response_out(item: CourtResponse) -> dict[str, Any]:
    return {
        "id": item.public_id,
        "episode": item.episode.public_id,
        "kind": item.kind,
        "behaviour": item.behaviour,
        "response": item.response,
        "magnitude": item.magnitude,
        "jail_days": item.jail_days,
        "decided_on": item.decided_on,
        "delivered_on": item.delivered_on,
        "decided_by": item.decided_by,
        "hearing": item.hearing.public_id if item.hearing else None,
        "recorded_by": item.recorded_by.username,
    }


@router.get(
    "/participants/{participant_id}/responses",
    response=ResponsesOut,
    summary="Incentives, sanctions and service adjustments, and the ratio (visible episodes)",
    url_name="participant_responses",
)
def participant_responses(request: HttpRequest, participant_id: UUID) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    episodes = _enrolled(request, participant)
    items = list(
        CourtResponse.objects.filter(episode__in=episodes)
        .select_related("episode", "hearing", "recorded_by")
        .order_by("-decided_on", "-pk")
    )
    ratios = episode_ratios([e.pk for e in episodes])
    total = sum(ratios.values(), start=Ratio())
    record(
        kind=AuditKind.READ,
        action="api.court_responses.read",
        actor=request.user,
        participant=participant,
        subject=participant,
        after={"episodes": [str(e.public_id) for e in episodes], "count": len(items)},
    )
    return {
        "ratio": {
            "incentives": total.incentives,
            "sanctions": total.sanctions,
            "service_adjustments": total.adjustments,
            "ratio": total.text,
            "under_target": total.under_target,
        },
        "items": [_response_out(i) for i in items],
    }


@router.post(
    "/participants/{participant_id}/responses",
    response={201: ResponseOut},
    summary="Record an incentive, sanction or service adjustment",
    url_name="record_court_response",
)
def record_court_response(request: HttpRequest, participant_id: UUID, payload: ResponseIn) -> Any:
    participant = visible_participant(request, participant_id)
    episode = _episode(request, participant, payload.episode)
    hearing = None
    if payload.hearing is not None:
        hearing = Hearing.objects.filter(
            court__program_id=episode.program_id, public_id=payload.hearing
        ).first()
        if hearing is None:
            raise ValidationError({"hearing": "No such hearing on the program's courts."})
    data = payload.model_dump(exclude={"episode", "hearing"})
    item = responses.record_response(actor=request.user, episode=episode, hearing=hearing, **data)
    return _response_out(item)
