"""Meetings entered and changed by hand: add, edit, retire (and bring back). Each is one
transaction with its audit event; a bad value is a ValidationError naming the field, and
nothing changes."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from missioncj.core.audit import record, snapshot
from missioncj.core.models import AuditKind
from missioncj.linkage.meeting_fields import EDITABLE, clean_meeting
from missioncj.linkage.models import Meeting, Source, SourceKind
from missioncj.programs.models import Program

OWN_SOURCE_NAME = "Entered by program staff"
AUDIT_FIELDS = [*EDITABLE, "active"]


def own_source(program: Program, actor: Any = None) -> Source:
    """The program's own entries (the first OWN source, made when first needed)."""
    found = Source.objects.filter(program=program, kind=SourceKind.OWN).order_by("pk").first()
    if found is not None:
        return found
    return Source.objects.create(
        program=program,
        kind=SourceKind.OWN,
        name=OWN_SOURCE_NAME,
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def _checked(values: dict[str, Any], program: Program) -> dict[str, Any]:
    clean, errors = clean_meeting(values, default_zone=program.time_zone)
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def add_meeting(*, actor: Any, program: Program, **values: Any) -> Meeting:
    clean = _checked(values, program)
    meeting = Meeting(source=own_source(program, actor), source_key=str(uuid.uuid4()), **clean)
    meeting.save()
    record(
        kind=AuditKind.CREATE,
        action="meeting.add",
        actor=actor,
        subject=meeting,
        after=snapshot(meeting, AUDIT_FIELDS),
    )
    return meeting


@transaction.atomic
def edit_meeting(*, actor: Any, meeting: Meeting, **changes: Any) -> Meeting:
    """Change some fields (the others keep their values). A meeting from a feed can be edited,
    but the next import of that feed puts the feed's values back."""
    current = (
        Meeting.objects.select_for_update().select_related("source__program").get(pk=meeting.pk)
    )
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationError({unknown[0]: "This field cannot be changed here."})
    merged = {name: getattr(current, name) for name in EDITABLE} | changes
    clean = _checked(merged, current.source.program)
    before = snapshot(current, AUDIT_FIELDS)
    for name, value in clean.items():
        setattr(current, name, value)
    current.save()
    after = snapshot(current, AUDIT_FIELDS)
    if after != before:
        record(
            kind=AuditKind.UPDATE,
            action="meeting.edit",
            actor=actor,
            subject=current,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )
    return current


@transaction.atomic
def set_meeting_active(*, actor: Any, meeting: Meeting, active: bool) -> Meeting:
    """Retire a meeting that no longer meets (it leaves the finder), or bring it back."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if current.active == active:
        word = "already listed" if active else "already retired"
        raise ValidationError({"active": f"“{current.name}” is {word}."})
    current.active = active
    current.save(update_fields=["active", "updated_at"])
    record(
        kind=AuditKind.UPDATE,
        action="meeting.restore" if active else "meeting.retire",
        actor=actor,
        subject=current,
        before={"active": not active},
        after={"active": active},
    )
    return current
