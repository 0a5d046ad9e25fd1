"""Finding participants by name or identifier, always inside the caller's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from missioncj.participants.models import Participant


def search_participants(user: Any, query: str) -> QuerySet[Participant]:
    words = query.split()[:4]
    queryset = Participant.objects.visible_to(user)
    if not words:
        return queryset.none()
    for word in words:
        # Each word must match some name or an identifier (prefix): "smith 24C" works.
        queryset = queryset.filter(
            Q(first_name__istartswith=word)
            | Q(last_name__istartswith=word)
            | Q(preferred_name__istartswith=word)
            | Q(middle_name__istartswith=word)
            | Q(identifiers__value__istartswith=word)
        )
    return queryset.distinct().order_by("last_name", "first_name")
