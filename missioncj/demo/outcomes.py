"""Demo outcome events: some participants are re-arrested (a few convicted, a few jailed for some
nights), re-entry participants have the jail stay they were released from, and some move house
or find work. Through the outcomes services, deterministic from its own random stream (so the
rest of the demo draws as before)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from missioncj.outcomes.services import record_outcome_event
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.programs.models import Program

SOURCES = ["court_record", "jail_record", "self_report", "probation", "state_repository"]


def add_outcome_events(rng: random.Random, today: dt.date, program: Program, lead: Any) -> int:
    made = 0
    episodes = (
        Episode.objects.filter(program=program, enrolled_date__isnull=False)
        .select_related("program", "participant")
        .order_by("pk")
    )
    for episode in episodes:
        start = episode.enrolled_date
        assert start is not None
        made += _release(rng, episode, lead, start)
        end = episode.closed_date if episode.status == EpisodeStatus.DISCHARGED else today
        end = min(end or today, today)
        if rng.random() < 0.35 and (end - start).days > 14:
            made += _rearrest(rng, episode, lead, start, end)
        if rng.random() < 0.3 and (end - start).days > 30:
            on = start + dt.timedelta(days=rng.randint(20, (end - start).days))
            kind = rng.choice(["housing_change", "employment_change"])
            detail = "Moved to sober housing" if kind == "housing_change" else "Started a job"
            record_outcome_event(
                actor=lead, episode=episode, kind=kind, occurred_on=on, source="self_report",
                detail=detail,
            )  # fmt: skip
            made += 1
    return made


def _release(rng: random.Random, episode: Episode, lead: Any, start: dt.date) -> int:
    """Re-entry participants come out of a jail stay shortly before enrollment."""
    if episode.program.court_type != "reentry":
        return 0
    release = start - dt.timedelta(days=rng.randint(0, 10))
    nights = rng.randint(30, 400)
    record_outcome_event(
        actor=lead,
        episode=episode,
        kind="incarceration",
        occurred_on=release - dt.timedelta(days=nights),
        ended_on=release,
        source="jail_record",
        detail="Sentence served at Harbor County Jail",
    )
    return 1


def _rearrest(rng: random.Random, episode: Episode, lead: Any, start: dt.date, end: dt.date) -> int:
    # Re-arrests cluster early, as the evaluations report: an exponential wait, mean 120 days.
    wait = min(int(rng.expovariate(1 / 120)) + 7, (end - start).days)
    on = start + dt.timedelta(days=wait)
    source = rng.choice(SOURCES)
    record_outcome_event(
        actor=lead, episode=episode, kind="arrest", occurred_on=on, source=source,
        detail=rng.choice(["Possession", "Trespass", "Shoplifting", "Driving without a licence"]),
    )  # fmt: skip
    made = 1
    if rng.random() < 0.4:
        nights = rng.randint(1, 12)
        if on + dt.timedelta(days=nights) <= end:
            record_outcome_event(
                actor=lead, episode=episode, kind="incarceration", occurred_on=on,
                ended_on=on + dt.timedelta(days=nights), source="jail_record",
            )  # fmt: skip
            made += 1
    if rng.random() < 0.3 and (end - on).days > 30:
        record_outcome_event(
            actor=lead, episode=episode, kind="conviction",
            occurred_on=on + dt.timedelta(days=rng.randint(30, (end - on).days)),
            source="court_record",
        )  # fmt: skip
        made += 1
    return made
