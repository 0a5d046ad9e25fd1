"""Setting up a program's court (its calendar): name, location, presiding judge."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from missioncj.core.audit import create_recorded, record, snapshot
from missioncj.core.models import AuditKind
from missioncj.court.models import Court
from missioncj.programs.models import Program
from missioncj.programs.services import can_configure

COURT_FIELDS = ["program", "name", "location", "judge"]


@transaction.atomic
def create_court(
    *, actor: Any, program: Program, name: str, location: str = "", judge: str = ""
) -> Court:
    """actor None: set up by the installation itself (demo loader, tests)."""
    if actor is not None and not can_configure(actor, program):
        raise ValidationError("Only the program's director or supervisor can add a court.")
    if Court.objects.filter(program=program, name__iexact=(name or "").strip()).exists():
        raise ValidationError({"name": f"This program already has a court called “{name}”."})
    return create_recorded(
        Court(program=program, name=name, location=location, judge=judge),
        actor=actor,
        action="court.create",
        fields=COURT_FIELDS,
    )


@transaction.atomic
def update_court(*, actor: Any, court: Court, **changes: Any) -> Court:
    """Rename a court, move it, or record a new presiding judge; audited with before and after.
    Only `name`, `location` and `judge` change."""
    court = Court.objects.select_for_update().select_related("program").get(pk=court.pk)
    if not can_configure(actor, court.program):
        raise ValidationError("Only the program's director or supervisor can change a court.")
    unknown = set(changes) - {"name", "location", "judge"}
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    problems: dict[str, str] = {}
    for field, limit in (("name", 200), ("location", 300), ("judge", 150)):
        if field in changes:
            value = (changes[field] or "").strip()
            if len(value) > limit:
                problems[field] = f"Keep it to {limit} characters (this is {len(value)})."
            setattr(court, field, value)
    if not court.name:
        problems["name"] = "Give the court a name."
    elif (
        Court.objects.filter(program_id=court.program_id, name__iexact=court.name)
        .exclude(pk=court.pk)
        .exists()
    ):
        problems["name"] = f"This program already has a court called “{court.name}”."
    if problems:
        raise ValidationError(problems)
    fields = ["name", "location", "judge"]
    stored = Court.objects.get(pk=court.pk)
    before, after = snapshot(stored, fields), snapshot(court, fields)
    changed = [f for f in fields if before[f] != after[f]]
    if not changed:
        raise ValidationError({"name": "Nothing was changed."})
    court.save(update_fields=[*changed, "updated_at"])
    record(
        kind=AuditKind.UPDATE,
        action="court.update",
        actor=actor,
        subject=court,
        before={f: before[f] for f in changed},
        after={f: after[f] for f in changed},
    )
    return court
