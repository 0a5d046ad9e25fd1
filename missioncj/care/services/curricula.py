"""Curricula: who sees and edits them, and every edit as a new version with its history."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from missioncj.accounts.models import Membership, Role
from missioncj.accounts.scope import Scope, scope_of
from missioncj.care.models import Curriculum, CurriculumRevision, CurriculumSession
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.programs.models import Program

# Roles that run groups and may edit their program's curricula (not court partners, evaluators).
STAFF_ROLES = frozenset(
    {Role.DIRECTOR, Role.SUPERVISOR, Role.CASE_MANAGER, Role.PEER, Role.CLINICIAN}
)
TITLE_MAX = 200
GUIDE_MAX = 4000
NOTE_MAX = 300


def visible_curricula(user: Any) -> QuerySet[Curriculum]:
    """Curricula of every program the user holds an active role in (no participant data)."""
    return Curriculum.objects.filter(program_id__in=scope_of(user).member_program_ids)


def staff_program_ids(user: Any) -> set[int]:
    """Programs where the user holds a staff role (may edit curricula and facilitate groups)."""
    if not getattr(user, "pk", None) or not user.is_active:
        return set()
    member = scope_of(user).member_program_ids
    return set(
        Membership.objects.filter(
            user=user, active=True, role__in=STAFF_ROLES, program_id__in=member
        ).values_list("program_id", flat=True)
    )


def staff_programs_in(scope: Scope) -> set[int]:
    """`staff_program_ids` from the user's scope, already read (no query)."""
    return {program for role, program, _ in scope.roles if role in STAFF_ROLES}


def can_edit(user: Any, curriculum: Curriculum) -> bool:
    return curriculum.program_id in staff_program_ids(user)


def program_staff(program: Program) -> QuerySet[Any]:
    """People who may facilitate a group of the program."""
    from missioncj.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            memberships__program=program,
            memberships__active=True,
            memberships__role__in=STAFF_ROLES,
        )
        .distinct()
        .order_by("display_name", "username")
    )


def current_sessions(curriculum: Curriculum) -> list[dict[str, Any]]:
    return [
        {"number": s.number, "title": s.title, "guide": s.guide}
        for s in curriculum.sessions.order_by("number")
    ]


def _clean_sessions(
    submitted: list[dict[str, Any]], stored: dict[int, CurriculumSession]
) -> list[dict[str, Any]]:
    """Numbers stay as they are: every stored session is kept, new ones follow the last."""
    errors: list[str] = []
    cleaned: dict[int, dict[str, Any]] = {}
    for item in submitted:
        try:
            number = int(item.get("number"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            errors.append("Every session needs a whole number.")
            continue
        if number in cleaned:
            errors.append(f"Session {number} appears twice.")
            continue
        title = str(item.get("title") or "").strip()
        guide = str(item.get("guide") or "").strip()
        if not title:
            errors.append(f"Session {number}: give it a title.")
        elif len(title) > TITLE_MAX:
            errors.append(f"Session {number}: keep the title under {TITLE_MAX} characters.")
        if len(guide) > GUIDE_MAX:
            errors.append(f"Session {number}: keep the guide under {GUIDE_MAX} characters.")
        cleaned[number] = {"number": number, "title": title, "guide": guide}
    last = max(stored, default=0)
    missing = sorted(set(stored) - set(cleaned))
    if missing:
        listed = ", ".join(str(n) for n in missing)
        errors.append(
            f"Session {listed} cannot be removed: session numbers stay the same so attendance "
            "and dose keep counting. Edit the title or guide instead."
        )
    added = sorted(n for n in cleaned if n not in stored)
    if added and added != list(range(last + 1, last + 1 + len(added))):
        errors.append(
            f"New sessions are numbered after the last one: the next is session {last + 1}. "
            "Sessions cannot be renumbered."
        )
    if errors:
        raise ValidationError({"sessions": errors})
    return [cleaned[n] for n in sorted(cleaned)]


@transaction.atomic
def revise_curriculum(
    *, actor: Any, curriculum: Curriculum, sessions: list[dict[str, Any]], note: str = ""
) -> Curriculum:
    """Save new titles and guides (and sessions added at the end) as the next version."""
    curriculum = Curriculum.objects.select_for_update().get(pk=curriculum.pk)
    if not can_edit(actor, curriculum):
        raise ValidationError({"curriculum": "Only staff of this program can edit its curricula."})
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"Keep the note under {NOTE_MAX} characters."})
    stored = {s.number: s for s in curriculum.sessions.all()}
    cleaned = _clean_sessions(sessions, stored)
    changed = [
        s
        for s in cleaned
        if s["number"] not in stored
        or (stored[s["number"]].title, stored[s["number"]].guide) != (s["title"], s["guide"])
    ]
    if not changed:
        raise ValidationError({"sessions": "Nothing was changed, so no new version was saved."})
    before = [
        {"number": n, "title": stored[n].title, "guide": stored[n].guide}
        for n in (s["number"] for s in changed)
        if n in stored
    ]
    for item in changed:
        session = stored.get(item["number"])
        if session is None:
            CurriculumSession.objects.create(curriculum=curriculum, **item)
        else:
            session.title, session.guide = item["title"], item["guide"]
            session.save(update_fields=["title", "guide"])
    old_version = curriculum.version
    curriculum.version = old_version + 1
    curriculum.save(update_fields=["version", "updated_at"])
    CurriculumRevision.objects.create(
        curriculum=curriculum,
        version=curriculum.version,
        sessions=cleaned,
        note=note,
        edited_by=actor,
    )
    record(
        kind=AuditKind.UPDATE,
        action="curriculum.revise",
        actor=actor,
        subject=curriculum,
        before={"version": old_version, "sessions": before},
        after={"version": curriculum.version, "sessions": changed, "note": note},
    )
    return curriculum
