"""Access-matrix entries for the resource directory (pages and API), collected by the program
matrix in `missioncj/participants/tests/test_access_matrix.py`.

Seeing the directory: every staff member of the program (director, supervisor, case manager,
peer, clinician; the outsider is a case manager in the re-entry program). Editing own entries:
not clinicians. Importing: director and supervisor only (the matrix's default program scope).
Court partners, evaluators and the system administrator get a 404 everywhere. The rows a route
works on are made here with the ORM and no audit event."""

from __future__ import annotations

from typing import Any

from missioncj.core.models import AuditEvent
from missioncj.linkage.models import Location, Organization, Service, Source, SourceKind

SEE_SCOPE = {
    "director": {"drug"},
    "supervisor": {"drug"},
    "casemanager": {"drug"},
    "peer": {"drug"},
    "clinician": {"drug"},
    "outsider": {"reentry"},
}
EDIT_SCOPE = {key: value for key, value in SEE_SCOPE.items() if key != "clinician"}


def _own_org(ctx: Any) -> Organization:
    source, _ = Source.objects.get_or_create(
        program=ctx.program, kind=SourceKind.OWN, defaults={"name": "Program entries"}
    )
    org, _ = Organization.objects.get_or_create(
        source=source, source_key="matrix-org", defaults={"name": "Matrix Org"}
    )
    return org


def _own_service(ctx: Any) -> Service:
    org = _own_org(ctx)
    service, _ = Service.objects.get_or_create(
        source=org.source,
        source_key="matrix-service",
        defaults={"organization": org, "name": "Matrix Service", "categories": ["mat"]},
    )
    return service


def _own_location(ctx: Any) -> Location:
    org = _own_org(ctx)
    location, _ = Location.objects.get_or_create(
        source=org.source,
        source_key="matrix-location",
        defaults={"organization": org, "name": "Matrix Place"},
    )
    return location


def _service_args(ctx: Any) -> dict[str, Any]:
    return {"service_id": _own_service(ctx).public_id}


def _org_args(ctx: Any) -> dict[str, Any]:
    return {"organization_id": _own_org(ctx).public_id}


def _location_args(ctx: Any) -> dict[str, Any]:
    return {"location_id": _own_location(ctx).public_id}


def _making(make: Any) -> Any:
    """url_args that only make the row a list should show."""

    def args(ctx: Any) -> dict[str, Any]:
        make(ctx)
        return {}

    return args


def _export_args(ctx: Any, **extra: str) -> dict[str, Any]:
    _own_org(ctx)  # something to find in the file
    return extra


# --- checks --------------------------------------------------------------------------------


def _program_page(ctx: Any, response: Any) -> None:
    assert ctx.program.name in response.content.decode()


def _service_page(ctx: Any, response: Any) -> None:
    html = response.content.decode()
    assert "Matrix Service" in html and "Matrix Org" in html


def _export_file(ctx: Any, response: Any) -> None:
    assert b"Matrix Org" in response.content
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.actor) == ("linkage.directory.export", ctx.user)


def _api_list(ctx: Any, response: Any) -> None:
    assert "Matrix Service" in {s["name"] for s in response.json()["items"]}


def _api_service(ctx: Any, response: Any) -> None:
    assert response.json()["name"] == "Matrix Service"


def _api_organizations(ctx: Any, response: Any) -> None:
    assert "Matrix Org" in {o["name"] for o in response.json()}


def _api_organization(ctx: Any, response: Any) -> None:
    assert response.json()["name"] == "Matrix Org"


def _api_locations(ctx: Any, response: Any) -> None:
    assert "Matrix Place" in {loc["name"] for loc in response.json()}


def _api_location(ctx: Any, response: Any) -> None:
    assert response.json()["name"] == "Matrix Place"


def _api_empty_list(ctx: Any, response: Any) -> None:
    assert response.json() == []


def _api_sources(ctx: Any, response: Any) -> None:
    assert isinstance(response.json(), list)


def program_route_specs() -> list[dict[str, Any]]:
    def page(name: str, check: Any, scope: Any = SEE_SCOPE, args: Any = None) -> dict[str, Any]:
        return {"name": f"linkage:{name}", "get": check, "scope": scope, "url_args": args}

    def api(name: str, check: Any, args: Any = None) -> dict[str, Any]:
        return {
            "name": f"api:{name}",
            "get": check,
            "scope": SEE_SCOPE,
            "url_args": args,
            "api": True,
        }

    return [
        page("directory", _program_page),
        page("directory_service", _service_page, args=_service_args),
        page("directory_export", _export_file, args=lambda ctx: _export_args(ctx, fmt="json")),
        page("directory_organization_new", _program_page, EDIT_SCOPE),
        page("directory_organization_edit", _program_page, EDIT_SCOPE, _org_args),
        page("directory_service_new", _program_page, EDIT_SCOPE),
        page("directory_service_edit", _program_page, EDIT_SCOPE, _service_args),
        page("directory_hours_add", _program_page, EDIT_SCOPE, _service_args),
        page("directory_phone_add", _program_page, EDIT_SCOPE, _service_args),
        page("directory_location_new", _program_page, EDIT_SCOPE),
        page("directory_location_edit", _program_page, EDIT_SCOPE, _location_args),
        {"name": "linkage:directory_service_retire", "get": None, "url_args": _service_args},
        {"name": "linkage:directory_import", "get": _program_page},
        # The API: writes share a path with a read, so a GET answers with the read.
        api("directory_services", _api_list, _making(_own_service)),
        api("directory_service_create", _api_list, _making(_own_service)),
        api("directory_service", _api_service, _service_args),
        api("directory_service_update", _api_service, _service_args),
        api("directory_organizations", _api_organizations, _making(_own_org)),
        api("directory_organization_create", _api_organizations, _making(_own_org)),
        api("directory_organization", _api_organization, _org_args),
        api("directory_organization_update", _api_organization, _org_args),
        api("directory_locations", _api_locations, _making(_own_location)),
        api("directory_location_create", _api_locations, _making(_own_location)),
        api("directory_location", _api_location, _location_args),
        api("directory_location_update", _api_location, _location_args),
        api("directory_schedules", _api_empty_list, _service_args),
        api("directory_schedule_create", _api_empty_list, _service_args),
        api("directory_phones", _api_empty_list, _service_args),
        api("directory_phone_create", _api_empty_list, _service_args),
        api("directory_sources", _api_sources),
        api("directory_import", _api_sources),
        api("directory_export", _export_file, _export_args),
    ]


def route_specs() -> list[dict[str, Any]]:
    """No route about one participant here: the directory is a program's."""
    return []
