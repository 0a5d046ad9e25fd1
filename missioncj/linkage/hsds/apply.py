"""Storing a checked `Plan` into one source: upsert by (source, source_key), so a re-import
updates rows in place; rows of the source that the file no longer has are retired (services
also marked inactive), never deleted, since referrals may name them. Runs inside the
importer's transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from missioncj.linkage.hsds.validate import ENTRY_TABLES, Plan
from missioncj.linkage.models import (
    DirectoryPhone,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Source,
)

MODELS: dict[str, type[models.Model]] = {
    "organization": Organization,
    "service": Service,
    "location": Location,
    "service_at_location": ServiceAtLocation,
    "schedule": Schedule,
    "phone": DirectoryPhone,
}
FOREIGN_KEYS = {"organization", "service", "location", "service_at_location"}
LINKS = {
    "schedule": ("service", "service_at_location"),
    "phone": ("organization", "service", "location"),
}


@dataclass
class Counts:
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ENTRY_TABLES, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ENTRY_TABLES, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ENTRY_TABLES, 0))
    retired: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ENTRY_TABLES, 0))

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "retired": self.retired,
        }

    def total(self, kind: str) -> int:
        return sum(getattr(self, kind).values())


def apply_plan(plan: Plan, source: Source) -> Counts:
    counts = Counts()
    stored: dict[str, dict[str, Any]] = {}
    now = timezone.now()
    for table in ENTRY_TABLES:
        model: Any = MODELS[table]
        existing = {row.source_key: row for row in model.objects.filter(source=source)}
        stored[table] = {}
        for key, planned in plan.rows[table].items():
            values = dict(planned.fields)
            for name in LINKS.get(table, ()):
                values[name] = None
            for name, link in planned.links.items():
                values[name] = stored[link[0]][link[1]] if link else None
            values["retired_at"] = None
            row = existing.pop(key, None)
            if row is None and table == "service_at_location":
                # The same service at the same place under a new id: keep the row.
                row = model.objects.filter(
                    service=values["service"], location=values["location"]
                ).first()
                if row is not None:
                    existing.pop(row.source_key, None)
            stored[table][key] = _upsert(model, row, source, key, values, table, counts)
        for row in existing.values():
            if row.retired_at is None:
                row.retired_at = now
                if table == "service":
                    row.status = ServiceStatus.INACTIVE
                row.save()
                counts.retired[table] += 1
    return counts


def _upsert(
    model: Any,
    row: Any,
    source: Source,
    key: str,
    values: dict[str, Any],
    table: str,
    counts: Counts,
) -> Any:
    if row is None:
        row = model(source=source, source_key=key, **values)
        row.save()
        counts.created[table] += 1
        return row
    changed = False
    for name, value in values.items():
        if name in FOREIGN_KEYS:
            same = getattr(row, f"{name}_id") == (value.pk if value is not None else None)
        else:
            same = getattr(row, name) == value
        if not same:
            setattr(row, name, value)
            changed = True
    if row.source_key != key:
        row.source_key, changed = key, True
    if changed:
        row.save()
        counts.updated[table] += 1
    else:
        counts.unchanged[table] += 1
    return row
