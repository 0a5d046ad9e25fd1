"""Helpers for the directory tests: a normalized dump of a program's directory (no ids, no
timestamps) to compare two directories, and a small HSDS document to edit."""

from __future__ import annotations

import copy
import json
import random
from typing import Any

from missioncj.demo.linkage_directory import directory_document
from missioncj.linkage.directory_rows import (
    LOCATION_FIELDS,
    ORGANIZATION_FIELDS,
    PHONE_FIELDS,
    SCHEDULE_FIELDS,
    SERVICE_FIELDS,
)
from missioncj.linkage.models import (
    DirectoryPhone,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
)


def _current(model: Any, program: Any) -> Any:
    return model.objects.filter(source__program=program, retired_at__isnull=True)


def _fields(row: Any, names: tuple[str, ...]) -> str:
    return json.dumps({n: getattr(row, n) for n in names}, sort_keys=True, default=str)


def _name(row: Any) -> str:
    return "" if row is None else (getattr(row, "name", "") or str(row))


def dump(program: Any) -> dict[str, list[Any]]:
    return {
        "organizations": sorted(
            _fields(o, ORGANIZATION_FIELDS) for o in _current(Organization, program)
        ),
        "services": sorted(
            (s.organization.name, _fields(s, SERVICE_FIELDS)) for s in _current(Service, program)
        ),
        "locations": sorted(
            (loc.organization.name, _fields(loc, LOCATION_FIELDS))
            for loc in _current(Location, program)
        ),
        "at": sorted(
            (a.service.name, _name(a.location)) for a in _current(ServiceAtLocation, program)
        ),
        "schedules": sorted(
            (
                _name(s.service),
                _name(s.service_at_location and s.service_at_location.service),
                _name(s.service_at_location and s.service_at_location.location),
                _fields(s, SCHEDULE_FIELDS),
            )
            for s in _current(Schedule, program)
        ),
        "phones": sorted(
            (
                _name(p.organization),
                _name(p.service),
                _name(p.location),
                _fields(p, PHONE_FIELDS),
            )
            for p in _current(DirectoryPhone, program)
        ),
    }


def county_document() -> dict[str, list[dict[str, Any]]]:
    return copy.deepcopy(directory_document(random.Random(7)))


def as_json(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc).encode()
