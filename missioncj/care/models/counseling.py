"""SUD counseling notes (42 CFR Part 2 "SUD counseling notes"): kept apart from contacts.

A clinician's own session notes, signed when written and never edited.
Readable only by their author and the clinicians of the participant's team: not case managers,
peers, directors, supervisors or court partners. They never enter the timeline, search, lists
or exports; the only way in is `CounselingNote.objects.visible_to(user)`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from missioncj.accounts.models import Membership, Role
from missioncj.accounts.scope import Scope
from missioncj.core.models import PublicModel
from missioncj.participants.models import Episode, Participant


def clinician_team_ids(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    rows = Membership.objects.filter(
        user=user, active=True, role=Role.CLINICIAN, team__isnull=False
    ).values_list("team_id", flat=True)
    return {team for team in rows if team is not None}


def clinician_teams_in(scope: Scope) -> set[int]:
    """`clinician_team_ids` from the user's scope, already read (no query)."""
    return {team for role, _, team in scope.roles if role == Role.CLINICIAN and team is not None}


class CounselingNoteQuerySet(models.QuerySet["CounselingNote"]):
    def visible_to(self, user: Any) -> CounselingNoteQuerySet:
        """Notes of participants the user sees, written by the user or, for a clinician of the
        participant's team, by anyone."""
        teams = clinician_team_ids(user)
        if not getattr(user, "pk", None):
            return self.none()
        visible = Participant.objects.visible_to(user)
        return self.filter(participant__in=visible).filter(_readable(user, teams))

    def of_visible(self, user: Any, participant: Participant, teams: set[int]) -> Any:
        """Like `visible_to(user).filter(participant=participant)` for a participant the caller
        already read through `Participant.objects.visible_to(user)`, with the user's
        `clinician_team_ids` already read: neither is read again."""
        if not getattr(user, "pk", None):
            return self.none()
        return self.filter(participant=participant).filter(_readable(user, teams))


def _readable(user: Any, teams: set[int]) -> models.Q:
    """Notes the user wrote, and for a clinician, every note of their teams' participants."""
    mine = models.Q(author_id=user.pk)
    if teams:
        on_team = Episode.objects.filter(team_id__in=teams).values("participant_id")
        mine |= models.Q(participant_id__in=on_team)
    return mine


class CounselingNote(PublicModel):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="counseling_notes"
    )
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="+")
    session_on = models.DateField()
    note = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()

    objects = CounselingNoteQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["participant", "session_on"])]

    def __str__(self) -> str:
        return f"SUD counseling note {self.session_on:%Y-%m-%d}"
