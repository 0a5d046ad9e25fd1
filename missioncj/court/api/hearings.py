"""Court API: the docket of a local date, hearings, docket entries and their results, and a
participant's court dates. Out of scope is a 404; a refused write is a 422 naming each
problem; reads of participant court data are audited."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from missioncj.court import docket as reads
from missioncj.court.models import Court, CourtCase, DocketEntry, Hearing, HearingKind
from missioncj.court.policies import visible_courts
from missioncj.court.services import docket_entries
from missioncj.court.services import hearings as services
from missioncj.participants.models import Participant
from missioncj.participants.policies import visible_participant

PREFIX = ""
router = Router(tags=["court"])


# --- schemas -------------------------------------------------------------------------------------


class HearingOut(Schema):
    id: UUID
    court: UUID
    kind: str
    local_date: dt.date
    local_time: str = Field(description="HH:MM in the program's time zone")
    starts_at: dt.datetime = Field(description="the same moment in UTC")
    time_zone: str
    room: str
    status: str


class EntryOut(Schema):
    id: UUID
    hearing: UUID
    participant: UUID
    name: str
    docket_number: str | None
    phase: int | None
    appearance: str
    outcome: str
    next_date: dt.date | None
    recommendation: str


class DocketHearingOut(HearingOut):
    entries: list[EntryOut]


class DocketOut(Schema):
    court: UUID
    date: dt.date
    hearings: list[DocketHearingOut]


class DocketQuery(Schema):
    date: dt.date | None = Field(None, description="local date; today in the program's zone")


class HearingIn(Schema):
    kind: HearingKind = HearingKind.STATUS
    local_date: dt.date
    local_time: dt.time = Field(description="HH:MM local time")
    fold: int | None = Field(
        None, ge=0, le=1, description="for a time that happens twice: 0 earlier, 1 later"
    )
    room: str = Field("", max_length=120)


class DocketIn(Schema):
    participant: UUID
    case: UUID | None = Field(None, description="defaults to their newest open case here")


class ResultIn(Schema):
    appearance: str = Field(description="appeared, remote, excused or failed")
    outcome: str = Field("", max_length=300)
    next_date: dt.date | None = None
    schedule_next: bool = False


class ParticipantHearingOut(EntryOut):
    court_name: str
    kind: str
    local_date: dt.date
    local_time: str
    status: str


# --- helpers -------------------------------------------------------------------------------------


def _hearing_out(hearing: Hearing, court: Court) -> dict[str, Any]:
    return {
        "id": hearing.public_id,
        "court": court.public_id,
        "kind": hearing.kind,
        "local_date": hearing.local_date,
        "local_time": f"{hearing.local_time:%H:%M}",
        "starts_at": hearing.starts_at,
        "time_zone": court.program.time_zone,
        "room": hearing.room,
        "status": hearing.status,
    }


def _entry_out(entry: DocketEntry) -> dict[str, Any]:
    return {
        "id": entry.public_id,
        "hearing": entry.hearing.public_id,
        "participant": entry.participant.public_id,
        "name": entry.participant.display_name,
        "docket_number": getattr(entry, "docket_no", None)
        or (entry.case.docket_number if entry.case else None),
        "phase": getattr(entry, "phase_number", None),
        "appearance": entry.appearance,
        "outcome": entry.outcome,
        "next_date": entry.next_date,
        "recommendation": entry.recommendation,
    }


def _court(request: HttpRequest, court_id: UUID) -> Court:
    return get_object_or_404(visible_courts(request.user), public_id=court_id)


# --- routes --------------------------------------------------------------------------------------


@router.get(
    "/courts/{court_id}/docket",
    response=DocketOut,
    summary="Who is on the court's dockets on a local date (the participants you may see)",
    url_name="court_docket",
)
def get_docket(request: HttpRequest, court_id: UUID, query: Query[DocketQuery]) -> dict[str, Any]:
    court = _court(request, court_id)
    day = query.date or services.court_today(court)
    hearings = reads.docket_for(request.user, court, day)
    docket_entries.record_docket_read(
        actor=request.user,
        court=court,
        day=day,
        shown=[e.participant for h in hearings for e in h.entries],
        action="api.docket.read",
    )
    return {
        "court": court.public_id,
        "date": day,
        "hearings": [
            {**_hearing_out(h.hearing, court), "entries": [_entry_out(e) for e in h.entries]}
            for h in hearings
        ],
    }


@router.post(
    "/courts/{court_id}/hearings",
    response={201: HearingOut},
    summary="Add a hearing or staffing meeting at a local date and time",
    url_name="court_hearing_create",
)
def create_hearing(request: HttpRequest, court_id: UUID, payload: HearingIn) -> dict[str, Any]:
    court = _court(request, court_id)
    hearing = services.schedule_hearing(actor=request.user, court=court, **payload.model_dump())
    return _hearing_out(hearing, court)


@router.post(
    "/hearings/{hearing_id}/docket",
    response={201: EntryOut},
    summary="Put a participant on a hearing's docket",
    url_name="hearing_docket_add",
)
def add_to_docket(request: HttpRequest, hearing_id: UUID, payload: DocketIn) -> dict[str, Any]:
    hearing = get_object_or_404(
        Hearing.objects.filter(court__in=visible_courts(request.user)).select_related(
            "court__program"
        ),
        public_id=hearing_id,
    )
    participant = get_object_or_404(
        Participant.objects.visible_to(request.user), public_id=payload.participant
    )
    case = None
    if payload.case is not None:
        case = get_object_or_404(CourtCase, public_id=payload.case, participant=participant)
    entry = docket_entries.add_to_docket(
        actor=request.user, hearing=hearing, participant=participant, case=case
    )
    return _entry_out(entry)


@router.post(
    "/docket-entries/{entry_id}/result",
    response=EntryOut,
    summary="Record a participant's appearance, outcome and next court date",
    url_name="docket_entry_result",
)
def record_result(request: HttpRequest, entry_id: UUID, payload: ResultIn) -> dict[str, Any]:
    entry = get_object_or_404(
        reads.visible_entries(request.user).filter(hearing__court__in=visible_courts(request.user)),
        public_id=entry_id,
    )
    entry = docket_entries.record_hearing_result(
        actor=request.user, entry=entry, **payload.model_dump()
    )
    return _entry_out(entry)


@router.get(
    "/participants/{participant_id}/hearings",
    response=list[ParticipantHearingOut],
    summary="A participant's docket history, newest first",
    url_name="participant_hearings",
)
def participant_hearings(request: HttpRequest, participant_id: UUID) -> list[dict[str, Any]]:
    participant = visible_participant(request, participant_id)
    entries = list(reads.participant_entries(request.user, participant))
    docket_entries.record_hearings_read(
        actor=request.user, participant=participant, action="api.hearings.read"
    )
    return [
        {
            **_entry_out(e),
            "court_name": e.hearing.court.name,
            "kind": e.hearing.kind,
            "local_date": e.hearing.local_date,
            "local_time": f"{e.hearing.local_time:%H:%M}",
            "status": e.hearing.status,
        }
        for e in entries
    ]
