"""Outcome events over the JSON API: list, record, void. Mounted at /api/v1."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from missioncj.outcomes import services
from missioncj.outcomes.event_forms import work_episodes
from missioncj.outcomes.events import participant_event, participant_events, record_read
from missioncj.outcomes.models import OutcomeEvent
from missioncj.participants.policies import visible_participant

PREFIX = ""
router = Router(tags=["outcome events"])


class EventOut(Schema):
    id: UUID
    episode: UUID
    kind: str
    occurred_on: dt.date
    ended_on: dt.date | None
    nights: int | None
    detail: str
    source: str
    source_detail: str
    recorded_by: str
    voided: bool
    voided_at: dt.datetime | None
    void_reason: str


class EventList(Schema):
    count: int
    items: list[EventOut]


class EventIn(Schema):
    kind: str
    occurred_on: dt.date
    source: str
    episode: UUID | None = None
    ended_on: dt.date | None = None
    nights: int | None = Field(None, ge=0)
    detail: str = Field("", max_length=300)
    source_detail: str = Field("", max_length=200)


class VoidIn(Schema):
    reason: str = Field(max_length=300)


def event_out(event: OutcomeEvent) -> dict[str, Any]:
    return {
        "id": event.public_id,
        "episode": event.episode.public_id,
        "recorded_by": event.recorded_by.username,
        "voided": event.is_void,
        **{
            f: getattr(event, f)
            for f in (
                "kind",
                "occurred_on",
                "ended_on",
                "nights",
                "detail",
                "source",
                "source_detail",
                "voided_at",
                "void_reason",
            )
        },
    }


@router.get(
    "/participants/{participant_id}/outcome-events",
    response=EventList,
    summary="The participant's outcome events (in episodes you may see), voided ones included",
    url_name="outcome_event_list",
)
def list_events(request: HttpRequest, participant_id: UUID) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    events = list(participant_events(request.user, participant))
    record_read(
        request.user, participant, "api.outcome_event.list", [str(e.public_id) for e in events]
    )
    return {"count": len(events), "items": [event_out(e) for e in events]}


@router.post(
    "/participants/{participant_id}/outcome-events",
    response={201: EventOut},
    summary="Record an outcome event (episode: the newest open one you work in if not given)",
    url_name="outcome_event_create",
)
def create_event(request: HttpRequest, participant_id: UUID, payload: EventIn) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    data = payload.model_dump()
    episodes = work_episodes(request.user, participant)
    wanted = data.pop("episode")
    if wanted is not None:
        episodes = [e for e in episodes if e.public_id == wanted]
    if not episodes:
        raise ValidationError({"episode": "No such episode you work in for this participant."})
    open_ones = [e for e in episodes if e.is_open]
    event = services.record_outcome_event(
        actor=request.user, episode=(open_ones or episodes)[0], **data
    )
    return event_out(event)


@router.post(
    "/participants/{participant_id}/outcome-events/{event_id}/void",
    response={200: EventOut},
    summary="Void a wrong outcome event, with the reason",
    url_name="outcome_event_void",
)
def void_event(
    request: HttpRequest, participant_id: UUID, event_id: UUID, payload: VoidIn
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    event = participant_event(request.user, participant, event_id)
    voided = services.void_outcome_event(actor=request.user, event=event, reason=payload.reason)
    return event_out(voided)
