"""Random call-in schedules for drug and alcohol tests: `start_random_testing` gives an enrolled
episode its secret seed (one transaction, with its audit event that never holds the seed), and
the glue between a schedule, the participant's court phases and `random_calls.call_days` — how
many tests a week are called (`phase_rates`, `rate_on`) and on which days (`schedule_days`).
Recording the tests themselves is `services/testing.py`."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from missioncj.core.audit import record, snapshot
from missioncj.core.models import AuditKind
from missioncj.court import random_calls
from missioncj.court.models import PhaseMove, RandomSchedule
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.participants.policies import require_work_scope

# With no court phase recorded, random tests are called this often (domain.md §4.4: ≥2 a week).
DEFAULT_TESTS_PER_WEEK = Decimal(2)


@transaction.atomic
def start_random_testing(
    *, actor: Any, episode: Episode, starts_on: dt.date, seed: str | None = None
) -> RandomSchedule:
    """Give the episode its secret seed. The seed never leaves the server: not in the audit
    trail, not on a page, not in the API."""
    require_work_scope(actor, episode)
    if episode.status != EpisodeStatus.ENROLLED or episode.enrolled_date is None:
        raise ValidationError({"episode": "Random testing starts once the participant enrolls."})
    if starts_on < episode.enrolled_date:
        raise ValidationError(
            {"starts_on": f"This is before enrollment on {episode.enrolled_date:%d %b %Y}."}
        )
    if RandomSchedule.objects.filter(episode=episode).exists():
        raise ValidationError({"episode": "Random testing has already started for this episode."})
    # `seed` is for reproducible synthetic data (the demo); real schedules get a fresh secret.
    schedule = RandomSchedule(
        episode=episode, seed=seed or secrets.token_hex(32), starts_on=starts_on
    )
    schedule.full_clean(exclude=["episode"])
    schedule.save()
    record(
        kind=AuditKind.CREATE,
        action="random_testing.start",
        actor=actor,
        participant=episode.participant,
        subject=schedule,
        after=snapshot(schedule, ["episode", "starts_on", "paused"]),
    )
    return schedule


@dataclass(frozen=True)
class PhaseRate:
    on: dt.date
    tests_per_week: Decimal
    phase_name: str


def phase_rates(episode_ids: Iterable[int]) -> dict[int, list[PhaseRate]]:
    """Each episode's phase moves, oldest first, with the phase's testing frequency (one query)."""
    out: dict[int, list[PhaseRate]] = {}
    rows = (
        PhaseMove.objects.filter(episode_id__in=list(episode_ids))
        .order_by("episode_id", "on", "pk")
        .values_list("episode_id", "on", "phase__tests_per_week", "phase__name")
    )
    for episode_id, on, rate, name in rows:
        out.setdefault(episode_id, []).append(PhaseRate(on, Decimal(rate), name))
    return out


def rate_on(moves: Sequence[PhaseRate], day: dt.date) -> Decimal:
    """Tests per week in force on a day: the phase of the latest move on or before it (before
    the first move, the first phase); with no phase recorded, the default."""
    if not moves:
        return DEFAULT_TESTS_PER_WEEK
    current = moves[0]
    for move in moves:
        if move.on <= day:
            current = move
    return current.tests_per_week


def schedule_days(
    schedule: RandomSchedule,
    start: dt.date,
    end: dt.date,
    moves: Sequence[PhaseRate],
    closed_on: dt.date | None = None,
) -> list[dt.date]:
    """Call days of this schedule from start to end: none before it starts, none while paused,
    none after the episode closed. A week's count follows the phase in force on its Monday."""
    if schedule.paused:
        return []
    first = max(start, schedule.starts_on)
    last = min(end, closed_on) if closed_on else end
    if first > last:
        return []
    return random_calls.call_days(schedule.seed, first, last, lambda monday: rate_on(moves, monday))
