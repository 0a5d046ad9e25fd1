"""Demo assessments: each program adopts the MISSION-CJ outcome profile (the drug court also
GPRA), then every enrolled person is assessed as the schedules ask — most timepoints on a day
inside the window, some late or never, so the follow-up report has a realistic rate — with
scores mostly improving over time. Everything goes through the services (scores, bands and
audit as in real use)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from missioncj.assessments import schedule_services, services
from missioncj.assessments.models import Instrument
from missioncj.assessments.schedules import occurrences
from missioncj.assessments.scoring import holds
from missioncj.participants.models import Episode
from missioncj.programs.models import Program

PROFILES = {"drug": ["mission", "gpra"], "reentry": ["mission"]}
BETTER_HIGH = {"barc10"}  # recovery capital: a higher score is better
ON_TIME = 0.86  # share of timepoints given inside their window


def add_assessments(
    rng: random.Random, today: dt.date, program: Program, lead: Any, key: str
) -> None:
    for profile in PROFILES[key]:
        schedule_services.adopt_profile(actor=None, program=program, profile=profile)
    instruments = {i.pk: i for i in Instrument.objects.all()}
    definitions = {i.pk: i.current.definition for i in instruments.values() if i.current}
    noon = dt.datetime.combine(today, dt.time(12), tzinfo=program.zone)
    episodes = (
        Episode.objects.filter(program=program, enrolled_date__isnull=False)
        .select_related("participant", "program")
        .order_by("pk")
    )
    for episode in episodes:
        severity = rng.uniform(0.35, 0.8)  # where this person starts, 0 best … 1 worst
        decided: set[tuple[int, int]] = set()
        for _ in range(40):  # one timepoint per pass: a given baseline moves later windows
            pending = [
                o
                for o in occurrences([episode], noon).get(episode.pk, [])
                if o.window is not None
                and o.window.opens <= today
                and o.state != "completed"
                and (o.timepoint.pk, o.number) not in decided
            ]
            if not pending:
                break
            o = min(pending, key=lambda o: o.window.opens if o.window else today)
            decided.add((o.timepoint.pk, o.number))
            assert o.window is not None and episode.enrolled_date is not None
            if rng.random() > ON_TIME:
                continue
            last = min(o.window.closes, today)
            day = o.window.opens + dt.timedelta(days=rng.randint(0, (last - o.window.opens).days))
            months = (day - episode.enrolled_date).days / 30.4
            level = max(0.05, severity - months * rng.uniform(0.02, 0.06))
            for instrument in o.missing:
                better = instrument.code in BETTER_HIGH
                services.record_administration(
                    actor=lead,
                    participant=episode.participant,
                    instrument=instrument,
                    responses=_responses(
                        rng,
                        instrument.code,
                        definitions[instrument.pk],
                        1 - level if better else level,
                        o.timepoint.preset,
                    ),
                    administered_on=day,
                    episode=episode,
                )


def _responses(
    rng: random.Random, code: str, definition: dict[str, Any], level: float, preset: dict
) -> dict[str, int]:
    """A complete answer set: the timepoint's preset answers, then every item shown as the
    branching unfolds, answered near `level` (0 = the lowest option, 1 = the highest). No
    self-harm answers: the demo raises no safety alerts."""
    answers: dict[str, int] = {}
    for item in definition["items"]:
        if not holds(item.get("show_if"), answers):
            continue
        item_id = item["id"]
        if item_id in preset:
            answers[item_id] = preset[item_id]
        elif (code, item_id) == ("phq9", "q9"):
            answers[item_id] = 0  # "not at all"
        elif item_id in {"conducted", "participated"}:
            answers[item_id] = 1  # the interview was done
        elif item.get("kind") == "number":
            low, high = item["min"], min(item["max"], item["min"] + 30)
            answers[item_id] = min(high, max(low, round(low + level * (high - low))))
        else:
            values = [o["value"] for o in item["options"]]
            index = round(level * (len(values) - 1) + rng.uniform(-1, 1))
            answers[item_id] = values[min(len(values) - 1, max(0, index))]
    return answers
