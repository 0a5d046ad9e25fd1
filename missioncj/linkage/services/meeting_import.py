"""Importing a Meeting Guide feed (the JSON array of meetings intergroups publish).

Every record is checked first; any problem is reported as (index, field, message) and nothing
is imported. A record's `day` is Meeting Guide's 0 = Sunday … 6 = Saturday (stored as
0 = Monday … 6 = Sunday); a list of days gives one meeting per day, keyed `slug:day`, a single
day is keyed `slug`. Re-importing updates the same rows; meetings of the source that are gone
from the feed are retired (inactive), and come back if they return. One audit event per import."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.linkage.meeting_fields import EDITABLE, clean_meeting
from missioncj.linkage.models import Fellowship, Meeting, Source, SourceKind
from missioncj.programs.models import Program

MAX_RECORDS = 20000
# Feed field names for our field names, so messages name what the feed calls it.
FEED_NAME = {
    "group_name": "group",
    "location_name": "location",
    "state_province": "state",
    "time_zone": "timezone",
    "start_time": "time",
    "weekday": "day",
}
# Codes a feed may put in `types` to say which fellowship a meeting is (when the import does not
# name one for the whole feed). Meeting Guide itself is AA-centred and has no such codes.
FELLOWSHIP_CODES = {
    "AA": Fellowship.AA,
    "NA": Fellowship.NA,
    "SMART": Fellowship.SMART,
    "CR": Fellowship.CELEBRATE_RECOVERY,
    "DRA": Fellowship.DRA,
    "VET": Fellowship.VETERANS,
}


@dataclass(frozen=True)
class Problem:
    index: int | None  # the record's position in the array (None: the file as a whole)
    field: str
    message: str

    def __str__(self) -> str:
        where = "file" if self.index is None else f"record {self.index}"
        return f"{where}, {self.field}: {self.message}"


class FeedRejected(ValidationError):
    """The feed had problems; none of it was imported."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__([str(p) for p in problems])


@dataclass
class ImportResult:
    source: Source
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    restored: int = 0
    keys: list[str] = field(default_factory=list)


def load_feed(data: bytes | str) -> Any:
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedRejected([Problem(None, "file", f"This is not JSON ({exc}).")]) from None


def _days(value: Any) -> list[int]:
    days = value if isinstance(value, list) else [value]
    if not days:
        raise ValueError("Give at least one day (0 = Sunday … 6 = Saturday).")
    out = []
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int | str) or not str(day).isdigit():
            raise ValueError(f"“{day}” is not a day; days are 0 = Sunday … 6 = Saturday.")
        if not 0 <= int(day) <= 6:
            raise ValueError(f"Days are 0 = Sunday … 6 = Saturday; {day} is not one.")
        if int(day) in out:
            raise ValueError(f"Day {day} is listed twice.")
        out.append(int(day))
    return out


def _fellowship(record_: Mapping[str, Any], chosen: str | None) -> str:
    if chosen:
        return chosen
    types = record_.get("types") or []
    found = {
        FELLOWSHIP_CODES[t.upper()]
        for t in types
        if isinstance(t, str) and t.upper() in FELLOWSHIP_CODES
    }
    if len(found) != 1:
        codes = ", ".join(FELLOWSHIP_CODES)
        raise ValueError(
            f"Say which fellowship this is: choose one for the whole feed, or put exactly one of "
            f"{codes} in types."
        )
    return found.pop()


def _fields(rec: Mapping[str, Any], fellowship: str) -> dict[str, Any]:
    address = rec.get("address") or rec.get("formatted_address") or ""
    return {
        "name": rec.get("name"),
        "fellowship": fellowship,
        "weekday": 0,  # set per day below
        "start_time": rec.get("time"),
        "end_time": rec.get("end_time"),
        "time_zone": rec.get("timezone"),
        "group_name": rec.get("group"),
        "location_name": rec.get("location"),
        "address": address,
        "city": rec.get("city"),
        "state_province": rec.get("state"),
        "postal_code": rec.get("postal_code"),
        "latitude": rec.get("latitude"),
        "longitude": rec.get("longitude"),
        "conference_url": rec.get("conference_url"),
        "conference_phone": rec.get("conference_phone"),
        "types": rec.get("types"),
        "notes": rec.get("notes"),
        "url": rec.get("url"),
    }


