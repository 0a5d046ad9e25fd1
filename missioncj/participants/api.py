from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from missioncj.core.api import PageQuery, page_of
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.participants import duplicates_api, services
from missioncj.participants.models import (
    Episode,
    Ethnicity,
    IdentifierKind,
    Participant,
    Race,
    Sex,
    VeteranStatus,
)
from missioncj.participants.search import search_participants
from missioncj.programs.models import Team

router = Router(tags=["participants"])


class IdentifierSchema(Schema):
    kind: IdentifierKind
    value: str = Field(min_length=1, max_length=64)
    issuer: str = Field("", max_length=120)


class PhoneIn(Schema):
    number: str = Field(min_length=3, max_length=32)
    label: str = Field("", max_length=40)
    consent_to_text: bool = False


class EpisodeOut(Schema):
    id: UUID
    program: str
    team: str | None
    status: str
    referral_date: dt.date
    enrolled_date: dt.date | None
    closed_date: dt.date | None
    discharge_reason: str


class ParticipantOut(Schema):
    id: UUID
    first_name: str
    middle_name: str
    last_name: str
    preferred_name: str
    date_of_birth: dt.date
    sex: str
    gender_identity: str
    race: str
    ethnicity: str
    veteran_status: str
    preferred_language: str
    identifiers: list[IdentifierSchema]
    episodes: list[EpisodeOut]


class ParticipantIn(Schema):
    first_name: str = Field(min_length=1, max_length=100)
    middle_name: str = Field("", max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    preferred_name: str = Field("", max_length=100)
    date_of_birth: dt.date
    sex: Sex = Sex.UNKNOWN
    gender_identity: str = Field("", max_length=100)
    race: Race = Race.UNKNOWN
    ethnicity: Ethnicity = Ethnicity.UNKNOWN
    veteran_status: VeteranStatus = VeteranStatus.UNKNOWN
    preferred_language: str = Field("English", max_length=60)
    team: UUID = Field(description="public id of the team taking the referral")
    referral_date: dt.date
    referral_source: str = Field("", max_length=120)
    identifiers: list[IdentifierSchema] = []
    phones: list[PhoneIn] = []


class ParticipantPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ParticipantOut]


def _out(participant: Participant, episodes: list[Episode]) -> dict[str, Any]:
    return {
        "id": participant.public_id,
        **{f: getattr(participant, f) for f in services.PERSON_FIELDS},
        "identifiers": [
            {"kind": i.kind, "value": i.value, "issuer": i.issuer}
            for i in participant.identifiers.all()
        ],
        "episodes": [
            {
                "id": e.public_id,
                "program": e.program.name,
                "team": e.team.name if e.team else None,
                "status": e.status,
                "referral_date": e.referral_date,
                "enrolled_date": e.enrolled_date,
                "closed_date": e.closed_date,
                "discharge_reason": e.discharge_reason,
            }
            for e in episodes
        ],
    }


def _episodes(request: HttpRequest, participant: Participant) -> list[Episode]:
    return list(
        Episode.objects.visible_to(request.user)
        .filter(participant=participant)
        .select_related("program", "team")
        .order_by("-referral_date")
    )


@router.get("", response=ParticipantPage, summary="List participants in your scope")
def list_participants(
    request: HttpRequest, paging: Query[PageQuery], q: str = ""
) -> dict[str, Any]:
    queryset = (
        search_participants(request.user, q)
        if q.strip()
        else Participant.objects.visible_to(request.user).order_by("last_name", "first_name", "pk")
    )
    count, rows = page_of(queryset.prefetch_related("identifiers"), paging)
    by_participant: dict[int, list[Episode]] = {}
    for episode in (
        Episode.objects.visible_to(request.user)
        .filter(participant__in=[p.pk for p in rows])
        .select_related("program", "team")
        .order_by("-referral_date")
    ):
        by_participant.setdefault(episode.participant_id, []).append(episode)
    record(
        kind=AuditKind.LIST,
        action="api.participant.list",
        actor=request.user,
        after={"shown": [str(p.public_id) for p in rows]},
    )
    return {
        "count": count,
        "page": paging.page,
        "page_size": paging.page_size,
        "items": [_out(p, by_participant.get(p.pk, [])) for p in rows],
    }


@router.post("", response={201: ParticipantOut}, summary="Add a participant (a referral)")
def create_participant(request: HttpRequest, payload: ParticipantIn) -> dict[str, Any]:
    data = payload.dict()
    team = Team.objects.select_related("program").filter(public_id=data.pop("team")).first()
    if team is None:
        raise ValidationError({"team": "No such team."})
    participant = services.create_participant(
        actor=request.user, program=team.program, team=team, **data
    )
    return _out(participant, _episodes(request, participant))  # 201, the declared status


@router.get(
    "/duplicates",
    response={200: duplicates_api.DuplicatesOut, 422: duplicates_api.ProblemOut},
    summary="People in your scope who may be this person",
    description=duplicates_api.DESCRIPTION,
)
def find_duplicates(request: HttpRequest, query: Query[duplicates_api.DuplicateQuery]) -> Status:
    return duplicates_api.answer(request, query)


@router.get("/{participant_id}", response=ParticipantOut, summary="One participant")
def get_participant(request: HttpRequest, participant_id: UUID) -> dict[str, Any]:
    participant = get_object_or_404(
        Participant.objects.visible_to(request.user), public_id=participant_id
    )
    services.record_read(actor=request.user, participant=participant, what="api.participant.read")
    return _out(participant, _episodes(request, participant))
