"""Who may read and write SUD counseling notes: the policy helper every page and API route
about them calls. Anyone not permitted gets the same 404 as for an unknown participant."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest

from missioncj.care.models.counseling import CounselingNote, clinician_team_ids
from missioncj.participants.models import Episode, Participant
from missioncj.participants.policies import visible_participant


def team_episodes(user: Any, participant: Participant) -> list[Episode]:
    """Episodes of the participant on a team where the user is a clinician, newest open first."""
    teams = clinician_team_ids(user)
    if not teams:
        return []
    episodes = (
        Episode.objects.visible_to(user)
        .filter(participant=participant, team_id__in=teams)
        .select_related("program", "team")
        .order_by("-referral_date", "-pk")
    )
    return sorted(episodes, key=lambda e: not e.is_open)


def can_write(user: Any, participant: Participant) -> bool:
    return bool(team_episodes(user, participant))


def can_read(user: Any, participant: Participant) -> bool:
    return can_write(user, participant) or (
        CounselingNote.objects.visible_to(user).filter(participant=participant).exists()
    )


def counseling_participant(request: HttpRequest, public_id: UUID) -> Participant:
    """The participant, if the caller may see their counseling notes; otherwise a 404."""
    participant = visible_participant(request, public_id)
    if not can_read(request.user, participant):
        raise Http404("No such participant")
    return participant