def check_feed(
    feed: Any, *, program: Program, fellowship: str | None
) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """Every record checked: (key → clean meeting fields, problems)."""
    if fellowship and fellowship not in Fellowship.values:
        return {}, [Problem(None, "fellowship", f"“{fellowship}” is not a fellowship we know.")]
    if not isinstance(feed, list):
        return {}, [Problem(None, "file", "A Meeting Guide feed is a JSON array of meetings.")]
    if len(feed) > MAX_RECORDS:
        return {}, [Problem(None, "file", f"At most {MAX_RECORDS} meetings per import.")]
    rows: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    for index, rec in enumerate(feed):
        if not isinstance(rec, dict):
            problems.append(Problem(index, "record", "Each meeting is a JSON object."))
            continue
        slug = rec.get("slug")
        if not isinstance(slug, str | int) or isinstance(slug, bool) or not str(slug).strip():
            problems.append(Problem(index, "slug", "Every meeting needs its slug (its id)."))
        elif len(str(slug)) > 190:
            problems.append(Problem(index, "slug", "The slug is longer than 190 characters."))
        try:
            days = _days(rec.get("day"))
        except ValueError as exc:
            problems.append(Problem(index, "day", str(exc)))
            days = []
        try:
            chosen = _fellowship(rec, fellowship)
        except ValueError as exc:
            problems.append(Problem(index, "types", str(exc)))
            chosen = Fellowship.OTHER
        clean, errors = clean_meeting(_fields(rec, chosen), default_zone=program.time_zone)
        for name in EDITABLE:
            if name in errors and name != "fellowship":
                problems.append(Problem(index, FEED_NAME.get(name, name), errors[name]))
        if problems and problems[-1].index == index:
            continue
        single = not isinstance(rec.get("day"), list)
        for day in days:
            key = str(slug).strip() if single else f"{str(slug).strip()}:{day}"
            if key in rows:
                problems.append(
                    Problem(index, "slug", f"“{key}” is already used by an earlier record.")
                )
                continue
            rows[key] = {**clean, "weekday": (day - 1) % 7}
    return rows, problems


def _source(program: Program, name: str, actor: Any) -> Source:
    found = Source.objects.filter(program=program, name=name).first()
    if found is not None and found.kind != SourceKind.MEETING_GUIDE:
        raise FeedRejected(
            [
                Problem(
                    None,
                    "source",
                    f"“{name}” is a {found.get_kind_display()} source; "
                    "name a Meeting Guide source or a new one.",
                )
            ]
        )
    return found or Source.objects.create(
        program=program,
        kind=SourceKind.MEETING_GUIDE,
        name=name,
        created_by=actor if getattr(actor, "pk", None) else None,
    )


@transaction.atomic
def import_meeting_guide(
    *, actor: Any, program: Program, source_name: str, feed: Any, fellowship: str | None = None
) -> ImportResult:
    name = (source_name or "").strip()
    if not name or len(name) > 200:
        raise FeedRejected([Problem(None, "source", "Name the feed (at most 200 characters).")])
    rows, problems = check_feed(feed, program=program, fellowship=fellowship)
    if problems:
        raise FeedRejected(problems)
    source = _source(program, name, actor)
    result = ImportResult(source=source, keys=sorted(rows))
    existing = {m.source_key: m for m in Meeting.objects.select_for_update().filter(source=source)}
    for key, values in rows.items():
        meeting = existing.get(key)
        if meeting is None:
            Meeting.objects.create(source=source, source_key=key, **values)
            result.created += 1
            continue
        changed = [n for n, v in values.items() if getattr(meeting, n) != v]
        if not meeting.active:
            result.restored += 1
            meeting.active = True
            changed.append("active")
        for name_ in changed:
            if name_ != "active":
                setattr(meeting, name_, values[name_])
        if changed:
            meeting.save()
            result.updated += 1
        else:
            result.unchanged += 1
    gone = [m.pk for k, m in existing.items() if k not in rows and m.active]
    result.retired = Meeting.objects.filter(pk__in=gone).update(
        active=False, updated_at=timezone.now()
    )
    source.imported_at = timezone.now()
    source.save(update_fields=["imported_at", "updated_at"])
    record(
        kind=AuditKind.UPDATE,
        action="meeting.import",
        actor=actor,
        subject=source,
        after={
            "source": source.name,
            "fellowship": fellowship or "from types",
            "records": len(feed),
            "meetings": len(rows),
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "retired": result.retired,
            "restored": result.restored,
        },
    )
    return result
