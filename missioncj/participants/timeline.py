"""The participant timeline: each app contributes entries through a registered provider.

`participants` sits below `care`, `court` and the rest, so it cannot import them; they register
here from their AppConfig.ready() instead (a higher floor calling down, never up).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from missioncj.participants.models import Episode, EpisodeStatus, Participant


@dataclass
class TimelineEntry:
    when: dt.datetime
    kind: str  # short machine word used for styling and filtering, e.g. "contact"
    title: str
    body: str = ""
    author: str = ""
    date_only: bool = False
    details: list[str] = field(default_factory=list)
    obj: Any = None


# (participant, user, episodes, limit, before): at most `limit` entries older than `before`
# (a timezone-aware datetime, or None for the newest), newest first.
Provider = Callable[
    [Participant, Any, list[Episode], int, dt.datetime | None], Iterable[TimelineEntry]
]
PAGE = 30
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def _at(day: dt.date, episode: Episode) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=episode.program.zone)


def episode_entries(episodes: list[Episode]) -> Iterable[TimelineEntry]:
    for episode in episodes:
        program = episode.program.name
        source = f" from {episode.referral_source}" if episode.referral_source else ""
        yield TimelineEntry(
            _at(episode.referral_date, episode),
            "episode",
            f"Referred to {program}{source}",
            date_only=True,
        )
        if episode.screening_date:
            yield TimelineEntry(
                _at(episode.screening_date, episode),
                "episode",
                "Screening started",
                date_only=True,
            )
        if episode.enrolled_date:
            team = f" · {episode.team.name}" if episode.team else ""
            yield TimelineEntry(
                _at(episode.enrolled_date, episode),
                "episode",
                f"Enrolled in {program}{team}",
                date_only=True,
            )
        if episode.closed_date:
            if episode.status == EpisodeStatus.DISCHARGED:
                title = f"Discharged: {episode.get_discharge_reason_display()}"
            else:
                title = "Not enrolled"
            yield TimelineEntry(
                _at(episode.closed_date, episode),
                "episode",
                title,
                body=episode.closing_note,
                date_only=True,
            )


@dataclass
class TimelinePage:
    entries: list[TimelineEntry]
    older: dt.datetime | None  # pass as `before` for the next page; None when this is the last


def timeline_for(
    participant: Participant,
    user: Any,
    episodes: list[Episode],
    before: dt.datetime | None = None,
    size: int = PAGE,
) -> TimelinePage:
    """One page of the timeline, newest first, only from episodes the caller may already see.

    A page costs the same whatever the length of the history: each provider reads at most a
    few dozen rows older than `before`. Entries sharing the boundary time stay on one page.
    """
    fetch = size * 2
    entries = [e for e in episode_entries(episodes) if before is None or e.when < before]
    for provider in _providers:
        entries.extend(provider(participant, user, episodes, fetch, before))
    entries.sort(key=lambda e: e.when, reverse=True)
    if len(entries) <= size:
        return TimelinePage(entries, None)
    cut = size
    while cut < len(entries) and entries[cut].when == entries[cut - 1].when:
        cut += 1
    return TimelinePage(entries[:cut], entries[cut - 1].when if cut < len(entries) else None)
