"""Schemas of the directory API and the shaping of rows into them."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Schema
from pydantic import Field

from missioncj.core.api import PageQuery
from missioncj.linkage.models import (
    DirectoryPhone,
    Location,
    Organization,
    Schedule,
    Service,
    SourceKind,
)

# --- schemas -------------------------------------------------------------------------------


class OrganizationOut(Schema):
    id: UUID
    name: str
    alternate_name: str
    description: str
    email: str
    website: str
    own: bool


class ScheduleOut(Schema):
    id: UUID
    weekday: int = Field(description="0 = Monday … 6 = Sunday")
    opens_at: dt.time
    closes_at: dt.time
    time_zone: str
    description: str


class PhoneOut(Schema):
    id: UUID
    number: str
    extension: str
    type: str
    description: str


class LocationOut(Schema):
    id: UUID
    organization: UUID
    name: str
    address_1: str
    address_2: str
    city: str
    state_province: str
    postal_code: str
    country: str
    latitude: str | None
    longitude: str | None
    transportation: str
    accessibility: list[str]


class PlaceOut(LocationOut):
    hours: list[ScheduleOut]
    phones: list[PhoneOut]


class ServiceOut(Schema):
    id: UUID
    organization: OrganizationOut
    name: str
    alternate_name: str
    description: str
    categories: list[str]
    status: str
    url: str
    email: str
    eligibility_description: str
    minimum_age: int | None
    maximum_age: int | None
    application_process: str
    fees_description: str
    free: bool | None = Field(description="no cost to the participant (null: unknown)")
    wait_time: str
    languages: list[str]
    interpretation_services: str
    source: str
    own: bool


class ServiceDetailOut(ServiceOut):
    hours: list[ScheduleOut]
    phones: list[PhoneOut]
    locations: list[PlaceOut]


class ServiceList(Schema):
    count: int
    items: list[ServiceOut]


class ServiceQuery(PageQuery):
    q: str = ""
    category: str = ""


class OrganizationIn(Schema):
    name: str = ""
    alternate_name: str = ""
    description: str = ""
    email: str = ""
    website: str = ""


class ServiceIn(Schema):
    name: str = ""
    alternate_name: str = ""
    description: str = ""
    categories: list[str] = []
    status: str = "active"
    url: str = ""
    email: str = ""
    eligibility_description: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    application_process: str = ""
    fees_description: str = ""
    free: bool | None = None
    wait_time: str = ""
    languages: list[str] = []
    interpretation_services: str = ""


class ServiceCreate(ServiceIn):
    organization: UUID = Field(description="one of the program's own organizations")


class LocationIn(Schema):
    name: str = ""
    description: str = ""
    address_1: str = ""
    address_2: str = ""
    city: str = ""
    state_province: str = ""
    postal_code: str = ""
    country: str = "US"
    latitude: str | float | None = None
    longitude: str | float | None = None
    transportation: str = ""
    accessibility: list[str] = []


class LocationCreate(LocationIn):
    organization: UUID


class ScheduleIn(Schema):
    weekday: int | str = Field(description="0 = Monday … 6 = Sunday")
    opens_at: str = Field(description="HH:MM")
    closes_at: str = Field(description="HH:MM")
    location: UUID | None = Field(None, description="one of the organization's own locations")
    time_zone: str = ""
    description: str = ""


class PhoneIn(Schema):
    number: str = ""
    extension: str = ""
    type: str = "voice"
    description: str = ""


# --- shaping -------------------------------------------------------------------------------


def organization_out(org: Organization) -> dict[str, Any]:
    fields = ("name", "alternate_name", "description", "email", "website")
    own = org.source.kind == SourceKind.OWN
    return {"id": org.public_id, "own": own, **{f: getattr(org, f) for f in fields}}


def service_out(s: Service) -> dict[str, Any]:
    names = [f for f in ServiceOut.model_fields if f not in ("id", "organization", "source", "own")]
    return {
        "id": s.public_id,
        "organization": organization_out(s.organization),
        "source": s.source.name,
        "own": s.source.kind == SourceKind.OWN,
        **{name: getattr(s, name) for name in names},
    }


def schedule_out(s: Schedule) -> dict[str, Any]:
    fields = ("weekday", "opens_at", "closes_at", "time_zone", "description")
    return {"id": s.public_id, **{f: getattr(s, f) for f in fields}}


def phone_out(p: DirectoryPhone) -> dict[str, Any]:
    fields = ("number", "extension", "type", "description")
    return {"id": p.public_id, **{f: getattr(p, f) for f in fields}}


def location_out(loc: Location) -> dict[str, Any]:
    names = [f for f in LocationOut.model_fields if f not in ("id", "organization")]
    out = {name: getattr(loc, name) for name in names}
    for name in ("latitude", "longitude"):
        out[name] = None if out[name] is None else str(out[name])
    return {"id": loc.public_id, "organization": loc.organization.public_id, **out}


def detail_out(s: Service) -> dict[str, Any]:
    places = [
        {
            **location_out(at.location),
            "hours": [schedule_out(h) for h in at.schedules.all()],
            "phones": [phone_out(p) for p in at.location.phones.all()],
        }
        for at in s.at_locations.all()
    ]
    phones = [*s.phones.all(), *s.organization.phones.all()]
    return {
        **service_out(s),
        "hours": [schedule_out(h) for h in s.schedules.all()],
        "phones": [phone_out(p) for p in phones],
        "locations": places,
    }


class SourceOut(Schema):
    id: UUID
    name: str
    kind: str
    imported_at: dt.datetime | None
