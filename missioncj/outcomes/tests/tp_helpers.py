"""Helpers for the outcomes-at-timepoints tests: people enrolled long enough ago to have
6- and 12-month follow-ups, and their scores."""

from __future__ import annotations

import datetime as dt
from typing import Any

from missioncj.assessments.tests.factories import full_set, give, phq9
from missioncj.care.cti import add_months
from missioncj.participants import services as people
from missioncj.participants.models import EpisodeStatus, Participant

ENROLLED = dt.date(2025, 3, 3)


def enrolled(world: Any, last: str, *, team: Any = None, on: dt.date = ENROLLED) -> Participant:
    actor = world.user("supervisor")
    person = people.create_participant(
        actor=actor,
        program=world.drug,
        team=team or world.north,
        referral_date=on - dt.timedelta(days=30),
        first_name="Tp",
        last_name=last,
        date_of_birth=dt.date(1988, 1, 1),
    )
    episode = person.episodes.get()
    people.change_status(
        actor=actor, episode=episode, status=EpisodeStatus.SCREENING, on=on - dt.timedelta(days=3)
    )
    people.change_status(actor=actor, episode=episode, status=EpisodeStatus.ENROLLED, on=on)
    return person


def months(n: int, days: int = 0, start: dt.date = ENROLLED) -> dt.date:
    return add_months(start, n) + dt.timedelta(days=days)


def phq9_total(world: Any, person: Participant, total: int, on: dt.date) -> Any:
    """A PHQ-9 with the given total (0-24 here) and item 9 at 0 (no safety alert)."""
    values = [min(3, max(0, total - 3 * i)) for i in range(8)] + [0]
    assert sum(values) == total
    return give(world.user("supervisor"), person, "phq9", phq9(*values), on=on)


def gpra(world: Any, person: Participant, on: dt.date, kind: int, **answers: int) -> Any:
    responses = full_set("gpra", interview_type=kind, conducted=1, **answers)
    return give(world.user("supervisor"), person, "gpra", responses, on=on)
