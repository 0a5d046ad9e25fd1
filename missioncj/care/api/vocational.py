"""Vocational / educational support and legal obligations over the JSON API.
Mounted at /api/v1/participants."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from missioncj.care.models import (
    ActivityKind,
    ActivityStatus,
    EducationStatus,
    EmploymentStatus,
    LegalObligation,
    ObligationKind,
    ObligationStatus,
    VocationalActivity,
    VocationalStatus,
)
from missioncj.care.services import vocational as services
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode, EpisodeStatus, Participant
from missioncj.participants.policies import visible_participant

PREFIX = "/participants"
router = Router(tags=["vocational"])


# --- schemas --------------------------------------------------------------------------------------


class StatusOut(Schema):
    episode: UUID
    as_of: dt.date
    employment: str
    education: str
    employer: str
    hours_per_week: int | None
    note: str
    recorded_by: str


class ActivityOut(Schema):
    id: UUID
    episode: UUID
    kind: str
    on: dt.date
    description: str
    status: str
    recorded_by: str


class VocationalOut(Schema):
    current: StatusOut | None
    history: list[StatusOut]
    activities: list[ActivityOut]


class StatusIn(Schema):
    episode: UUID | None = Field(None, description="defaults to the newest episode")
    as_of: dt.date
    employment: VocationalStatus
    education: EducationStatus = EducationStatus.NONE
    employer: str = Field("", max_length=150)
    hours_per_week: int | None = Field(None, ge=0, le=100)
    note: str = Field("", max_length=300)


class ActivityIn(Schema):
    episode: UUID | None = Field(None, description="defaults to the newest episode")
    kind: ActivityKind
    on: dt.date
    description: str = Field(max_length=300)
    status: ActivityStatus = ActivityStatus.PLANNED


class ActivityStatusIn(Schema):
    activity: UUID
    status: ActivityStatus


class ObligationOut(Schema):
    id: UUID
    kind: str
    jurisdiction: str
    description: str
    amount_owed: Decimal
    amount_paid: Decimal
    balance: Decimal
    due_date: dt.date | None
    status: str
    resolved_on: dt.date | None


class ObligationList(Schema):
    open_count: int
    balance_owed: Decimal
    items: list[ObligationOut]


class ObligationIn(Schema):
    kind: ObligationKind
    description: str = Field(max_length=300)
    jurisdiction: str = Field("", max_length=120)
    amount_owed: Decimal = Field(Decimal("0.00"), ge=0, max_digits=10, decimal_places=2)
    amount_paid: Decimal = Field(Decimal("0.00"), ge=0, max_digits=10, decimal_places=2)
    due_date: dt.date | None = None


class ObligationUpdateIn(Schema):
    """Only the fields given change; `resolved_on` is needed when the status is resolved."""

    obligation: UUID
    status: ObligationStatus | None = None
    amount_paid: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    amount_owed: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    due_date: dt.date | None = None
    resolved_on: dt.date | None = None
    description: str | None = Field(None, max_length=300)
    jurisdiction: str | None = Field(None, max_length=120)


# --- helpers --------------------------------------------------------------------------------------


def _episodes(request: HttpRequest, participant: Participant) -> QuerySet[Episode]:
    return Episode.objects.visible_to(request.user).filter(participant=participant)


def _episode(request: HttpRequest, participant: Participant, episode_id: UUID | None) -> Episode:
    episodes = (
        _episodes(request, participant)
        .exclude(status=EpisodeStatus.NOT_ENROLLED)
        .select_related("program")
    )
    if episode_id is not None:
        episode = episodes.filter(public_id=episode_id).first()
    else:
        episode = episodes.order_by("-referral_date", "-pk").first()
    if episode is None:
        raise ValidationError({"episode": "No such episode for this participant."})
    return episode


def _status_out(s: EmploymentStatus) -> dict[str, Any]:
    return {
        "episode": s.episode.public_id,
        "as_of": s.as_of,
        "employment": s.employment,
        "education": s.education,
        "employer": s.employer,
        "hours_per_week": s.hours_per_week,
        "note": s.note,
        "recorded_by": s.recorded_by.username,
    }


def _activity_out(a: VocationalActivity) -> dict[str, Any]:
    return {
        "id": a.public_id,
        "episode": a.episode.public_id,
        "kind": a.kind,
        "on": a.on,
        "description": a.description,
        "status": a.status,
        "recorded_by": a.recorded_by.username,
    }


def _obligation_out(o: LegalObligation) -> dict[str, Any]:
    owed, paid = Decimal(o.amount_owed), Decimal(o.amount_paid)
    return {
        "id": o.public_id,
        "kind": o.kind,
        "jurisdiction": o.jurisdiction,
        "description": o.description,
        "amount_owed": owed,
        "amount_paid": paid,
        "balance": owed - paid,
        "due_date": o.due_date,
        "status": o.status,
        "resolved_on": o.resolved_on,
    }


def _read(request: HttpRequest, participant: Participant, action: str, shown: list[str]) -> None:
    record(
        kind=AuditKind.READ,
        action=action,
        actor=request.user,
        participant=participant,
        subject=participant,
        after={"shown": shown},
    )


# --- vocational -----------------------------------------------------------------------------------


@router.get(
    "/{participant_id}/vocational",
    response=VocationalOut,
    summary="Employment and education over time, and activities",
    url_name="vocational_get",
)
def get_vocational(request: HttpRequest, participant_id: UUID) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    episodes = _episodes(request, participant)
    history = list(
        EmploymentStatus.objects.filter(episode__in=episodes)
        .select_related("episode", "recorded_by")
        .order_by("-as_of", "-pk")
    )
    activities = list(
        VocationalActivity.objects.filter(episode__in=episodes)
        .select_related("episode", "recorded_by")
        .order_by("-on", "-pk")
    )
    _read(request, participant, "api.vocational.read", [str(a.public_id) for a in activities])
    return {
        "current": _status_out(history[0]) if history else None,
        "history": [_status_out(s) for s in history],
        "activities": [_activity_out(a) for a in activities],
    }


@router.post(
    "/{participant_id}/vocational",
    response={201: StatusOut},
    summary="Record employment and education status",
    url_name="vocational_status",
)
def record_status(request: HttpRequest, participant_id: UUID, payload: StatusIn) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    episode = _episode(request, participant, payload.episode)
    status = services.record_employment_status(
        actor=request.user,
        episode=episode,
        as_of=payload.as_of,
        employment=payload.employment.value,
        education=payload.education.value,
        employer=payload.employer,
        hours_per_week=payload.hours_per_week,
        note=payload.note,
    )
    return _status_out(status)


@router.post(
    "/{participant_id}/vocational/activities",
    response={201: ActivityOut},
    summary="Record a vocational activity",
    url_name="vocational_activity",
)
def record_activity(
    request: HttpRequest, participant_id: UUID, payload: ActivityIn
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    episode = _episode(request, participant, payload.episode)
    activity = services.record_vocational_activity(
        actor=request.user,
        episode=episode,
        kind=payload.kind.value,
        on=payload.on,
        description=payload.description,
        status=payload.status.value,
    )
    return _activity_out(activity)


@router.post(
    "/{participant_id}/vocational/activities/status",
    response=ActivityOut,
    summary="Change an activity's status (e.g. a benefits application approved)",
    url_name="vocational_activity_status",
)
def activity_status(
    request: HttpRequest, participant_id: UUID, payload: ActivityStatusIn
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    activity = (
        VocationalActivity.objects.filter(
            episode__in=_episodes(request, participant), public_id=payload.activity
        )
        .select_related("episode")
        .first()
    )
    if activity is None:
        raise ValidationError({"activity": "No such activity for this participant."})
    activity = services.update_activity_status(
        actor=request.user, activity=activity, status=payload.status.value
    )
    return _activity_out(activity)


# --- legal obligations ----------------------------------------------------------------------------


@router.get(
    "/{participant_id}/legal-obligations",
    response=ObligationList,
    summary="Legal obligations outside the court's conditions",
    url_name="legal_list",
)
def list_obligations(request: HttpRequest, participant_id: UUID) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    obligations = list(participant.legal_obligations.all())
    open_ones = sorted(
        (o for o in obligations if o.status != ObligationStatus.RESOLVED),
        key=lambda o: (o.due_date or dt.date.max, o.pk),
    )
    resolved = [o for o in obligations if o.status == ObligationStatus.RESOLVED]
    _read(request, participant, "api.legal.read", [str(o.public_id) for o in obligations])
    return {
        "open_count": len(open_ones),
        "balance_owed": sum(
            (Decimal(o.amount_owed) - Decimal(o.amount_paid) for o in open_ones),
            Decimal("0.00"),
        ),
        "items": [_obligation_out(o) for o in [*open_ones, *resolved]],
    }


@router.post(
    "/{participant_id}/legal-obligations",
    response={201: ObligationOut},
    summary="Add a legal obligation",
    url_name="legal_add",
)
def add_obligation(
    request: HttpRequest, participant_id: UUID, payload: ObligationIn
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    obligation = services.add_obligation(
        actor=request.user,
        participant=participant,
        kind=payload.kind.value,
        description=payload.description,
        jurisdiction=payload.jurisdiction,
        amount_owed=payload.amount_owed,
        amount_paid=payload.amount_paid,
        due_date=payload.due_date,
    )
    return _obligation_out(obligation)


@router.post(
    "/{participant_id}/legal-obligations/update",
    response=ObligationOut,
    summary="Update a legal obligation (payments, due date, status, resolution)",
    url_name="legal_update",
)
def update_obligation(
    request: HttpRequest, participant_id: UUID, payload: ObligationUpdateIn
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    obligation = participant.legal_obligations.filter(public_id=payload.obligation).first()
    if obligation is None:
        raise ValidationError({"obligation": "No such obligation for this participant."})
    given = payload.model_fields_set - {"obligation"}
    changes: dict[str, Any] = {}
    for name in given:
        value = getattr(payload, name)
        if name == "status" and value is not None:
            value = value.value
        keep_on_null = ("status", "description", "jurisdiction", "amount_owed", "amount_paid")
        if name in keep_on_null and value is None:
            continue  # null for these means: leave as it is
        changes[name] = value
    obligation = services.update_obligation(actor=request.user, obligation=obligation, **changes)
    return _obligation_out(obligation)
