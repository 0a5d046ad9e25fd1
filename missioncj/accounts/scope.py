"""What part of the installation a user works in, derived from active memberships."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from missioncj.accounts.models import PROGRAM_ROLES, TEAM_ROLES, Membership, Role

_CACHE_ATTR = "_missioncj_scope"


@dataclass(frozen=True)
class Scope:
    program_ids: frozenset[int]  # programs the user oversees in full (director, supervisor)
    team_ids: frozenset[int]  # teams whose caseload the user works
    member_program_ids: frozenset[int]  # every program the user holds any active role in
    time_zone: str = "UTC"  # the zone of the user's first program, for showing times
    # programs whose aggregate reports and de-identified extract the user may read (evaluator)
    evaluator_program_ids: frozenset[int] = frozenset()
    # every active membership as (role, program pk, team pk or None), for role checks that
    # would otherwise read the memberships again
    roles: tuple[tuple[str, int, int | None], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.program_ids and not self.team_ids


def scope_of(user: Any) -> Scope:
    """Computed once per user object (i.e. once per request)."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    program_ids: set[int] = set()
    team_ids: set[int] = set()
    member_program_ids: set[int] = set()
    evaluator_program_ids: set[int] = set()
    time_zone = "UTC"
    roles: list[tuple[str, int, int | None]] = []
    if getattr(user, "is_authenticated", False) and user.is_active:
        rows = (
            Membership.objects.filter(user=user, active=True)
            .order_by("pk")
            .values_list("role", "program_id", "team_id", "program__time_zone")
        )
        for role, program_id, team_id, zone in rows:
            roles.append((role, program_id, team_id))
            if not member_program_ids:
                time_zone = zone
            member_program_ids.add(program_id)
            if role in PROGRAM_ROLES:
                program_ids.add(program_id)
            elif role in TEAM_ROLES and team_id is not None:
                team_ids.add(team_id)
            elif role == Role.EVALUATOR:
                evaluator_program_ids.add(program_id)
    scope = Scope(
        frozenset(program_ids),
        frozenset(team_ids),
        frozenset(member_program_ids),
        time_zone,
        frozenset(evaluator_program_ids),
        tuple(roles),
    )
    if getattr(user, "pk", None):
        setattr(user, _CACHE_ATTR, scope)
    return scope


def is_court_partner(user: Any) -> bool:
    """Signed in, holding an active court-partner role, and no staff role anywhere: such a user
    works only in the consent-filtered court-partner pages (docs/privacy.md)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not scope_of(user).is_empty:
        return False
    return Membership.objects.filter(user=user, role=Role.COURT_PARTNER, active=True).exists()
