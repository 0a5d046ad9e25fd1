"""Group sessions entered once: one session, one attendance row per member, all audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missioncj.care.models import (
    COMPLETED,
    Attendance,
    AttendanceStatus,
    Curriculum,
    GroupSession,
)
from missioncj.care.services.curricula import staff_program_ids
from missioncj.core.audit import record, snapshot
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.participants.services import can_work_in

GROUP_FIELDS = [
    "program",
    "curriculum",
    "curriculum_version",
    "session_number",
    "occurred_at",
    "duration_minutes",
    "location",
    "is_individual_makeup",
    "note",
]
DURATION_MAX = 600
LOCATION_MAX = 120
MEMBER_NOTE_MAX = 300
# A few minutes of clock difference between a phone and the server are not an error.
_CLOCK_SLACK = dt.timedelta(minutes=10)

Member = tuple[Episode, str, str]


def _check_member_status(status: str) -> str:
    if status not in AttendanceStatus.values:
        choices = ", ".join(label.lower() for label in AttendanceStatus.labels)
        raise ValidationError({"attendance": f"Attendance is one of: {choices}."})
    return status


def _validate_members(
    actor: Any, curriculum: Curriculum, occurred_at: dt.datetime, attendance: Sequence[Member]
) -> list[tuple[Episode, str, str]]:
    if not attendance:
        raise ValidationError({"attendance": "Mark at least one member as attending or not."})
    errors: list[str] = []
    seen: set[int] = set()
    cleaned: list[tuple[Episode, str, str]] = []
    program = curriculum.program
    local_day = occurred_at.astimezone(program.zone).date()
    for episode, status, note in attendance:
        note = (note or "").strip()
        if episode.participant_id in seen:
            errors.append("The same person is listed twice; list each member once.")
            continue
        seen.add(episode.participant_id)
        if not can_work_in(actor, episode.program, episode.team):
            # Named without the person: the actor may not know who this is.
            errors.append("A member is not on a caseload you work with; remove them.")
            continue
        name = episode.participant.display_name
        if episode.program_id != program.pk:
            errors.append(f"{name} is not in {program.name}, the program of this curriculum.")
        elif episode.status != EpisodeStatus.ENROLLED:
            errors.append(
                f"{name} is {episode.get_status_display().lower()}, not enrolled; only enrolled "
                "participants attend groups."
            )
        elif episode.enrolled_date and local_day < episode.enrolled_date:
            errors.append(f"{name} was enrolled on {episode.enrolled_date:%d %b %Y}, after this.")
        if status not in AttendanceStatus.values:
            errors.append(f"{name}: choose present, absent, excused or make-up.")
        if len(note) > MEMBER_NOTE_MAX:
            errors.append(f"{name}: keep the note under {MEMBER_NOTE_MAX} characters.")
        cleaned.append((episode, status, note))
    if errors:
        raise ValidationError({"attendance": errors})
    return cleaned


@transaction.atomic
def record_group_session(
    *,
    actor: Any,
    curriculum: Curriculum,
    session_number: int,
    occurred_at: dt.datetime,
    duration_minutes: int,
    location: str,
    facilitators: Iterable[Any],
    attendance: Sequence[Member],
    is_individual_makeup: bool = False,
    note: str = "",
) -> GroupSession:
    """One group (or one person's make-up of a missed session), entered once for everyone."""
    program = curriculum.program
    errors: dict[str, Any] = {}
    if not curriculum.sessions.filter(number=session_number).exists():
        last = curriculum.sessions.count()
        errors["session_number"] = (
            f"{curriculum.name} has sessions 1 to {last}; there is no session {session_number}."
        )
    if timezone.is_naive(occurred_at):
        errors["occurred_at"] = "Give the time with its time zone."
    elif occurred_at > timezone.now() + _CLOCK_SLACK:
        errors["occurred_at"] = "A group cannot be recorded before it happens."
    if not isinstance(duration_minutes, int) or not 1 <= duration_minutes <= DURATION_MAX:
        errors["duration_minutes"] = f"Minutes are between 1 and {DURATION_MAX}."
    location = (location or "").strip()
    if not location:
        errors["location"] = "Say where the group met."
    elif len(location) > LOCATION_MAX:
        errors["location"] = f"Keep the place under {LOCATION_MAX} characters."
    people = list(dict.fromkeys(facilitators))
    if not people:
        errors["facilitators"] = "Name at least one facilitator."
    elif any(program.pk not in staff_program_ids(p) for p in people):
        errors["facilitators"] = f"Facilitators are staff of {program.name}."
    if errors:
        raise ValidationError(errors)
    members = _validate_members(actor, curriculum, occurred_at, attendance)
    if is_individual_makeup and (len(members) != 1 or members[0][1] not in COMPLETED):
        raise ValidationError(
            {"attendance": "An individual make-up is one person who attended (present or make-up)."}
        )

    group = GroupSession(
        program=program,
        curriculum=curriculum,
        curriculum_version=curriculum.version,
        session_number=session_number,
        occurred_at=occurred_at,
        duration_minutes=duration_minutes,
        location=location,
        is_individual_makeup=is_individual_makeup,
        note=(note or "").strip(),
        recorded_by=actor,
    )
    group.full_clean()
    group.save()
    group.facilitators.set(people)
    rows = Attendance.objects.bulk_create(
        [
            Attendance(
                group_session=group,
                episode=episode,
                participant_id=episode.participant_id,
                status=status,
                note=member_note,
            )
            for episode, status, member_note in members
        ]
    )
    record(
        kind=AuditKind.CREATE,
        action="group_session.create",
        actor=actor,
        subject=group,
        after={
            **snapshot(group, GROUP_FIELDS),
            "facilitators": sorted(p.username for p in people),
            "members": len(rows),
        },
    )
    for (episode, status, member_note), _row in zip(members, rows, strict=True):
        record(
            kind=AuditKind.CREATE,
            action="attendance.create",
            actor=actor,
            participant=episode.participant,
            subject=group,
            after={
                "episode": str(episode.public_id),
                "curriculum": curriculum.name,
                "session_number": session_number,
                "status": status,
                "note": member_note,
            },
        )
    return group


@transaction.atomic
def update_attendance(
    *, actor: Any, group_session: GroupSession, episode: Episode, status: str, note: str = ""
) -> Attendance:
    """Correct one member's attendance or note (before and after are audited)."""
    row = (
        Attendance.objects.select_for_update(of=("self",))
        .select_related("episode__program", "episode__team", "participant")
        .filter(group_session=group_session, episode=episode)
        .first()
    )
    if row is None:
        raise ValidationError({"episode": "This person is not on this group's attendance."})
    if not can_work_in(actor, row.episode.program, row.episode.team):
        raise ValidationError({"episode": "You do not work with this participant's team."})
    _check_member_status(status)
    note = (note or "").strip()
    if len(note) > MEMBER_NOTE_MAX:
        raise ValidationError({"note": f"Keep the note under {MEMBER_NOTE_MAX} characters."})
    if group_session.is_individual_makeup and status not in COMPLETED:
        raise ValidationError(
            {"status": "An individual make-up records someone who attended: present or make-up."}
        )
    if (row.status, row.note) == (status, note):
        raise ValidationError({"status": "Nothing was changed."})
    before = {"status": row.status, "note": row.note}
    row.status, row.note = status, note
    row.save(update_fields=["status", "note"])
    record(
        kind=AuditKind.UPDATE,
        action="attendance.update",
        actor=actor,
        participant=row.participant,
        subject=group_session,
        before=before,
        after={"status": status, "note": note},
    )
    return row
