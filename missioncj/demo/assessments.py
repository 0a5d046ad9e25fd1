"""Demo assessments: PHQ-9, GAD-7 and BARC-10 at baseline and every three months, mostly
improving, through the assessments services (scores, bands and safety alerts as in real use)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from missioncj.assessments import services
from missioncj.assessments.models import Instrument
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.programs.models import Program

# (instrument, items, lowest value, highest value, whether a higher score is worse)
SCHEDULE = [("phq9", 9, 0, 3, True), ("gad7", 7, 0, 3, True), ("barc10", 10, 1, 6, False)]


def add_assessments(rng: random.Random, today: dt.date, program: Program, lead: Any) -> None:
    instruments = {i.code: i for i in Instrument.objects.filter(code__in=[s[0] for s in SCHEDULE])}
    episodes = Episode.objects.filter(
        program=program, status=EpisodeStatus.ENROLLED
    ).select_related("participant")
    for episode in episodes:
        assert episode.enrolled_date is not None
        severity = rng.uniform(0.35, 0.8)  # where this person starts, 0 best … 1 worst
        day = episode.enrolled_date + dt.timedelta(days=2)
        while day < today:
            for code, count, low, high, worse_high in SCHEDULE:
                level = severity if worse_high else 1 - severity
                responses = {f"q{n}": _answer(rng, level, low, high) for n in range(1, count + 1)}
                if code == "phq9":
                    responses["q9"] = 0  # self-harm item: the demo raises no safety alerts
                services.record_administration(
                    actor=lead,
                    participant=episode.participant,
                    instrument=instruments[code],
                    responses=responses,
                    administered_on=day,
                    episode=episode,
                )
            severity = max(0.05, severity - rng.uniform(0.0, 0.25))
            day += dt.timedelta(days=90)


def _answer(rng: random.Random, level: float, low: int, high: int) -> int:
    value = round(low + level * (high - low) + rng.uniform(-1, 1))
    return min(high, max(low, value))
