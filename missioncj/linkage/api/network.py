"""Support networks over the JSON API: list, add, update (PUT replaces the editable fields)
and end a tie. Mounted at /api/v1/participants."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from missioncj.linkage.models import Meeting, Service, SupportTie
from missioncj.linkage.policies import participant_tie
from missioncj.linkage.services import network as services
from missioncj.linkage.views.common import meetings_for, record_read, services_for, work_episode
from missioncj.participants.policies import visible_participant

PREFIX = "/participants"
router = Router(tags=["support network"])


class TieOut(Schema):
    id: UUID
    role: str
    name: str
    phone: str
    email: str
    since: dt.date | None
    strength: int
    service: UUID | None
    meeting: UUID | None
    note: str
    ended_on: dt.date | None
    recorded_by: str


class TieIn(Schema):
    role: str
    name: str = Field(max_length=200)
    strength: int
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    since: dt.date | None = None
    service: UUID | None = None
    meeting: UUID | None = None
    note: str = Field("", max_length=300)


class EndIn(Schema):
    ended_on: dt.date
    note: str = Field("", max_length=300)


def tie_out(tie: SupportTie) -> dict[str, Any]:
    return {
        "id": tie.public_id,
        **{f: getattr(tie, f) for f in ("role", "name", "phone", "email", "since", "strength")},
        "service": tie.service.public_id if tie.service else None,
        "meeting": tie.meeting.public_id if tie.meeting else None,
        "note": tie.note,
        "ended_on": tie.ended_on,
        "recorded_by": tie.recorded_by.username,
    }


def _resolve(request: HttpRequest, participant: Any, payload: TieIn) -> dict[str, Any]:
    """The payload with directory ids turned into rows of this program's directory."""
    data = payload.model_dump()
    episode = work_episode(request.user, participant)
    for key, rows in (("service", services_for(episode)), ("meeting", meetings_for(episode))):
        if data[key] is None:
            continue
        row: Service | Meeting | None = rows.filter(public_id=data[key]).first()
        if row is None:
            raise ValidationError({key: f"No such {key} in this program's directory."})
        data[key] = row
    return data


@router.get(
    "/{participant_id}/network",
    response=list[TieOut],
    summary="The support network (active and ended ties)",
    url_name="network_list",
)
def list_ties(request: HttpRequest, participant_id: UUID) -> list[dict[str, Any]]:
    participant = visible_participant(request, participant_id)
    ties = list(
        participant.support_ties.select_related("service", "meeting", "recorded_by").order_by(
            "role", "name", "pk"
        )
    )
    record_read(request.user, participant, "api.network.read", [str(t.public_id) for t in ties])
    return [tie_out(t) for t in ties]


@router.post(
    "/{participant_id}/network",
    response={201: TieOut},
    summary="Add someone to the support network",
    url_name="network_add",
)
def add_tie(request: HttpRequest, participant_id: UUID, payload: TieIn) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    data = _resolve(request, participant, payload)
    tie = services.add_tie(actor=request.user, participant=participant, **data)
    return tie_out(tie)


@router.put(
    "/{participant_id}/network/{tie_id}",
    response=TieOut,
    summary="Update a tie (replaces the editable fields)",
    url_name="network_update",
)
def update_tie(
    request: HttpRequest, participant_id: UUID, tie_id: UUID, payload: TieIn
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    tie = participant_tie(participant, tie_id)
    data = _resolve(request, participant, payload)
    return tie_out(services.update_tie(actor=request.user, tie=tie, **data))


@router.post(
    "/{participant_id}/network/{tie_id}/end",
    response=TieOut,
    summary="End a tie (it leaves the picture; its history stays)",
    url_name="network_end",
)
def end_tie(
    request: HttpRequest, participant_id: UUID, tie_id: UUID, payload: EndIn
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    tie = participant_tie(participant, tie_id)
    return tie_out(services.end_tie(actor=request.user, tie=tie, **payload.model_dump()))
