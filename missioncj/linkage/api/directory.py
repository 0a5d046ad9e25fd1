"""A program's directory over the JSON API (mounted at /api/v1).

Reads (list/search, one service, export) for every staff member of the program; adding and
changing own entries for directors, supervisors, case managers and peers; imports for
directors and supervisors (see `directory_access`). Anyone else gets a 404. A refused write
answers 422 listing every problem by field and saves nothing; a refused import lists each bad
record by file, index and field."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router

from missioncj.core.api import page_of
from missioncj.linkage.api.directory_schemas import (
    LocationCreate,
    LocationIn,
    LocationOut,
    OrganizationIn,
    OrganizationOut,
    PhoneIn,
    PhoneOut,
    ScheduleIn,
    ScheduleOut,
    ServiceCreate,
    ServiceDetailOut,
    ServiceIn,
    ServiceList,
    ServiceOut,
    ServiceQuery,
    SourceOut,
    detail_out,
    location_out,
    organization_out,
    phone_out,
    schedule_out,
    service_out,
)
from missioncj.linkage.directory_access import program_for
from missioncj.linkage.directory_reads import current_services, service_detail
from missioncj.linkage.hsds.exports import CONTENT_TYPES, export_directory, file_name
from missioncj.linkage.hsds.imports import ImportRefused, format_of, import_directory
from missioncj.linkage.models import (
    Location,
    Organization,
    Service,
    Source,
    SourceKind,
)
from missioncj.linkage.services import directory as entries
from missioncj.programs.models import Program

PREFIX = ""
router = Router(tags=["directory"])
BASE = "/programs/{program_id}/directory"


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
    return {"count": count, "items": [service_out(s) for s in rows]}


@router.get(
    f"{BASE}/services/{{service_id}}",
    response=ServiceDetailOut,
    summary="One service with its organization, locations, hours and phones",
    url_name="directory_service",
)
def get_service(request: HttpRequest, program_id: UUID, service_id: UUID) -> dict[str, Any]:
    program = program_for(request.user, program_id)
    try:
        return detail_out(service_detail(program, service_id))
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


@router.get(
    f"{BASE}/organizations",
    response=list[OrganizationOut],
    summary="The program's current organizations (own and imported)",
    url_name="directory_organizations",
)
def list_organizations(request: HttpRequest, program_id: UUID) -> list[dict[str, Any]]:
    program = program_for(request.user, program_id)
    return [organization_out(o) for o in _current(Organization, program).order_by("name")]


@router.get(
    f"{BASE}/organizations/{{organization_id}}",
    response=OrganizationOut,
    summary="One organization",
    url_name="directory_organization",
)
def get_organization(
    request: HttpRequest, program_id: UUID, organization_id: UUID
) -> dict[str, Any]:
    program = program_for(request.user, program_id)
    return organization_out(_one(_current(Organization, program), organization_id))


@router.get(
    f"{BASE}/locations",
    response=list[LocationOut],
    summary="The program's current locations (own and imported)",
    url_name="directory_locations",
)
def list_locations(request: HttpRequest, program_id: UUID) -> list[dict[str, Any]]:
    program = program_for(request.user, program_id)
    rows = _current(Location, program).select_related("organization").order_by("name")
    return [location_out(loc) for loc in rows]


@router.get(
    f"{BASE}/locations/{{location_id}}",
    response=LocationOut,
    summary="One location",
    url_name="directory_location",
)
def get_location(request: HttpRequest, program_id: UUID, location_id: UUID) -> dict[str, Any]:
    program = program_for(request.user, program_id)
    rows = _current(Location, program).select_related("organization")
    return location_out(_one(rows, location_id))


@router.get(
    f"{BASE}/services/{{service_id}}/schedules",
    response=list[ScheduleOut],
    summary="A service's own hours (hours at each location are in the service's detail)",
    url_name="directory_schedules",
)
def list_schedules(request: HttpRequest, program_id: UUID, service_id: UUID) -> list[Any]:
    program = program_for(request.user, program_id)
    service = _one(current_services(program), service_id)
    rows = service.schedules.filter(retired_at__isnull=True).order_by("weekday", "opens_at")
    return [schedule_out(h) for h in rows]


@router.get(
    f"{BASE}/services/{{service_id}}/phones",
    response=list[PhoneOut],
    summary="A service's own phones",
    url_name="directory_phones",
)
def list_phones(request: HttpRequest, program_id: UUID, service_id: UUID) -> list[Any]:
    program = program_for(request.user, program_id)
    service = _one(current_services(program), service_id)
    return [phone_out(p) for p in service.phones.filter(retired_at__isnull=True)]


@router.get(
    f"{BASE}/sources",
    response=list[SourceOut],
    summary="Where the directory's entries come from: own entries and each imported file",
    url_name="directory_sources",
)
def list_sources(request: HttpRequest, program_id: UUID) -> list[dict[str, Any]]:
    program = program_for(request.user, program_id)
    rows = Source.objects.filter(program=program).order_by("name")
    return [
        {"id": s.public_id, "name": s.name, "kind": s.kind, "imported_at": s.imported_at}
        for s in rows
    ]


def _current(model: Any, program: Program) -> Any:
    return model.objects.filter(source__program=program, retired_at__isnull=True).select_related(
        "source"
    )


def _one(rows: Any, public_id: UUID) -> Any:
    found = rows.filter(public_id=public_id).first()
    if found is None:
        raise Http404("No such entry.")
    return found


# --- writes --------------------------------------------------------------------------------


@router.post(
    f"{BASE}/organizations",
    response={201: OrganizationOut},
    summary="Add an organization to the program's own entries",
    url_name="directory_organization_create",
)
def create_organization(
    request: HttpRequest, program_id: UUID, payload: OrganizationIn
) -> dict[str, Any]:
    program = program_for(request.user, program_id, need="edit")
    org = entries.create_organization(actor=request.user, program=program, **payload.model_dump())
    return organization_out(org)


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
    changes = payload.model_dump(exclude_unset=True)
    return organization_out(
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
) -> dict[str, Any]:
    program = program_for(request.user, program_id, need="edit")
    data = payload.model_dump()
    org = _own(Organization, program, data.pop("organization"), field="organization")
    return service_out(entries.create_service(actor=request.user, organization=org, **data))


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
    changes = payload.model_dump(exclude_unset=True)
    return service_out(entries.update_service(actor=request.user, service=service, **changes))


@router.post(
    f"{BASE}/locations",
    response={201: LocationOut},
    summary="Add a location (address, coordinates, accessibility) to an own organization",
    url_name="directory_location_create",
)
def create_location(
    request: HttpRequest, program_id: UUID, payload: LocationCreate
) -> dict[str, Any]:
    program = program_for(request.user, program_id, need="edit")
    data = payload.model_dump()
    org = _own(Organization, program, data.pop("organization"), field="organization")
    location = entries.create_location(actor=request.user, organization=org, **data)
    return location_out(location)


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
    changes = payload.model_dump(exclude_unset=True)
    updated = entries.update_location(actor=request.user, location=location, **changes)
    return location_out(updated)


@router.post(
    f"{BASE}/services/{{service_id}}/schedules",
    response={201: ScheduleOut},
    summary="Add opening hours for one weekday (optionally at one of its locations)",
    url_name="directory_schedule_create",
)
def add_schedule(
    request: HttpRequest, program_id: UUID, service_id: UUID, payload: ScheduleIn
) -> dict[str, Any]:
    program = program_for(request.user, program_id, need="edit")
    service = _own(Service, program, service_id)
    data = payload.model_dump()
    key = data.pop("location")
    location = _own(Location, program, key, field="location") if key else None
    hours = entries.add_schedule(actor=request.user, service=service, location=location, **data)
    return schedule_out(hours)


@router.post(
    f"{BASE}/services/{{service_id}}/phones",
    response={201: PhoneOut},
    summary="Add a phone number to an own service",
    url_name="directory_phone_create",
)
def add_phone(
    request: HttpRequest, program_id: UUID, service_id: UUID, payload: PhoneIn
) -> dict[str, Any]:
    program = program_for(request.user, program_id, need="edit")
    service = _own(Service, program, service_id)
    return phone_out(entries.add_phone(actor=request.user, service=service, **payload.model_dump()))


@router.post(
    f"{BASE}/sources",
    summary="Import an HSDS file into the source `name` (created, or updated in place): an "
    "HSDS JSON body, or multipart with `file` (JSON or a zip of CSV). Any bad record refuses "
    "the whole file (422) and nothing changes.",
    url_name="directory_import",
)
def import_file(request: HttpRequest, program_id: UUID, name: str) -> HttpResponse:
    program = program_for(request.user, program_id, need="import")
    upload = request.FILES.get("file")
    data = upload.read() if upload is not None else request.body
    fmt = format_of(data, getattr(upload, "name", "") or "")
    try:
        result = import_directory(
            actor=request.user, program=program, source_name=name, data=data, fmt=fmt
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
