"""Restricted records over the JSON API: flag / unflag, break the glass, and the review queue.
Mounted at /api/v1."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import Field

from missioncj.participants.models import BreakGlassGrant, Participant
from missioncj.participants.restricted import maskable
from missioncj.privacy.services import restricted as services

PREFIX = ""
router = Router(tags=["restricted records"])


class RestrictionIn(Schema):
    restricted: bool
    reason: str = Field("", max_length=300)


class RestrictionOut(Schema):
    id: UUID
    restricted: bool
    reason: str
    restricted_at: dt.datetime | None


class BreakGlassIn(Schema):
    reason: str = Field(max_length=500, description="at least 15 characters")
    confirm: str = Field(max_length=10, description='type "OPEN" to confirm')


class GrantOut(Schema):
    id: UUID
    participant: UUID
    program: str
    user: str
    reason: str
    opened_at: dt.datetime
    expires_at: dt.datetime
    reviewed_at: dt.datetime | None
    reviewed_by: str | None


class ReviewIn(Schema):
    note: str = Field("", max_length=500)


def _reachable(request: HttpRequest, participant_id: UUID) -> Participant:
    user = request.user
    found = Participant.objects.visible_to(user).filter(public_id=participant_id).first()
    return found or get_object_or_404(maskable(user), public_id=participant_id)


def _grant(grant: BreakGlassGrant) -> dict[str, Any]:
    return {
        "id": grant.public_id,
        "participant": grant.participant.public_id,
        "program": grant.program.name,
        "user": grant.user.username,
        "reason": grant.reason,
        "opened_at": grant.opened_at,
        "expires_at": grant.expires_at,
        "reviewed_at": grant.reviewed_at,
        "reviewed_by": grant.reviewed_by.username if grant.reviewed_by else None,
    }


@router.put(
    "/participants/{participant_id}/restriction",
    response=RestrictionOut,
    summary="Restrict a record to its team, or lift the restriction (directors, supervisors)",
    url_name="participant_restriction",
)
def set_restriction(
    request: HttpRequest, participant_id: UUID, payload: RestrictionIn
) -> dict[str, Any]:
    participant = _reachable(request, participant_id)
    if not services.can_manage_restriction(request.user, participant):
        raise Http404("No such participant")
    if payload.restricted:
        participant = services.restrict_participant(
            actor=request.user, participant=participant, reason=payload.reason
        )
    else:
        participant = services.unrestrict_participant(actor=request.user, participant=participant)
    return {
        "id": participant.public_id,
        "restricted": participant.restricted,
        "reason": participant.restricted_reason,
        "restricted_at": participant.restricted_at,
    }


@router.post(
    "/participants/{participant_id}/break-glass",
    response={201: GrantOut},
    summary="Open a restricted record for a limited time, with a reason",
    url_name="participant_break_glass",
)
def break_glass(
    request: HttpRequest, participant_id: UUID, payload: BreakGlassIn
) -> dict[str, Any]:
    participant = _reachable(request, participant_id)
    grant = services.break_glass(
        actor=request.user, participant=participant, reason=payload.reason, confirm=payload.confirm
    )
    return _grant(grant)  # 201, the declared status


@router.get(
    "/break-glass/reviews",
    response=list[GrantOut],
    summary="Break-the-glass openings of your programs waiting for review",
    url_name="break_glass_reviews",
)
def reviews(request: HttpRequest) -> list[dict[str, Any]]:
    return [_grant(g) for g in services.pending_reviews(request.user)]


@router.post(
    "/break-glass/{grant_id}/review",
    response=GrantOut,
    summary="Mark a break-the-glass opening reviewed (not by the person who opened it)",
    url_name="break_glass_review",
)
def review(request: HttpRequest, grant_id: UUID, payload: ReviewIn) -> dict[str, Any]:
    grant = get_object_or_404(
        BreakGlassGrant.objects.filter(program_id__in=services.overseen_program_ids(request.user)),
        public_id=grant_id,
    )
    return _grant(services.review_grant(actor=request.user, grant=grant, note=payload.note))
