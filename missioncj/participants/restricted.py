"""Restricted records seen from outside their team: who gets the "Restricted record" mask
instead of a 404, and who may break the glass. The choke point itself is
`Episode.objects.visible_to`; this module only decides what a user who fails it is shown."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from missioncj.accounts.models import PROGRAM_ROLES, TEAM_ROLES, Membership
from missioncj.accounts.scope import scope_of
from missioncj.participants.models import BreakGlassGrant, Participant
from missioncj.programs.models import Program

STAFF_ROLES = PROGRAM_ROLES | TEAM_ROLES
MASK_LABEL = "Restricted record"


def break_glass_roles() -> frozenset[str]:
    return frozenset(settings.MISSIONCJ_BREAK_GLASS_ROLES)


def break_glass_minutes() -> int:
    return int(settings.MISSIONCJ_BREAK_GLASS_MINUTES)


def _memberships(user: Any, roles: frozenset[str]) -> QuerySet[Membership]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, active=True, role__in=roles)


def staff_program_ids(user: Any) -> set[int]:
    """Programs where the user is staff (not a court partner or evaluator)."""
    return set(_memberships(user, STAFF_ROLES).values_list("program_id", flat=True))


def pre_authorised_program_ids(user: Any) -> set[int]:
    return set(_memberships(user, break_glass_roles()).values_list("program_id", flat=True))


def maskable(user: Any) -> QuerySet[Participant]:
    """Restricted participants the user does not see but may know exist: they are staff in a
    program where the participant has an episode. Everyone else gets a 404."""
    programs = staff_program_ids(user)
    if not programs:
        return Participant.objects.none()
    return (
        Participant.objects.filter(restricted=True, episodes__program_id__in=programs)
        .exclude(pk__in=Participant.objects.visible_to(user).values("pk"))
        .distinct()
    )


def masked_participant(user: Any, public_id: UUID) -> Participant | None:
    return maskable(user).filter(public_id=public_id).first()


def break_glass_programs(user: Any, participant: Participant) -> list[Program]:
    """Programs of this participant's episodes where the user's role is pre-authorised."""
    ids = pre_authorised_program_ids(user)
    return list(
        Program.objects.filter(pk__in=ids, episodes__participant=participant)
        .distinct()
        .order_by("name")
    )


def active_grant(user: Any, participant: Participant) -> BreakGlassGrant | None:
    if not getattr(user, "pk", None):
        return None
    now = timezone.now()
    return (
        BreakGlassGrant.objects.filter(
            user_id=user.pk, participant=participant, opened_at__lte=now, expires_at__gt=now
        )
        .select_related("program")
        .order_by("-expires_at")
        .first()
    )


def is_on_team(user: Any, participant: Participant) -> bool:
    teams = scope_of(user).team_ids
    return bool(teams) and participant.episodes.filter(team_id__in=teams).exists()
