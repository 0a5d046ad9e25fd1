"""Reading administrations: the effective history of one instrument (corrected ones replaced by
their correction), change from the previous and from the baseline, the latest per instrument."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from missioncj.assessments.models import Administration, AdministrationStatus
from missioncj.participants.models import Episode, Participant


def visible_administrations(
    user: Any, participant: Participant, episodes: list[Episode] | None = None
) -> Any:
    """Administrations of the participant in episodes the user may see (the read choke point).
    `episodes`, when given, are the participant's episodes as `Episode.objects.visible_to(user)`
    returned them (the participant page's), so the scope is not read again."""
    visible: Any = (
        [e.pk for e in episodes] if episodes is not None else Episode.objects.visible_to(user)
    )
    return (
        Administration.objects.filter(participant=participant, episode__in=visible)
        .select_related("instrument_version__instrument", "administered_by", "episode__program")
        .order_by("-administered_on", "-pk")
    )


def effective(completed: list[Administration]) -> list[Administration]:
    """Completed administrations that no completed correction replaces, oldest first."""
    replaced = {a.corrects_id for a in completed if a.corrects_id}
    rows = [a for a in completed if a.pk not in replaced]
    return sorted(rows, key=lambda a: (a.administered_on, a.pk))


@dataclass(frozen=True)
class Change:
    previous: Administration | None
    baseline: Administration | None
    from_previous: int | None
    from_baseline: int | None


def change_for(administration: Administration, user: Any) -> Change:
    same = [
        a
        for a in visible_administrations(user, administration.participant).filter(
            status=AdministrationStatus.COMPLETED,
            instrument_version__instrument=administration.instrument_version.instrument,
        )
    ]
    series = effective(same)
    if administration not in series:
        return Change(None, None, None, None)
    index = series.index(administration)
    previous = series[index - 1] if index > 0 else None
    baseline = series[0] if index > 0 else None

    def diff(other: Administration | None) -> int | None:
        if other is None or other.total is None or administration.total is None:
            return None
        return administration.total - other.total

    return Change(previous, baseline, diff(previous), diff(baseline))


def latest_per_instrument(
    user: Any, participant: Participant, episodes: list[Episode] | None = None
) -> list[Administration]:
    # Only what the panel shows (the instrument, the total and band, the date): answers,
    # scores and instrument definitions are large JSON, who gave it and where are not shown.
    completed = list(
        visible_administrations(user, participant, episodes)
        .select_related(None)
        .select_related("instrument_version__instrument")
        .filter(status="completed")
        .defer("responses", "scores", "instrument_version__definition")
    )
    by_instrument: dict[int, list[Administration]] = {}
    for a in completed:
        by_instrument.setdefault(a.instrument_version.instrument_id, []).append(a)
    latest = [effective(rows)[-1] for rows in by_instrument.values() if effective(rows)]
    return sorted(latest, key=lambda a: (a.instrument_version.instrument.order, a.pk))
