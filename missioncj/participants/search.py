"""Finding participants by name or identifier, always inside the caller's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from missioncj.participants.models import Identifier, Participant


def search_participants(user: Any, query: str) -> QuerySet[Participant]:
    return matching(Participant.objects.visible_to(user), query)


def masked_matches(user: Any, query: str) -> QuerySet[Participant]:
    """Restricted records matching the query that the user may not open but may break the glass
    for (a pre-authorised role in their program): shown only as a "Restricted record" row."""
    from missioncj.participants.restricted import maskable, pre_authorised_program_ids

    programs = pre_authorised_program_ids(user)
    candidates = maskable(user).filter(episodes__program_id__in=programs)
    return matching(candidates, query) if programs else candidates.none()


NAME_FIELDS = ("first_name", "last_name", "preferred_name", "middle_name")


def starting_with(word: str) -> QuerySet[Any]:
    """Ids of participants with a name or an identifier starting with `word` (case ignored):
    one index lookup per column (`search_index`), united."""
    people = Participant.objects.order_by()
    names = [people.filter(**{f"{name}__istartswith": word}).values("pk") for name in NAME_FIELDS]
    identifiers = (
        Identifier.objects.filter(value__istartswith=word).order_by().values("participant_id")
    )
    return names[0].union(*names[1:], identifiers)


def matching(queryset: QuerySet[Participant], query: str) -> QuerySet[Participant]:
    words = query.split()[:4]
    if not words:
        return queryset.none()
    for word in words:
        # Each word must match some name or an identifier (prefix): "smith 24C" works.
        queryset = queryset.filter(pk__in=starting_with(word))
    return queryset.distinct().order_by("last_name", "first_name")
