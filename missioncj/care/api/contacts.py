from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field, field_validator

from missioncj.care import services
from missioncj.care.models import (
    COMPONENT_CODES,
    Contact,
    Location,
    Modality,
    WithWhom,
    components_from_codes,
)
from missioncj.core.api import PageQuery, page_of
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.participants.policies import visible_participant

router = Router(tags=["contacts"])
COMPONENT_NAMES = sorted(COMPONENT_CODES.values())


class ContactOut(Schema):
    id: UUID
    episode: UUID
    occurred_at: dt.datetime
    duration_minutes: int
    modality: str
    location: str
    with_whom: str
    collateral: UUID | None
    components: list[str]
    note: str
    author: str
    signed_at: dt.datetime | None
    addenda: list[str]


class ContactIn(Schema):
    episode: UUID | None = Field(None, description="defaults to the participant's open episode")
    occurred_at: dt.datetime = Field(
        description="with a UTC offset, e.g. 2026-11-20T14:30:00-05:00"
    )
    duration_minutes: int = Field(ge=1, le=24 * 60)
    modality: Modality
    location: Location
    with_whom: WithWhom = WithWhom.PARTICIPANT
    collateral: UUID | None = None
    components: list[str] = Field(min_length=1, description=", ".join(COMPONENT_NAMES))
    note: str = Field("", max_length=20000)
    sign: bool = True

    @field_validator("occurred_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            raise ValueError("give a UTC offset (e.g. Z or -05:00)")
        return value

    @field_validator("components")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(COMPONENT_NAMES))
        if unknown:
            raise ValueError(f"unknown component(s): {', '.join(unknown)}")
        return value


class ContactPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ContactOut]


def _out(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact.public_id,
        "episode": contact.episode.public_id,
        "occurred_at": contact.occurred_at,
        "duration_minutes": contact.duration_minutes,
        "modality": contact.modality,
        "location": contact.location,
        "with_whom": contact.with_whom,
        "collateral": contact.collateral.public_id if contact.collateral else None,
        "components": contact.component_codes,
        "note": contact.note,
        "author": contact.author.username,
        "signed_at": contact.signed_at,
        "addenda": [a.text for a in contact.addenda.all()],
    }


@router.get("/{participant_id}/contacts", response=ContactPage, summary="A participant's contacts")
def list_contacts(
    request: HttpRequest, participant_id: UUID, paging: Query[PageQuery]
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    queryset = (
        Contact.objects.visible_to(request.user)
        .filter(participant=participant)
        .select_related("episode", "author", "collateral")
        .prefetch_related("addenda")
        .order_by("-occurred_at", "-pk")
    )
    count, rows = page_of(queryset, paging)
    record(
        kind=AuditKind.READ,
        action="api.contact.list",
        actor=request.user,
        participant=participant,
        subject=participant,
        after={"shown": [str(c.public_id) for c in rows]},
    )
    return {
        "count": count,
        "page": paging.page,
        "page_size": paging.page_size,
        "items": [_out(c) for c in rows],
    }


@router.post("/{participant_id}/contacts", response={201: ContactOut}, summary="Log a contact")
def create_contact(
    request: HttpRequest, participant_id: UUID, payload: ContactIn
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    # Like the contact form: not against an episode closed before enrollment.
    episodes = (
        Episode.objects.visible_to(request.user)
        .filter(participant=participant)
        .exclude(status=EpisodeStatus.NOT_ENROLLED)
    )
    if payload.episode:
        episode = episodes.filter(public_id=payload.episode).select_related("program").first()
    else:
        episode = episodes.order_by("-referral_date").select_related("program").first()
    if episode is None:
        raise ValidationError({"episode": "No such episode for this participant."})
    collateral = None
    if payload.collateral:
        collateral = participant.collaterals.filter(public_id=payload.collateral).first()
        if collateral is None:
            raise ValidationError({"collateral": "No such collateral contact for this person."})
    contact = services.log_contact(
        actor=request.user,
        episode=episode,
        occurred_at=payload.occurred_at,
        duration_minutes=payload.duration_minutes,
        modality=payload.modality,
        location=payload.location,
        with_whom=payload.with_whom,
        collateral=collateral,
        components=components_from_codes(payload.components),
        note=payload.note,
        sign=payload.sign,
    )
    return _out(contact)  # 201: the only status this route declares


PREFIX = "/participants"
