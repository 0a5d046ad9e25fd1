"""Referrals over the JSON API: list, create, get (with steps), add a step; and the program
report. Mounted at /api/v1 (participants and programs)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import Field

from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.linkage.models import Referral, ReferralStep
from missioncj.linkage.policies import (
    overseen_programs,
    participant_referral,
    participant_referrals,
)
from missioncj.linkage.report import program_report
from missioncj.linkage.services import referrals as services
from missioncj.linkage.views.common import goals_for, record_read, services_for, work_episode
from missioncj.participants.policies import visible_participant

PREFIX = ""
router = Router(tags=["referrals"])


class StepOut(Schema):
    status: str
    on: dt.date
    confirmed_by: str
    confirmer_name: str
    note: str
    recorded_by: str


class ReferralOut(Schema):
    id: UUID
    episode: UUID
    service: UUID | None
    place_name: str
    place_contact: str
    need: str
    plan_goal: UUID | None
    urgency: str
    warm_handoff: bool
    status: str
    status_on: dt.date
    referred_on: dt.date
    first_attended_on: dt.date | None
    days_to_attendance: int | None
    steps: list[StepOut] | None = None


class ReferralList(Schema):
    count: int
    items: list[ReferralOut]


class ReferralIn(Schema):
    need: str
    referred_on: dt.date
    service: UUID | None = None
    place_name: str = Field("", max_length=300)
    place_contact: str = Field("", max_length=300)
    plan_goal: UUID | None = None
    urgency: str = "routine"
    warm_handoff: bool = False
    note: str = Field("", max_length=300)


class StepIn(Schema):
    status: str
    on: dt.date
    confirmed_by: str
    confirmer_name: str = Field("", max_length=200)
    note: str = Field("", max_length=300)


class ReportRowOut(Schema):
    referral: UUID
    participant: UUID
    need: str
    status: str
    referred_on: dt.date
    first_attended_on: dt.date | None
    days_to_attendance: int | None
    days_in_status: int
    stuck: bool


class ReportOut(Schema):
    program: UUID
    today: dt.date
    count: int
    linked: int
    waiting: int
    median_days: float | None
    mean_days: float | None
    stuck_days: dict[str, int | None]
    by_status: dict[str, int]
    items: list[ReportRowOut]


def step_out(step: ReferralStep) -> dict[str, Any]:
    return {
        "status": step.status,
        "on": step.on,
        "confirmed_by": step.confirmed_by,
        "confirmer_name": step.confirmer_name,
        "note": step.note,
        "recorded_by": step.recorded_by.username,
    }


def referral_out(referral: Referral, steps: bool = False) -> dict[str, Any]:
    out = {
        "id": referral.public_id,
        "episode": referral.episode.public_id,
        "service": referral.service.public_id if referral.service else None,
        "plan_goal": referral.plan_goal.public_id if referral.plan_goal else None,
        "days_to_attendance": referral.days_to_attendance,
        **{
            f: getattr(referral, f)
            for f in (
                "place_name",
                "place_contact",
                "need",
                "urgency",
                "warm_handoff",
                "status",
                "status_on",
                "referred_on",
                "first_attended_on",
            )
        },
    }
    if steps:
        out["steps"] = [step_out(s) for s in referral.steps.select_related("recorded_by")]
    return out


@router.get(
    "/participants/{participant_id}/referrals",
    response=ReferralList,
    summary="The participant's referrals (in episodes you may see)",
    url_name="referral_list",
)
def list_referrals(request: HttpRequest, participant_id: UUID) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    referrals = list(participant_referrals(request.user, participant))
    record_read(
        request.user, participant, "api.referral.list", [str(r.public_id) for r in referrals]
    )
    return {"count": len(referrals), "items": [referral_out(r) for r in referrals]}


@router.post(
    "/participants/{participant_id}/referrals",
    response={201: ReferralOut},
    summary="Refer the participant to a directory service or an off-directory place",
    url_name="referral_create",
)
def create_referral(
    request: HttpRequest, participant_id: UUID, payload: ReferralIn
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    data = payload.model_dump()
    episode = work_episode(request.user, participant)
    for key, rows in (("service", services_for(episode)), ("plan_goal", goals_for(episode))):
        if data[key] is None:
            continue
        row = rows.filter(public_id=data[key]).first()
        if row is None:
            raise ValidationError({key: f"No such {key.replace('_', ' ')} for this participant."})
        data[key] = row
    referral = services.create_referral(actor=request.user, participant=participant, **data)
    return referral_out(referral, steps=True)


@router.get(
    "/participants/{participant_id}/referrals/{referral_id}",
    response=ReferralOut,
    summary="One referral with its step history",
    url_name="referral_get",
)
def get_referral(request: HttpRequest, participant_id: UUID, referral_id: UUID) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    referral = participant_referral(request.user, participant, referral_id)
    record_read(request.user, participant, "api.referral.read", [str(referral.public_id)])
    return referral_out(referral, steps=True)


@router.post(
    "/participants/{participant_id}/referrals/{referral_id}/steps",
    response={201: ReferralOut},
    summary="Move the referral to its next status (only legal moves)",
    url_name="referral_step",
)
def add_step(
    request: HttpRequest, participant_id: UUID, referral_id: UUID, payload: StepIn
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    referral = participant_referral(request.user, participant, referral_id)
    services.record_step(actor=request.user, referral=referral, **payload.model_dump())
    referral.refresh_from_db()
    return referral_out(referral, steps=True)


@router.get(
    "/programs/{program_id}/referral-report",
    response=ReportOut,
    summary="Referrals by status, time to first attendance, median and mean",
    url_name="program_referral_report",
)
def report(request: HttpRequest, program_id: UUID) -> dict[str, Any]:
    program = get_object_or_404(overseen_programs(request.user), public_id=program_id)
    result = program_report(request.user, program)
    rows = [row for group in result.groups for row in group.rows]
    record(
        kind=AuditKind.LIST,
        action="api.referral.program_report",
        actor=request.user,
        subject=program,
        after={"shown": [str(r.referral.public_id) for r in rows]},
    )
    return {
        "program": program.public_id,
        "today": result.today,
        "count": result.count,
        "linked": result.summary.linked,
        "waiting": result.summary.waiting,
        "median_days": result.summary.median_days,
        "mean_days": result.summary.mean_days,
        "stuck_days": result.stuck_days,
        "by_status": {g.status: len(g.rows) for g in result.groups},
        "items": [
            {
                "referral": r.referral.public_id,
                "participant": r.referral.participant.public_id,
                "need": r.referral.need,
                "status": r.referral.status,
                "referred_on": r.referral.referred_on,
                "first_attended_on": r.referral.first_attended_on,
                "days_to_attendance": r.days_to_attendance,
                "days_in_status": r.days_in_status,
                "stuck": r.stuck_since is not None,
            }
            for r in rows
        ],
    }
