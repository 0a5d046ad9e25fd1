"""A program's whole directory (own and imported entries, not retired ones) as HSDS tables.

Ids are our public ids (UUIDs, as HSDS 3.0 asks); rows that exist only as folded values
(addresses, languages, accessibility, cost options, attributes, taxonomy terms) get UUIDs
derived from their parent, so exporting the same directory twice gives the same file."""

from __future__ import annotations

import uuid
from typing import Any

from missioncj.linkage.hsds.categories import TAXONOMY
from missioncj.linkage.hsds.validate import DAYS
from missioncj.linkage.models import (
    DirectoryPhone,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCategory,
)
from missioncj.programs.models import Program

NAMESPACE = uuid.UUID("6c1f8a52-2f0e-4c52-9d1e-8d3a4a0b7e11")


def _id(*parts: Any) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def _time(value: Any) -> str:
    return value.strftime("%H:%M" if not value.second else "%H:%M:%S")


def _ref(row: Any, name: str) -> str | None:
    target = getattr(row, name)
    return str(target.public_id) if target is not None else None


def _current(model: Any, program: Program, *related: str) -> Any:
    rows = model.objects.filter(source__program=program, retired_at__isnull=True)
    return rows.select_related(*related).order_by("public_id")


def export_tables(program: Program) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {}
    tables["organization"] = [
        {
            "id": str(o.public_id),
            "name": o.name,
            "alternate_name": o.alternate_name,
            "description": o.description,
            "email": o.email,
            "website": o.website,
        }
        for o in _current(Organization, program)
    ]
    services = list(_current(Service, program, "organization"))
    tables["service"] = [_service(s) for s in services]
    locations = list(_current(Location, program, "organization"))
    tables["location"] = [_location(loc) for loc in locations]
    tables["address"] = [_address(loc) for loc in locations if loc.address_1 or loc.city]
    tables["service_at_location"] = [
        {
            "id": str(a.public_id),
            "service_id": _ref(a, "service"),
            "location_id": _ref(a, "location"),
        }
        for a in _current(ServiceAtLocation, program, "service", "location")
    ]
    tables["schedule"] = [
        _schedule(s) for s in _current(Schedule, program, "service", "service_at_location")
    ]
    tables["phone"] = [
        _phone(p) for p in _current(DirectoryPhone, program, "organization", "service", "location")
    ]
    _folded(tables, services, locations)
    return tables


def _service(s: Service) -> dict[str, Any]:
    return {
        "id": str(s.public_id),
        "organization_id": str(s.organization.public_id),
        "name": s.name,
        "alternate_name": s.alternate_name,
        "description": s.description,
        "url": s.url,
        "email": s.email,
        "status": s.status,
        "interpretation_services": s.interpretation_services,
        "application_process": s.application_process,
        "fees_description": s.fees_description,
        "wait_time": s.wait_time,
        "eligibility_description": s.eligibility_description,
        "minimum_age": s.minimum_age,
        "maximum_age": s.maximum_age,
        "category": ";".join(s.categories),
    }


def _location(loc: Location) -> dict[str, Any]:
    return {
        "id": str(loc.public_id),
        "organization_id": str(loc.organization.public_id),
        "location_type": "physical",
        "name": loc.name,
        "description": loc.description,
        "transportation": loc.transportation,
        "latitude": None if loc.latitude is None else str(loc.latitude.normalize()),
        "longitude": None if loc.longitude is None else str(loc.longitude.normalize()),
    }


def _address(loc: Location) -> dict[str, Any]:
    return {
        "id": _id(loc.public_id, "address"),
        "location_id": str(loc.public_id),
        "address_type": "physical",
        "address_1": loc.address_1,
        "address_2": loc.address_2,
        "city": loc.city,
        "state_province": loc.state_province,
        "postal_code": loc.postal_code,
        "country": loc.country,
    }


def _schedule(s: Schedule) -> dict[str, Any]:
    return {
        "id": str(s.public_id),
        "service_id": _ref(s, "service"),
        "service_at_location_id": _ref(s, "service_at_location"),
        "freq": "WEEKLY",
        "byday": DAYS[s.weekday],
        "opens_at": _time(s.opens_at),
        "closes_at": _time(s.closes_at),
        "timezone": s.time_zone,
        "description": s.description,
    }


def _phone(p: DirectoryPhone) -> dict[str, Any]:
    return {
        "id": str(p.public_id),
        "organization_id": _ref(p, "organization"),
        "service_id": _ref(p, "service"),
        "location_id": _ref(p, "location"),
        "number": p.number,
        "extension": p.extension,
        "type": p.type,
        "description": p.description,
    }


def _folded(tables: dict[str, Any], services: list[Service], locations: list[Location]) -> None:
    languages, costs, attributes, used = [], [], [], []
    for s in services:
        sid = str(s.public_id)
        for name in s.languages:
            languages.append({"id": _id(sid, "language", name), "service_id": sid, "name": name})
        if s.free is not None:
            option = "Free" if s.free else "Fees apply"
            amount = "0" if s.free else None
            row = {"id": _id(sid, "cost"), "service_id": sid, "option": option, "amount": amount}
            costs.append(row)
        for code in s.categories:
            if code not in used:
                used.append(code)
            attributes.append(
                {
                    "id": _id(sid, "attribute", code),
                    "link_id": sid,
                    "link_type": "service",
                    "taxonomy_term_id": _id("taxonomy", code),
                }
            )
    tables["language"] = languages
    tables["accessibility"] = [
        {
            "id": _id(loc.public_id, "accessibility", text),
            "location_id": str(loc.public_id),
            "description": text,
        }
        for loc in locations
        for text in loc.accessibility
    ]
    tables["cost_option"] = costs
    tables["taxonomy_term"] = [
        {"id": _id("taxonomy", c.value), "code": c.value, "name": c.label, "taxonomy": TAXONOMY}
        for c in ServiceCategory
        if c.value in used
    ]
    tables["attribute"] = attributes
