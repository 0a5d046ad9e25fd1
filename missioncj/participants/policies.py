"""Who may see and work with a participant: the choke point helpers every page, API route and
service calls instead of writing the query again."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from missioncj.accounts.scope import scope_of
from missioncj.participants.models import Episode, Participant
from missioncj.programs.models import Program, Team

NOT_YOUR_TEAM = "You do not work with this participant's team."


def visible_participant(request: HttpRequest, public_id: UUID) -> Participant:
    """The one way pages and the API fetch a participant: outside the caller's scope is a 404."""
    return get_object_or_404(Participant.objects.visible_to(request.user), public_id=public_id)


def can_work_in(user: Any, program: Program, team: Team | None) -> bool:
    scope = scope_of(user)
    return program.pk in scope.program_ids or (team is not None and team.pk in scope.team_ids)


def require_work_scope(actor: Any, episode: Episode, field: str = "episode") -> None:
    """Services refuse work outside the actor's scope, whatever called them."""
    if not can_work_in(actor, episode.program, episode.team):
        raise ValidationError({field: NOT_YOUR_TEAM})


def workable_episode(
    actor: Any, participant: Participant, episode: Episode | None = None, field: str = "episode"
) -> Episode:
    """An episode of this participant the actor may see and work in (the named one, or the
    newest open one first), or a refusal. Participant-level records use it to check scope."""
    episodes = (
        Episode.objects.visible_to(actor)
        .filter(participant=participant)
        .select_related("program", "team")
        .order_by("-referral_date", "-pk")
    )
    if episode is not None:
        episodes = episodes.filter(pk=episode.pk)
    workable = [e for e in episodes if can_work_in(actor, e.program, e.team)]
    if not workable:
        raise ValidationError({field: NOT_YOUR_TEAM})
    open_ones = [e for e in workable if e.is_open]
    return (open_ones or workable)[0]
