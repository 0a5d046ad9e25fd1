"""Small factories for meeting and finder tests: meetings through the service, directory rows
(whose services another area owns) straight through the ORM."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from decimal import Decimal
from typing import Any

from missioncj.linkage.models import (
    Location,
    Meeting,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    Source,
    SourceKind,
)
from missioncj.linkage.services.meetings import add_meeting
from missioncj.programs.models import Program

HARBOR = (41.50, -71.30)
EARTH_MILES = 3958.8


def north_of(point: tuple[float, float], miles: float) -> tuple[float, float]:
    """A point `miles` due north (exactly, on the great circle)."""
    return (point[0] + math.degrees(miles / EARTH_MILES), point[1])


def meeting(program: Program, **values: Any) -> Meeting:
    data: dict[str, Any] = {
        "name": "Harbor Group",
        "fellowship": "aa",
        "weekday": 1,
        "start_time": "18:30",
        "address": "12 Elm St",
        "city": "Newport",
        "latitude": HARBOR[0],
        "longitude": HARBOR[1],
        "types": ["O"],
    }
    data.update(values)
    return add_meeting(actor=None, program=program, **data)


def service(
    program: Program,
    *,
    name: str = "Harbor Legal Aid",
    categories: list[str] | None = None,
    point: tuple[float, float] | None = HARBOR,
    hours: list[tuple[int, dt.time, dt.time]] | None = None,
    accessibility: list[str] | None = None,
    **fields: Any,
) -> Service:
    source, _ = Source.objects.get_or_create(
        program=program, name="Test directory", defaults={"kind": SourceKind.HSDS}
    )
    key = str(uuid.uuid4())
    org = Organization.objects.create(source=source, source_key=key, name=f"{name} Org")
    svc = Service.objects.create(
        source=source,
        source_key=key,
        organization=org,
        name=name,
        categories=categories or ["legal_aid"],
        **fields,
    )
    location = Location.objects.create(
        source=source,
        source_key=key,
        organization=org,
        name=f"{name} office",
        address_1="1 Main St",
        city="Newport",
        postal_code="02840",
        latitude=Decimal(f"{point[0]:.6f}") if point else None,
        longitude=Decimal(f"{point[1]:.6f}") if point else None,
        accessibility=accessibility or [],
    )
    sal = ServiceAtLocation.objects.create(
        source=source, source_key=key, service=svc, location=location
    )
    for index, (weekday, opens, closes) in enumerate(hours or []):
        Schedule.objects.create(
            source=source,
            source_key=f"{key}-{index}",
            service_at_location=sal,
            weekday=weekday,
            opens_at=opens,
            closes_at=closes,
        )
    return svc
