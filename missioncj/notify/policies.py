"""Which reminder records a user may see. Opt-ins belong to the participant (like phone numbers)
and follow `Participant.objects.visible_to`; messages are about one episode's hearing, so a user
sees a message only if they may see that episode."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from missioncj.notify.models import Message
from missioncj.participants.models import Episode, Participant


def visible_messages(
    user: Any, participant: Participant, episodes: list[Episode] | None = None
) -> QuerySet[Message]:
    """A participant's messages about an episode in the user's scope, and the STOP / START
    confirmations (which are about no episode). `episodes`, when given, are the participant's
    episodes as `Episode.objects.visible_to(user)` returned them (not read again)."""
    visible: Any = (
        [e.pk for e in episodes]
        if episodes is not None
        else Episode.objects.visible_to(user).filter(participant=participant)
    )
    return Message.objects.filter(participant=participant).filter(
        Q(episode__isnull=True) | Q(episode__in=visible)
    )
