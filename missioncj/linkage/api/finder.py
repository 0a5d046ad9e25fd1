"""The finder over the JSON API: the same parameters and messages as the page."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from missioncj.linkage.finder import search
from missioncj.linkage.finder_query import parse_query
from missioncj.linkage.meetings_access import program_for

PREFIX = ""
router = Router(tags=["linkage"])


class FinderParams(Schema):
    kind: str | None = Field(None, description="all, meetings or services")
    fellowship: str | None = None
    category: str | None = Field(None, description="a service category")
    when: str | None = Field(None, description="now, tonight, today or tomorrow")
    day: int | None = Field(None, description="0 = Monday … 6 = Sunday (the next such day)")
    from_: str | None = Field(None, alias="from", description="HH:MM")
    to: str | None = Field(None, description="HH:MM; earlier than from runs past midnight")
    participant: str | None = Field(None, description="near this participant's ZIP code")
    lat: float | None = None
    lon: float | None = None
    miles: float | None = None
    language: str | None = Field(None, description="e.g. spanish")
    wheelchair: bool | None = None
    free: bool | None = None
    format: str | None = Field(None, description="any, in_person or online")
    tz: str | None = Field(None, description="the searcher's IANA zone (the program's)")


class ResultOut(Schema):
    kind: str
    id: str
    name: str
    detail: str
    starts_at: dt.datetime | None
    starts_local: str
    own_time: str
    place: str
    miles: float | None
    online: bool
    link: str
    phone: str
    wheelchair: bool
    languages: list[str]
    free: bool | None
    types: list[str]


class FinderOut(Schema):
    count: int
    window: str
    zone: str
    items: list[ResultOut]


@router.get(
    "/programs/{program_id}/finder",
    response=FinderOut,
    summary="Search meetings and services (time, distance, language, access, cost)",
    url_name="linkage_finder",
)
def finder(request: HttpRequest, program_id: UUID, params: Query[FinderParams]) -> dict[str, Any]:
    program = program_for(request.user, program_id)
    raw = params.dict(by_alias=True)
    raw = {k: ("1" if v is True else v) for k, v in raw.items() if v is not None and v is not False}
    now = timezone.now()
    query = parse_query(raw, program=program, user=request.user, now=now)
    results = search(program, query, now)
    return {
        "count": len(results),
        "window": query.window.label if query.window else "",
        "zone": str(query.zone),
        "items": [
            {
                **{k: getattr(r, k) for k in ResultOut.model_fields if hasattr(r, k)},
                "starts_local": r.local(query.zone),
                "miles": round(r.miles, 2) if r.miles is not None else None,
            }
            for r in results
        ],
    }
