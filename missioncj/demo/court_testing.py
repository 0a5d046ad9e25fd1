"""Demo drug and alcohol tests: a random call-in schedule for every enrolled participant, and a
test on each call day of the last weeks through the court services — notice in the morning,
collection within hours, results one to three days later. Mostly negative; positives are more
common in the first weeks; a few missed or refused; now and then a dilute specimen; some
positives sent for confirmation (most confirmed, a few not)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from missioncj.court.models import Court, DrugTest
from missioncj.court.services import random_testing
from missioncj.court.services import testing as services
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.programs.models import Program

WEEKS_OF_TESTS = 12
EARLY_DAYS = 28  # the first weeks after enrollment, when positives are more common
DRUGS = ["cocaine", "fentanyl", "methamphetamine", "thc", "alcohol", "opiates"]
PANEL = ["thc", "cocaine", "opiates", "fentanyl", "methamphetamine", "benzodiazepines", "alcohol"]


def add_testing(
    rng: random.Random, today: dt.date, program: Program, lead: Any, court: Court
) -> int:
    """Schedules and tests for the program's enrolled episodes; returns how many tests. The
    court's phases set the frequency through each episode's phase moves (two a week without)."""
    episodes = list(
        Episode.objects.filter(program=program, status=EpisodeStatus.ENROLLED)
        .select_related("participant", "program", "team")
        .order_by("pk")
    )
    moves = random_testing.phase_rates(e.pk for e in episodes)
    made = 0
    for index, episode in enumerate(episodes):
        assert episode.enrolled_date is not None
        schedule = random_testing.start_random_testing(
            actor=lead,
            episode=episode,
            starts_on=episode.enrolled_date,
            seed=f"{rng.getrandbits(256):064x}",  # from the demo's seed: the same data each load
        )
        first = max(episode.enrolled_date, today - dt.timedelta(weeks=WEEKS_OF_TESTS))
        end = today - dt.timedelta(days=1)
        days = random_testing.schedule_days(schedule, first, end, moves.get(episode.pk, []))
        drug = rng.choice(DRUGS)
        for number, day in enumerate(days):
            # the first participant always shows a dilute specimen and a missed test
            scripted = {2: "dilute", 3: "missed"}.get(number, "") if index == 0 else ""
            _one(rng, episode, lead, day, drug, scripted)
            made += 1
    return made


def _one(
    rng: random.Random, episode: Episode, lead: Any, day: dt.date, drug: str, scripted: str
) -> DrugTest:
    zone = episode.program.zone
    now = timezone.now()
    notified_at = dt.datetime.combine(day, dt.time(rng.randint(6, 9), rng.choice([0, 15, 30])))
    notified_at = notified_at.replace(tzinfo=zone)
    test = services.record_notice(actor=lead, episode=episode, notified_at=notified_at)
    roll = rng.random()
    if scripted == "missed" or (not scripted and roll < 0.04):
        return services.record_missed(actor=lead, test=test, reason="Did not call the line.")
    if not scripted and roll < 0.05:
        return services.record_refused(actor=lead, test=test, reason="Declined to give a sample.")
    if not scripted and roll < 0.07:
        return services.record_excused(actor=lead, test=test, reason="At a hospital appointment.")
    # within the window nearly always; now and then late (flagged)
    hours = rng.choice([1, 1, 2, 2, 3, 4, 5, 6]) if rng.random() > 0.05 else 9
    collected_at = notified_at + dt.timedelta(hours=hours, minutes=rng.randint(0, 50))
    test = services.record_collection(
        actor=lead,
        test=test,
        collected_at=collected_at,
        specimen="urine",
        observed=rng.random() < 0.8,
        panel="12-panel + EtG",
    )
    resulted_at = collected_at + dt.timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 5))
    if resulted_at > now:
        return test  # still at the lab
    early = episode.enrolled_date and (day - episode.enrolled_date).days < EARLY_DAYS
    positive = rng.random() < (0.35 if early else 0.06)
    rows: list[dict[str, Any]] = [
        {"analyte": a, "result": "negative"} for a in PANEL if not (positive and a == drug)
    ]
    if positive:
        sent = rng.random() < 0.5
        rows.append(
            {
                "analyte": drug,
                "result": "positive",
                "level": rng.choice([180, 320, 650, 1200]),
                "cutoff": 150,
                "confirmation": "pending" if sent else "",
            }
        )
    validity = "dilute" if scripted == "dilute" or rng.random() < 0.02 else "valid"
    test = services.record_results(
        actor=lead, test=test, results=rows, resulted_at=resulted_at, validity=validity
    )
    if positive and rows[-1]["confirmation"] == "pending":
        confirmed_at = resulted_at + dt.timedelta(days=rng.randint(2, 5))
        if confirmed_at <= now:
            test = services.record_confirmation(
                actor=lead,
                test=test,
                analyte=drug,
                confirmed=rng.random() < 0.85,
                confirmed_at=confirmed_at,
            )
    return test
