"""Safety plans over the JSON API: the current version and the list of versions; a POST saves
a new version (nothing is edited in place). Mounted at /api/v1/participants."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from missioncj.care.models import SafetyPlan
from missioncj.care.services import safety as services
from missioncj.participants.policies import visible_participant

PREFIX = "/participants"
router = Router(tags=["safety"])
MAX = services.MAX_STEP_CHARS


class SafetyPlanOut(Schema):
    id: UUID
    version: int
    warning_signs: str
    internal_coping: str
    social_distractions: str
    people_to_ask: str
    professionals: str
    safe_environment: str
    reasons_for_living: str
    created_by: str
    created_at: dt.datetime


class VersionOut(Schema):
    id: UUID
    version: int
    created_by: str
    created_at: dt.datetime


class SafetyPlanRead(Schema):
    current: SafetyPlanOut | None
    versions: list[VersionOut]


class SafetyPlanIn(Schema):
    warning_signs: str = Field(max_length=MAX, description="step 1")
    internal_coping: str = Field(max_length=MAX, description="step 2")
    social_distractions: str = Field(max_length=MAX, description="step 3")
    people_to_ask: str = Field(max_length=MAX, description="step 4")
    professionals: str = Field(max_length=MAX, description="step 5")
    safe_environment: str = Field(max_length=MAX, description="step 6")
    reasons_for_living: str = Field("", max_length=MAX)


def _out(plan: SafetyPlan) -> dict[str, Any]:
    return {
        "id": plan.public_id,
        "version": plan.version,
        **{name: getattr(plan, name) for name in services.PLAN_FIELDS if name != "version"},
        "created_by": plan.created_by.username,
        "created_at": plan.created_at,
    }


@router.get(
    "/{participant_id}/safety-plan",
    response=SafetyPlanRead,
    summary="The current safety plan and its versions",
    url_name="safety_plan_get",
)
def get_safety_plan(request: HttpRequest, participant_id: UUID) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    versions = list(participant.safety_plans.select_related("created_by").order_by("-version"))
    current = versions[0] if versions else None
    services.record_safety_plan_read(
        actor=request.user, participant=participant, plan=current, action="api.safety_plan.read"
    )
    return {
        "current": _out(current) if current else None,
        "versions": [
            {
                "id": v.public_id,
                "version": v.version,
                "created_by": v.created_by.username,
                "created_at": v.created_at,
            }
            for v in versions
        ],
    }


@router.post(
    "/{participant_id}/safety-plan",
    response={201: SafetyPlanOut},
    summary="Save a new version of the safety plan",
    url_name="safety_plan_save",
)
def save_safety_plan(
    request: HttpRequest, participant_id: UUID, payload: SafetyPlanIn
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    plan = services.save_safety_plan(
        actor=request.user, participant=participant, **payload.model_dump()
    )
    return _out(plan)
