"""Who may see and change a program's directory.

- **See** (list, detail, export): every staff member of the program — director, supervisor,
  case manager, peer, clinician. Court partners and evaluators do not (the directory is a
  working tool of the team), and nor does anyone outside the program: a 404.
- **Add and edit the program's own entries**: director, supervisor, case manager, peer (the
  people who link participants to services). Clinicians read.
- **Import** a file (which can retire many entries at once): director and supervisor.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from missioncj.accounts.models import Membership, Role
from missioncj.programs.models import Program

SEE_ROLES = frozenset(
    {Role.DIRECTOR, Role.SUPERVISOR, Role.CASE_MANAGER, Role.PEER, Role.CLINICIAN}
)
EDIT_ROLES = frozenset({Role.DIRECTOR, Role.SUPERVISOR, Role.CASE_MANAGER, Role.PEER})
IMPORT_ROLES = frozenset({Role.DIRECTOR, Role.SUPERVISOR})


def _program_ids(user: Any, roles: frozenset[Role]) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cache = user.__dict__.setdefault("_missioncj_directory_roles", {})
    if roles not in cache:
        rows = Membership.objects.filter(user=user, active=True, role__in=roles)
        cache[roles] = set(rows.values_list("program_id", flat=True))
    return cache[roles]


def directory_programs(user: Any) -> QuerySet[Program]:
    return Program.objects.filter(pk__in=_program_ids(user, SEE_ROLES))


def can_edit(user: Any, program: Program) -> bool:
    return program.pk in _program_ids(user, EDIT_ROLES)


def can_import(user: Any, program: Program) -> bool:
    return program.pk in _program_ids(user, IMPORT_ROLES)


def program_for(user: Any, program_id: Any, *, need: str = "see") -> Program:
    """The program by public id if the user may `see` / `edit` / `import` its directory, else
    a 404 (outside scope looks the same as missing)."""
    roles = {"see": SEE_ROLES, "edit": EDIT_ROLES, "import": IMPORT_ROLES}[need]
    return get_object_or_404(
        Program.objects.filter(pk__in=_program_ids(user, roles)), public_id=program_id
    )


def require(user: Any, program: Program, need: str) -> None:
    """For services: refuse a signed-in actor without the right (None is the system)."""
    if user is None:
        return
    roles = {"edit": EDIT_ROLES, "import": IMPORT_ROLES}[need]
    if program.pk not in _program_ids(user, roles):
        raise PermissionDenied("You may not change this directory.")
