"""A program's directory over the JSON API (mounted at /api/v1).

Reads (list/search, one service, export) for every staff member of the program; adding and
changing own entries for directors, supervisors, case managers and peers; imports for
directors and supervisors (see `directory_access`). Anyone else gets a 404. A refused write
answers 422 listing every problem by field and saves nothing; a refused import lists each bad
record by file, index and field."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from missioncj.core.api import PageQuery, page_of
from missioncj.linkage.directory_access import program_for
from missioncj.linkage.directory_reads import current_services, service_detail
from missioncj.linkage.hsds.exports import CONTENT_TYPES, export_directory, file_name
from missioncj.linkage.hsds.imports import ImportRefused, format_of, import_directory
from missioncj.linkage.models import (
    DirectoryPhone,
    Location,
    Organization,
    Schedule,
    Service,
    SourceKind,
)
from missioncj.linkage.services import directory as entries
from missioncj.programs.models import Program

PREFIX = ""
router = Router(tags=["directory"])
BASE = "/programs/{program_id}/directory"

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


def _organization_out(org: Organization) -> dict[str, Any]:
    fields = ("name", "alternate_name", "description", "email", "website")
    own = org.source.kind == SourceKind.OWN
    return {"id": org.public_id, "own": own, **{f: getattr(org, f) for f in fields}}


def _service_out(s: Service) -> dict[str, Any]:
    names = [f for f in ServiceOut.model_fields if f not in ("id", "organization", "source", "own")]
    return {
        "id": s.public_id,
        "organization": _organization_out(s.organization),
        "source": s.source.name,
        "own": s.source.kind == SourceKind.OWN,
        **{name: getattr(s, name) for name in names},
    }


def _schedule_out(s: Schedule) -> dict[str, Any]:
    fields = ("weekday", "opens_at", "closes_at", "time_zone", "description")
    return {"id": s.public_id, **{f: getattr(s, f) for f in fields}}


def _phone_out(p: DirectoryPhone) -> dict[str, Any]:
    fields = ("number", "extension", "type", "description")
    return {"id": p.public_id, **{f: getattr(p, f) for f in fields}}


def _location_out(loc: Location) -> dict[str, Any]:
    names = [f for f in LocationOut.model_fields if f not in ("id", "organization")]
    out = {name: getattr(loc, name) for name in names}
    for name in ("latitude", "longitude"):
        out[name] = None if out[name] is None else str(out[name])
    return {"id": loc.public_id, "organization": loc.organization.public_id, **out}


def _detail_out(s: Service) -> dict[str, Any]:
    places = [
        {
            **_location_out(at.location),
            "hours": [_schedule_out(h) for h in at.schedules.all()],
            "phones": [_phone_out(p) for p in at.location.phones.all()],
        }
        for at in s.at_locations.all()
    ]
    phones = [*s.phones.all(), *s.organization.phones.all()]
    return {
        **_service_out(s),
        "hours": [_schedule_out(h) for h in s.schedules.all()],
        "phones": [_phone_out(p) for p in phones],
        "locations": places,
    }


def _own(model: Any, program: Program, public_id: Any, field: str = "") -> Any:
    """An own, current entry of the program: a 404 for a path id, a 422 for a body field."""
    rows = model.objects.filter(
        source__program=program, source__kind=SourceKind.OWN, retired_at__isnull=True
    ).select_related("source")
    found = rows.filter(public_id=public_id).first()
    if found is not None:
        return found
    if field:
        raise ValidationError({field: f"No {field} among the program's own entries has this id."})
    raise Http404("No such entry.")


# --- reads ---------------------------------------------------------------------------------


@router.get(
    f"{BASE}/services",
    response=ServiceList,
    summary="The program's directory: services by name/organization (q) and category",
    url_name="directory_services",
)
def list_services(
    request: HttpRequest, program_id: UUID, query: Query[ServiceQuery]
) -> dict[str, Any]:
    program = program_for(request.user, program_id)
    count, rows = page_of(current_services(program, query.q, query.category), query)
    return {"count": count, "items": [_service_out(s) for s in rows]}


@router.get(
    f"{BASE}/services/{{service_id}}",
    response=ServiceDetailOut,
    summary="One service with its organization, locations, hours and phones",
    url_name="directory_service",
)
def get_service(request: HttpRequest, program_id: UUID, service_id: UUID) -> dict[str, Any]:
    program = program_for(request.user, program_id)
    try:
        return _detail_out(service_detail(program, service_id))
    except ObjectDoesNotExist as exc:
        raise Http404("No such service.") from exc


@router.get(
    f"{BASE}/export",
    summary="The whole directory as HSDS JSON (format=json) or a zip of HSDS CSV (format=csv)",
    url_name="directory_export",
)
def export(request: HttpRequest, program_id: UUID, format: str = "json") -> HttpResponse:
    program = program_for(request.user, program_id)
    if format not in CONTENT_TYPES:
        raise ValidationError({"format": "The format is json or csv."})
    data = export_directory(actor=request.user, program=program, fmt=format)
    response = HttpResponse(data, content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{file_name(program, format)}"'
    return response


# --- writes --------------------------------------------------------------------------------


@router.post(
    f"{BASE}/organizations",
    response={201: OrganizationOut},
    summary="Add an organization to the program's own entries",
    url_name="directory_organization_create",
)
def create_organization(
    request: HttpRequest, program_id: UUID, payload: OrganizationIn
) -> tuple[int, dict[str, Any]]:
    program = program_for(request.user, program_id, need="edit")
    org = entries.create_organization(actor=request.user, program=program, **payload.dict())
    return 201, _organization_out(org)


@router.patch(
    f"{BASE}/organizations/{{organization_id}}",
    response=OrganizationOut,
    summary="Change an own organization (only the fields sent)",
    url_name="directory_organization_update",
)
def update_organization(
    request: HttpRequest, program_id: UUID, organization_id: UUID, payload: OrganizationIn
) -> dict[str, Any]:
    program = program_for(request.user, program_id, need="edit")
    org = _own(Organization, program, organization_id)
    changes = payload.dict(exclude_unset=True)
    return _organization_out(
        entries.update_organization(actor=request.user, organization=org, **changes)
    )


@router.post(
    f"{BASE}/services",
    response={201: ServiceOut},
    summary="Add a service to one of the program's own organizations",
    url_name="directory_service_create",
)
def create_service(
    request: HttpRequest, program_id: UUID, payload: ServiceCreate
) -> tuple[int, dict[str, Any]]:
    program = program_for(request.user, program_id, need="edit")
    data = payload.dict()
    org = _own(Organization, program, data.pop("organization"), field="organization")
    return 201, _service_out(entries.create_service(actor=request.user, organization=org, **data))


@router.patch(
    f"{BASE}/services/{{service_id}}",
    response=ServiceOut,
    summary="Change an own service (only the fields sent)",
    url_name="directory_service_update",
)
def update_service(
    request: HttpRequest, program_id: UUID, service_id: UUID, payload: ServiceIn
) -> dict[str, Any]:
    program = program_for(request.user, program_id, need="edit")
    service = _own(Service, program, service_id)
    changes = payload.dict(exclude_unset=True)
    return _service_out(entries.update_service(actor=request.user, service=service, **changes))


@router.post(
    f"{BASE}/locations",
    response={201: LocationOut},
    summary="Add a location (address, coordinates, accessibility) to an own organization",
    url_name="directory_location_create",
)
def create_location(
    request: HttpRequest, program_id: UUID, payload: LocationCreate
) -> tuple[int, dict[str, Any]]:
    program = program_for(request.user, program_id, need="edit")
    data = payload.dict()
    org = _own(Organization, program, data.pop("organization"), field="organization")
    location = entries.create_location(actor=request.user, organization=org, **data)
    return 201, _location_out(location)


@router.patch(
    f"{BASE}/locations/{{location_id}}",
    response=LocationOut,
    summary="Change an own location (only the fields sent)",
    url_name="directory_location_update",
)
def update_location(
    request: HttpRequest, program_id: UUID, location_id: UUID, payload: LocationIn
) -> dict[str, Any]:
    program = program_for(request.user, program_id, need="edit")
    location = _own(Location, program, location_id)
    changes = payload.dict(exclude_unset=True)
    updated = entries.update_location(actor=request.user, location=location, **changes)
    return _location_out(updated)


@router.post(
    f"{BASE}/services/{{service_id}}/schedules",
    response={201: ScheduleOut},
    summary="Add opening hours for one weekday (optionally at one of its locations)",
    url_name="directory_schedule_create",
)
def add_schedule(
    request: HttpRequest, program_id: UUID, service_id: UUID, payload: ScheduleIn
) -> tuple[int, dict[str, Any]]:
    program = program_for(request.user, program_id, need="edit")
    service = _own(Service, program, service_id)
    data = payload.dict()
    key = data.pop("location")
    location = _own(Location, program, key, field="location") if key else None
    hours = entries.add_schedule(actor=request.user, service=service, location=location, **data)
    return 201, _schedule_out(hours)


@router.post(
    f"{BASE}/services/{{service_id}}/phones",
    response={201: PhoneOut},
    summary="Add a phone number to an own service",
    url_name="directory_phone_create",
)
def add_phone(
    request: HttpRequest, program_id: UUID, service_id: UUID, payload: PhoneIn
) -> tuple[int, dict[str, Any]]:
    program = program_for(request.user, program_id, need="edit")
    service = _own(Service, program, service_id)
    return 201, _phone_out(entries.add_phone(actor=request.user, service=service, **payload.dict()))


@router.post(
    f"{BASE}/import",
    summary="Import an HSDS file into a named source: an HSDS JSON body, or multipart with "
    "`file` (JSON or a zip of CSV). Any bad record refuses the whole file (422).",
    url_name="directory_import",
)
def import_file(request: HttpRequest, program_id: UUID, source: str) -> HttpResponse:
    program = program_for(request.user, program_id, need="import")
    upload = request.FILES.get("file")
    data = upload.read() if upload is not None else request.body
    fmt = format_of(data, getattr(upload, "name", "") or "")
    try:
        result = import_directory(
            actor=request.user, program=program, source_name=source, data=data, fmt=fmt
        )
    except ImportRefused as exc:
        details = [
            {
                "loc": ["body", p.file, p.index, p.field],
                "msg": p.message,
                "type": "value_error",
                **p.as_dict(),
            }
            for p in exc.problems
        ]
        return _json(request, {"detail": details}, 422)
    body = {"source": result.source.name, "format": fmt, **result.counts.as_dict()}
    return _json(request, body, 200)


def _json(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
    from missioncj.api import api  # the API object renders like every other response

    return api.create_response(request, body, status=status)
