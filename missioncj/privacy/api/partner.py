"""The court-partner JSON API: the consented participants (with counts, searchable) and one
participant's consented categories. Court partners only; anything outside consent — and any
staff caller — is a 404. Each body is serialized first, recorded as a disclosure with its
exact bytes, then returned unchanged."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any
from uuid import UUID

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from pydantic import Field

from missioncj.court.models import CourtCase
from missioncj.privacy import partner
from missioncj.privacy.models import Channel
from missioncj.privacy.wording import notice_text

PREFIX = "/partner"
router = Router(tags=["court partners"])
MAX_LISTED = 200


class CaseOut(Schema):
    court: UUID
    court_name: str
    docket_number: str
    status: str


class ListedOut(Schema):
    id: UUID
    name: str
    cases: list[CaseOut]


class ListOut(Schema):
    total: int = Field(description="participants with a consent naming you, right now")
    count: int = Field(description="how many match q (all of them without q)")
    items: list[ListedOut]
    notice: str = Field(description="the 42 CFR 2.32 redisclosure notice")


class FactOut(Schema):
    label: str
    value: str


class TableOut(Schema):
    caption: str
    columns: list[str]
    rows: list[list[str]]


class SectionOut(Schema):
    category: str
    title: str
    facts: list[FactOut]
    tables: list[TableOut]
    empty: str
    data: dict[str, Any]


class ConsentOut(Schema):
    kind: str
    recipients: list[str]
    information: list[str]
    information_detail: str
    purpose: str
    expiry: str
    revocation: str
    court_use: str
    signed: str


class ParticipantOut(Schema):
    id: UUID
    name: str
    cases: list[CaseOut]
    categories: list[str] = Field(description="the categories the consents in force allow")
    sections: list[SectionOut]
    consents: list[ConsentOut] = Field(description="what the consents relied on say")
    notice: str


def _case(case: CourtCase) -> dict[str, Any]:
    return {
        "court": case.court.public_id,
        "court_name": case.court.name,
        "docket_number": case.docket_number,
        "status": case.status,
    }


def _body(data: dict[str, Any]) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder).encode()


@router.get(
    "/participants",
    response=ListOut,
    summary="Participants with a consent in force naming you (search by name or docket)",
    url_name="partner_participants",
)
def list_participants(request: HttpRequest, q: str = "") -> HttpResponse:
    view = partner.partner_view(request.user)
    people = view.people(q.strip()[:100])
    rows = partner.listed(view, people[:MAX_LISTED])
    content = _body(
        {
            "total": len(view.ids),
            "count": people.count(),
            "items": [
                {
                    "id": row.participant.public_id,
                    "name": row.participant.display_name,
                    "cases": [_case(c) for c in row.cases],
                }
                for row in rows
            ],
            "notice": notice_text(),
        }
    )
    partner.disclose(
        view,
        [row.decision for row in rows],
        channel=Channel.API,
        content=content,
        description="Court-partner API list" + (" (search)" if q.strip() else ""),
    )
    return HttpResponse(content, content_type="application/json")


@router.get(
    "/participants/{public_id}",
    response=ParticipantOut,
    summary="One participant: case and docket, then each consented category",
    url_name="partner_participant",
)
def participant(request: HttpRequest, public_id: UUID) -> HttpResponse:
    view = partner.partner_view(request.user)
    person = view.participant(public_id)
    decision = view.granted(person)
    content = _body(
        {
            "id": person.public_id,
            "name": person.display_name,
            "cases": [_case(c) for c in partner.cases_shown(view, person, decision)],
            "categories": list(decision.granted),
            "sections": [s.as_dict() for s in partner.sections(view, person, decision)],
            "consents": [asdict(c) for c in partner.consent_copies(decision)],
            "notice": notice_text(),
        }
    )
    partner.disclose(
        view,
        [decision],
        channel=Channel.API,
        content=content,
        description="Court-partner API participant",
    )
    return HttpResponse(content, content_type="application/json")
