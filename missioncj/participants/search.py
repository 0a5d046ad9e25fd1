"""Finding participants by name or identifier, always inside the caller's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from missioncj.participants.models import Participant


def search_participants(user: Any, query: str) -> QuerySet[Participant]:
    return matching(Participant.objects.visible_to(user), query)


def masked_matches(user: Any, query: str) -> QuerySet[Participant]:
    """Restricted records matching the query that the user may not open but may break the glass
    for (a pre-authorised role in their program): shown only as a "Restricted record" row."""
    from missioncj.participants.restricted import maskable, pre_authorised_program_ids

    programs = pre_authorised_program_ids(user)
    candidates = maskable(user).filter(episodes__program_id__in=programs)
    return matching(candidates, query) if programs else candidates.none()


def matching(queryset: QuerySet[Participant], query: str) -> QuerySet[Participant]:
    words = query.split()[:4]
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
