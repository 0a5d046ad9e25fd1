"""JSON API for curricula and group sessions; `router` is mounted at /api/v1/ (PREFIX "").

GET  /curricula                                  curricula of the caller's programs, with sessions
GET  /group-sessions                             recent groups the caller can see (paged)
POST /group-sessions                             record a group once (422 on bad input)
GET  /group-sessions/{group_id}                  one group; only members the caller may see
GET  /participants/{participant_id}/attendance   a participant's attendance (paged)
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field, field_validator

from missioncj.accounts.models import User
from missioncj.care.models import (
    Attendance,
    AttendanceStatus,
    CurriculumSession,
    GroupSession,
)
from missioncj.care.services import groups as group_services
from missioncj.care.services.curricula import visible_curricula
from missioncj.core.api import PageQuery, page_of
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode, Participant

PREFIX = ""
router = Router(tags=["groups"])


class SessionOut(Schema):
    number: int
    title: str
    guide: str


class CurriculumOut(Schema):
    id: UUID
    program: UUID
    program_name: str
    kind: str
    name: str
    version: int
    sessions: list[SessionOut]


class MemberOut(Schema):
    episode: UUID
    participant: UUID
    participant_name: str
    status: str
    note: str


class GroupOut(Schema):
    id: UUID
    program: UUID
    curriculum: UUID
    curriculum_name: str
    curriculum_kind: str
    curriculum_version: int
    session_number: int
    session_title: str
    occurred_at: dt.datetime
    duration_minutes: int
    location: str
    is_individual_makeup: bool
    facilitators: list[str]
    recorded_by: str
    note: str
    members: list[MemberOut] = Field(description="only the members the caller may see")


class GroupPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[GroupOut]


class MemberIn(Schema):
    episode: UUID = Field(description="the member's enrolled episode (public id)")
    status: AttendanceStatus
    note: str = Field("", max_length=group_services.MEMBER_NOTE_MAX)


class GroupIn(Schema):
    curriculum: UUID
    session_number: int = Field(ge=1)
    occurred_at: dt.datetime = Field(
        description="with a UTC offset, e.g. 2026-11-20T14:30:00-05:00"
    )
    duration_minutes: int = Field(ge=1, le=group_services.DURATION_MAX)
    location: str = Field(min_length=1, max_length=group_services.LOCATION_MAX)
    facilitators: list[str] = Field(
        default_factory=list, description="usernames; defaults to the caller"
    )
    members: list[MemberIn] = Field(min_length=1)
    is_individual_makeup: bool = False
    note: str = Field("", max_length=5000)

    @field_validator("occurred_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            raise ValueError("give a UTC offset (e.g. Z or -05:00)")
        return value


class AttendanceOut(Schema):
    group: UUID
    episode: UUID
    curriculum: UUID
    curriculum_name: str
    curriculum_kind: str
    session_number: int
    session_title: str
    occurred_at: dt.datetime
    is_individual_makeup: bool
    status: str
    note: str


class AttendancePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[AttendanceOut]


def _titles(groups: list[GroupSession]) -> dict[tuple[int, int], str]:
    rows = CurriculumSession.objects.filter(
        curriculum_id__in={g.curriculum_id for g in groups}
    ).values_list("curriculum_id", "number", "title")
    return {(c, n): t for c, n, t in rows}


def _visible_groups(request: HttpRequest) -> QuerySet[GroupSession]:
    members = Attendance.objects.filter(
        episode__in=Episode.objects.visible_to(request.user)
    ).select_related("episode", "participant")
    return (
        GroupSession.objects.visible_to(request.user)
        .select_related("curriculum", "program", "recorded_by")
        .prefetch_related(
            "facilitators", Prefetch("attendance", queryset=members, to_attr="visible_members")
        )
    )


def _group_out(group: GroupSession, titles: dict[tuple[int, int], str]) -> dict[str, Any]:
    return {
        "id": group.public_id,
        "program": group.program.public_id,
        "curriculum": group.curriculum.public_id,
        "curriculum_name": group.curriculum.name,
        "curriculum_kind": group.curriculum.kind,
        "curriculum_version": group.curriculum_version,
        "session_number": group.session_number,
        "session_title": titles.get((group.curriculum_id, group.session_number), ""),
        "occurred_at": group.occurred_at,
        "duration_minutes": group.duration_minutes,
        "location": group.location,
        "is_individual_makeup": group.is_individual_makeup,
        "facilitators": sorted(u.username for u in group.facilitators.all()),
        "recorded_by": group.recorded_by.username,
        "note": group.note,
        "members": [
            {
                "episode": a.episode.public_id,
                "participant": a.participant.public_id,
                "participant_name": a.participant.display_name,
                "status": a.status,
                "note": a.note,
            }
            for a in getattr(group, "visible_members", [])
        ],
    }


@router.get("/curricula", response=list[CurriculumOut], summary="Curricula of your programs")
def list_curricula(request: HttpRequest) -> list[dict[str, Any]]:
    curricula = (
        visible_curricula(request.user)
        .select_related("program")
        .prefetch_related("sessions")
        .order_by("program__name", "kind")
    )
    return [
        {
            "id": c.public_id,
            "program": c.program.public_id,
            "program_name": c.program.name,
            "kind": c.kind,
            "name": c.name,
            "version": c.version,
            "sessions": [
                {"number": s.number, "title": s.title, "guide": s.guide}
                for s in sorted(c.sessions.all(), key=lambda s: s.number)
            ],
        }
        for c in curricula
    ]


@router.get("/group-sessions", response=GroupPage, summary="Recent group sessions you can see")
def list_group_sessions(request: HttpRequest, paging: Query[PageQuery]) -> dict[str, Any]:
    count, groups = page_of(_visible_groups(request).order_by("-occurred_at", "-pk"), paging)
    titles = _titles(groups)
    items = [_group_out(g, titles) for g in groups]
    record(
        kind=AuditKind.LIST,
        action="api.group_session.list",
        actor=request.user,
        after={"shown": [str(g.public_id) for g in groups]},
    )
    return {"count": count, "page": paging.page, "page_size": paging.page_size, "items": items}


@router.post("/group-sessions", response={201: GroupOut}, summary="Record a group once")
def create_group_session(request: HttpRequest, payload: GroupIn) -> dict[str, Any]:
    curriculum = (
        visible_curricula(request.user)
        .select_related("program")
        .filter(public_id=payload.curriculum)
        .first()
    )
    if curriculum is None:
        raise ValidationError({"curriculum": "No such curriculum in your programs."})
    wanted = [m.episode for m in payload.members]
    episodes = {
        e.public_id: e
        for e in Episode.objects.visible_to(request.user)
        .filter(public_id__in=wanted)
        .select_related("participant", "program", "team")
    }
    unknown = [str(e) for e in wanted if e not in episodes]
    if unknown:
        raise ValidationError(
            {"members": f"No episode you work with has the id {', '.join(unknown)}."}
        )
    names = payload.facilitators or [request.user.username]
    facilitators = list(User.objects.filter(username__in=names, is_active=True))
    missing = sorted(set(names) - {u.username for u in facilitators})
    if missing:
        raise ValidationError({"facilitators": f"No such staff member: {', '.join(missing)}."})
    group = group_services.record_group_session(
        actor=request.user,
        curriculum=curriculum,
        session_number=payload.session_number,
        occurred_at=payload.occurred_at,
        duration_minutes=payload.duration_minutes,
        location=payload.location,
        facilitators=facilitators,
        attendance=[(episodes[m.episode], m.status.value, m.note) for m in payload.members],
        is_individual_makeup=payload.is_individual_makeup,
        note=payload.note,
    )
    saved = _visible_groups(request).get(pk=group.pk)
    return _group_out(saved, _titles([saved]))  # 201: the only status this route declares


@router.get("/group-sessions/{group_id}", response=GroupOut, summary="One group session")
def get_group_session(request: HttpRequest, group_id: UUID) -> dict[str, Any]:
    group = get_object_or_404(_visible_groups(request), public_id=group_id)
    for member in getattr(group, "visible_members", []):
        record(
            kind=AuditKind.READ,
            action="api.group_session.read",
            actor=request.user,
            participant=member.participant,
            subject=group,
        )
    return _group_out(group, _titles([group]))


@router.get(
    "/participants/{participant_id}/attendance",
    response=AttendancePage,
    summary="A participant's group attendance",
)
def participant_attendance(
    request: HttpRequest, participant_id: UUID, paging: Query[PageQuery]
) -> dict[str, Any]:
    participant = get_object_or_404(
        Participant.objects.visible_to(request.user), public_id=participant_id
    )
    rows = (
        Attendance.objects.filter(
            participant=participant, episode__in=Episode.objects.visible_to(request.user)
        )
        .select_related("episode", "group_session__curriculum")
        .order_by("-group_session__occurred_at", "-pk")
    )
    count, shown = page_of(rows, paging)
    titles = _titles([a.group_session for a in shown])
    record(
        kind=AuditKind.READ,
        action="api.attendance.list",
        actor=request.user,
        participant=participant,
        subject=participant,
        after={"shown": [str(a.group_session.public_id) for a in shown]},
    )
    items = [
        {
            "group": a.group_session.public_id,
            "episode": a.episode.public_id,
            "curriculum": a.group_session.curriculum.public_id,
            "curriculum_name": a.group_session.curriculum.name,
            "curriculum_kind": a.group_session.curriculum.kind,
            "session_number": a.group_session.session_number,
            "session_title": titles.get(
                (a.group_session.curriculum_id, a.group_session.session_number), ""
            ),
            "occurred_at": a.group_session.occurred_at,
            "is_individual_makeup": a.group_session.is_individual_makeup,
            "status": a.status,
            "note": a.note,
        }
        for a in shown
    ]
    return {"count": count, "page": paging.page, "page_size": paging.page_size, "items": items}
