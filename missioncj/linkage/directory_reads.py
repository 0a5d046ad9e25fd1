"""Reading a program's directory: the current services (not retired) matching a search and a
category, and one service with everything a participant needs to get there. Shared by the
pages and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from missioncj.linkage.directory_fields import WEEKDAYS
from missioncj.linkage.models import (
    DirectoryPhone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCategory,
)
from missioncj.programs.models import Program


def current_services(program: Program, q: str = "", category: str = "") -> QuerySet[Service]:
    rows = Service.objects.filter(source__program=program, retired_at__isnull=True)
    q = q.strip()
    if q:
        rows = rows.filter(
            Q(name__icontains=q)
            | Q(alternate_name__icontains=q)
            | Q(organization__name__icontains=q)
            | Q(description__icontains=q)
        )
    if category in ServiceCategory.values:
        # JSON list membership works alike on SQLite and PostgreSQL through a text match.
        rows = rows.filter(categories__icontains=f'"{category}"')
    return rows.select_related("organization__source", "source").order_by(
        "name", "organization__name"
    )


def service_detail(program: Program, service_id: Any) -> Service:
    current = Q(retired_at__isnull=True)
    return (
        Service.objects.filter(source__program=program, retired_at__isnull=True)
        .select_related("organization__source", "source")
        .prefetch_related(
            Prefetch(
                "at_locations",
                ServiceAtLocation.objects.filter(current, location__retired_at__isnull=True)
                .select_related("location__organization")
                .order_by("location__name"),
            ),
            Prefetch("at_locations__schedules", Schedule.objects.filter(current)),
            Prefetch("at_locations__location__phones", DirectoryPhone.objects.filter(current)),
            Prefetch("schedules", Schedule.objects.filter(current)),
            Prefetch("phones", DirectoryPhone.objects.filter(current)),
            Prefetch("organization__phones", DirectoryPhone.objects.filter(current)),
        )
        .get(public_id=service_id)
    )


def hours_text(schedules: Any) -> list[str]:
    """Lines like "Monday 09:00 to 17:00", Monday first."""
    rows = sorted(schedules, key=lambda s: (s.weekday, s.opens_at))
    return [
        f"{WEEKDAYS[s.weekday]} {s.opens_at:%H:%M} to {s.closes_at:%H:%M}"
        + (f" ({s.description})" if s.description else "")
        for s in rows
    ]


def category_labels(codes: list[str]) -> list[str]:
    labels = dict(ServiceCategory.choices)
    return [labels.get(code, code) for code in codes]
