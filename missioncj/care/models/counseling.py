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
from missioncj.core.models import PublicModel
from missioncj.participants.models import Episode, Participant


def clinician_team_ids(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    rows = Membership.objects.filter(
        user=user, active=True, role=Role.CLINICIAN, team__isnull=False
    ).values_list("team_id", flat=True)
    return {team for team in rows if team is not None}


class CounselingNoteQuerySet(models.QuerySet["CounselingNote"]):
    def visible_to(self, user: Any) -> CounselingNoteQuerySet:
        """Notes of participants the user sees, written by the user or, for a clinician of the
        participant's team, by anyone."""
        teams = clinician_team_ids(user)
        if not getattr(user, "pk", None):
            return self.none()
        visible = Participant.objects.visible_to(user)
        mine = models.Q(author_id=user.pk)
        if teams:
            on_team = Episode.objects.filter(team_id__in=teams).values("participant_id")
            mine |= models.Q(participant_id__in=on_team)
        return self.filter(participant__in=visible).filter(mine)


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
