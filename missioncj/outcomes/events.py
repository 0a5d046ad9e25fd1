"""Reading a participant's outcome events: only those recorded under episodes the user may see
(the read choke point), for the participant-page panel, the events page, the API and the
timeline. Writes are in `outcomes.services`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.outcomes.models import OutcomeEvent
from missioncj.participants.models import Episode, Participant
from missioncj.participants.panels import shared_newest
from missioncj.participants.timeline import TimelineEntry

PANEL_SHOWN = 5


def participant_events(
    user: Any, participant: Participant, episodes: list[Episode] | None = None
) -> QuerySet[OutcomeEvent]:
    """The participant's events under episodes the user may see, newest first. `episodes`, when
    given, are the participant's episodes as `Episode.objects.visible_to(user)` returned them."""
    visible: Any = (
        [e.pk for e in episodes]
        if episodes is not None
        else Episode.objects.visible_to(user).filter(participant=participant)
    )
    return (
        OutcomeEvent.objects.filter(participant=participant, episode__in=visible)
        .select_related("episode__program", "recorded_by", "voided_by")
        .order_by("-occurred_on", "-pk")
    )


def participant_event(user: Any, participant: Participant, event_id: UUID) -> OutcomeEvent:
    found = participant_events(user, participant).filter(public_id=event_id).first()
    if found is None:
        raise Http404("No such outcome event.")
    return found


def record_read(user: Any, participant: Participant, action: str, shown: list[str]) -> None:
    record(
        kind=AuditKind.READ,
        action=action,
        actor=user,
        participant=participant,
        after={"shown": shown},
    )


def describe(event: OutcomeEvent) -> str:
    """One line: what, when, how long (for an incarceration)."""
    text = f"{event.get_kind_display()} on {event.occurred_on:%-d %b %Y}"
    if event.ended_on:
        text += f", released {event.ended_on:%-d %b %Y}"
    if event.nights is not None:
        text += f" ({event.nights} night{'s' if event.nights != 1 else ''})"
    return text


def _newest(
    user: Any, participant: Participant, episodes: list[Episode], limit: int
) -> list[OutcomeEvent]:
    """The newest events, read once for the panel and the first timeline page."""
    return shared_newest(
        episodes,
        "outcomes.events",
        limit,
        lambda n: list(participant_events(user, participant, episodes)[:n]),
    )


def panel_context(
    participant: Participant, user: Any, episodes: list[Episode]
) -> dict[str, Any] | None:
    events = _newest(user, participant, episodes, PANEL_SHOWN)
    return {"participant": participant, "events": events}


def timeline_entries(
    participant: Participant,
    user: Any,
    episodes: list[Episode],
    limit: int,
    before: dt.datetime | None = None,
) -> Iterable[TimelineEntry]:
    """Each event on the day it happened (voided ones say so)."""
    if before is None:
        rows = _newest(user, participant, episodes, limit)
    else:
        # Shown at midnight of its program's day: the day before `before` in any zone is safe,
        # the precise comparison is made on the entry's own time below.
        rows = list(
            participant_events(user, participant, episodes).filter(
                occurred_on__lte=before.date() + dt.timedelta(days=1)
            )[:limit]
        )
    for event in rows:
        title = describe(event)
        if event.is_void:
            title = f"{title} (voided)"
        when = dt.datetime.combine(event.occurred_on, dt.time(0, 0), event.episode.program.zone)
        if before is not None and when >= before:
            continue
        yield TimelineEntry(
            when=when,
            kind="outcome",
            title=title,
            body=event.detail,
            author=str(event.recorded_by),
            date_only=True,
            details=[event.get_source_display()],
        )
