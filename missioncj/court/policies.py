"""Who may see and do what in the court record.

Participant court data (cases, conditions, docket entries, phases, responses, tests) is read only
through `Episode.objects.visible_to(user)` — the same choke point as the rest of the record — so
court partners see none of it here; their consent-filtered pages are in `privacy`. A court's
calendar (its hearings, without who is on them) is visible to every staff member of the program;
its settings (phases, series) are changed by the program's director or supervisor."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from missioncj.accounts.models import TEAM_ROLES, Membership
from missioncj.accounts.scope import scope_of
from missioncj.court.models import Court


def staff_program_ids(user: Any) -> set[int]:
    """Programs where the user is director, supervisor, or on a team (not court partners)."""
    scope = scope_of(user)
    team_programs = (
        set(
            Membership.objects.filter(
                user=user, active=True, role__in=TEAM_ROLES, team_id__in=scope.team_ids
            ).values_list("program_id", flat=True)
        )
        if scope.team_ids
        else set()
    )
    return set(scope.program_ids) | team_programs


def visible_courts(user: Any) -> QuerySet[Court]:
    return Court.objects.filter(program_id__in=staff_program_ids(user)).select_related("program")


def can_configure(user: Any, court: Court) -> bool:
    return court.program_id in scope_of(user).program_ids
