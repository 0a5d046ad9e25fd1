"""Meetings over the JSON API: list, get, add, change (including retiring with
`{"active": false}`), and importing a Meeting Guide feed into a named source. Staff of the
program only; anyone else gets a 404. A refused write is a 422 naming each problem; a refused
import names (index, field) for every bad record and imports nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from missioncj.core.api import PageQuery, page_of
from missioncj.linkage.meetings_access import meeting_for, program_for, program_meetings
from missioncj.linkage.models import Meeting, Source, SourceKind
from missioncj.linkage.services.meeting_import import FeedRejected, import_meeting_guide
from missioncj.linkage.services.meetings import add_meeting, edit_meeting, set_meeting_active

PREFIX = ""
router = Router(tags=["linkage"])


class MeetingOut(Schema):
    id: UUID
    name: str
    fellowship: str
    weekday: int = Field(description="0 = Monday … 6 = Sunday")
    start_time: str
    end_time: str | None
    time_zone: str
    group_name: str
    location_name: str
    address: str
    city: str
    state_province: str
    postal_code: str
    latitude: float | None
    longitude: float | None
    conference_url: str
    conference_phone: str
    types: list[str]
    notes: str
    url: str
    active: bool
    source: str
    source_key: str


class MeetingPage(Schema):
    count: int
    items: list[MeetingOut]


class MeetingIn(Schema):
    name: str
    fellowship: str
    weekday: int = Field(description="0 = Monday … 6 = Sunday")
    start_time: str = Field(description="HH:MM local time")
    end_time: str | None = None
    time_zone: str | None = Field(None, description="IANA zone; the program's when left out")
    group_name: str = ""
    location_name: str = ""
    address: str = ""
    city: str = ""
    state_province: str = ""
    postal_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    conference_url: str = ""
    conference_phone: str = ""
    types: list[str] = []
    notes: str = ""
    url: str = ""


class MeetingPatch(Schema):
    name: str | None = None
    fellowship: str | None = None
    weekday: int | None = None
    start_time: str | None = None
    end_time: str | None = None
    time_zone: str | None = None
    group_name: str | None = None
    location_name: str | None = None
    address: str | None = None
    city: str | None = None
    state_province: str | None = None
    postal_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    conference_url: str | None = None
    conference_phone: str | None = None
    types: list[str] | None = None
    notes: str | None = None
    url: str | None = None
    active: bool | None = Field(None, description="false retires the meeting, true lists it again")


class MeetingFilter(PageQuery):
    active: bool | None = None
    fellowship: str | None = None


class SourceOut(Schema):
    id: UUID
    name: str
    kind: str
    imported_at: dt.datetime | None
    meetings: int


class ImportIn(Schema):
    source: str = Field(description="the feed's name in this program; re-use it to update")
    fellowship: str | None = Field(None, description="one fellowship for the whole feed")
    meetings: list[Any] = Field(description="the Meeting Guide array")


class ImportOut(Schema):
    source: SourceOut
    created: int
    updated: int
    unchanged: int
    retired: int
    restored: int


def meeting_out(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.public_id,
        **{
            name: getattr(m, name)
            for name in [
                "name",
                "fellowship",
                "weekday",
                "time_zone",
                "group_name",
                "location_name",
                "address",
                "city",
                "state_province",
                "postal_code",
                "conference_url",
                "conference_phone",
                "types",
                "notes",
                "url",
                "active",
                "source_key",
            ]
        },
        "start_time": m.start_time.strftime("%H:%M"),
        "end_time": m.end_time.strftime("%H:%M") if m.end_time else None,
        "latitude": float(m.latitude) if m.latitude is not None else None,
        "longitude": float(m.longitude) if m.longitude is not None else None,
        "source": m.source.name,
    }


def _source_out(s: Source) -> dict[str, Any]:
    return {
        "id": s.public_id,
        "name": s.name,
        "kind": s.kind,
        "imported_at": s.imported_at,
        "meetings": Meeting.objects.filter(source=s, active=True).count(),
    }


@router.get(
    "/programs/{program_id}/meetings",
    response=MeetingPage,
    summary="The program's meetings (filter by active, fellowship)",
    url_name="linkage_meetings",
)
def list_meetings(
    request: HttpRequest, program_id: UUID, filters: Query[MeetingFilter]
) -> dict[str, Any]:
    rows = program_meetings(program_for(request.user, program_id))
    if filters.active is not None:
        rows = rows.filter(active=filters.active)
    if filters.fellowship:
        rows = rows.filter(fellowship=filters.fellowship)
    count, items = page_of(rows.order_by("weekday", "start_time", "name", "pk"), filters)
    return {"count": count, "items": [meeting_out(m) for m in items]}


@router.post(
    "/programs/{program_id}/meetings",
    response={201: MeetingOut},
    summary="Add a meeting by hand",
    url_name="linkage_meetings",
)
def create_meeting(request: HttpRequest, program_id: UUID, payload: MeetingIn) -> Any:
    program = program_for(request.user, program_id)
    meeting = add_meeting(actor=request.user, program=program, **payload.dict())
    return meeting_out(meeting)


@router.get(
    "/programs/{program_id}/meetings/{meeting_id}",
    response=MeetingOut,
    summary="One meeting",
    url_name="linkage_meeting",
)
def get_meeting(request: HttpRequest, program_id: UUID, meeting_id: UUID) -> dict[str, Any]:
    return meeting_out(meeting_for(program_for(request.user, program_id), meeting_id))


@router.patch(
    "/programs/{program_id}/meetings/{meeting_id}",
    response=MeetingOut,
    summary='Change a meeting\'s fields; {"active": false} retires it',
    url_name="linkage_meeting",
)
def update_meeting(
    request: HttpRequest, program_id: UUID, meeting_id: UUID, payload: MeetingPatch
) -> dict[str, Any]:
    meeting = meeting_for(program_for(request.user, program_id), meeting_id)
    changes = payload.dict(exclude_unset=True)
    active = changes.pop("active", None)
    with transaction.atomic():  # the field changes and the retiring stand or fall together
        if changes:
            meeting = edit_meeting(actor=request.user, meeting=meeting, **changes)
        if active is not None and active != meeting.active:
            meeting = set_meeting_active(actor=request.user, meeting=meeting, active=active)
    return meeting_out(meeting)


@router.get(
    "/programs/{program_id}/meeting-sources",
    response=list[SourceOut],
    summary="Where the program's meetings come from (feeds and its own entries)",
    url_name="linkage_meeting_sources",
)
def list_sources(request: HttpRequest, program_id: UUID) -> list[dict[str, Any]]:
    program = program_for(request.user, program_id)
    rows = Source.objects.filter(
        program=program, kind__in=[SourceKind.MEETING_GUIDE, SourceKind.OWN]
    ).order_by("name")
    return [_source_out(s) for s in rows]


@router.post(
    "/programs/{program_id}/meeting-sources",
    response={200: ImportOut, 422: dict},
    summary="Import a Meeting Guide feed into a named source (all or nothing)",
    url_name="linkage_meeting_sources",
)
def import_feed(request: HttpRequest, program_id: UUID, payload: ImportIn) -> Any:
    program = program_for(request.user, program_id)
    try:
        result = import_meeting_guide(
            actor=request.user,
            program=program,
            source_name=payload.source,
            feed=payload.meetings,
            fellowship=payload.fellowship,
        )
    except FeedRejected as exc:
        return Status(
            422,
            {
                "detail": [
                    {
                        "loc": ["body", "meetings", p.index, p.field]
                        if p.index is not None
                        else ["body", p.field],
                        "index": p.index,
                        "field": p.field,
                        "msg": p.message,
                        "type": "value_error",
                    }
                    for p in exc.problems
                ]
            },
        )
    return {
        "source": _source_out(result.source),
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "retired": result.retired,
        "restored": result.restored,
    }
