"""Demo court phases and responses, through the court services: the court adopts the default
phases, every enrolled participant starts Phase 1 at enrollment, status hearings every two
weeks bring incentives, a few sanctions and service adjustments (about four incentives to each
sanction), phase tasks get done, people past a phase's minimum time are promoted, and one or two
return to an earlier phase after a relapse."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from missioncj.court.models import Court, CourtPhase, PhaseMove
from missioncj.court.services import phase_moves, responses
from missioncj.court.services.phases import adopt_default_phases
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.participants.services import local_today
from missioncj.programs.models import Program

HEARING_EVERY = 14
INCENTIVES = [
    ("Negative tests since the last hearing", "Praise from the bench and applause", "low"),
    ("Attended every group session", "Fishbowl drawing", "low"),
    ("Started a new job", "$10 gift card", "moderate"),
    ("Ninety days clean", "Certificate and reduced reporting", "moderate"),
    ("Completed the phase tasks early", "Curfew extended by one hour", "high"),
]
SANCTIONS = [
    ("Missed a drug test", "Written essay on accountability", "low"),
    ("Late to two group sessions", "Eight hours of community service", "moderate"),
    ("Positive test, denied use", "Two days in jail", "high"),
]
ADJUSTMENTS = [
    ("Cravings reported to the counselor", "Added an individual session each week", "moderate"),
    ("Struggling with transportation", "Bus pass and group moved to the afternoon", "low"),
]


def add_phases(
    rng: random.Random, today: dt.date, program: Program, lead_user: Any, court: Court
) -> dict[str, int]:
    """Phases and responses for the program's enrolled participants; returns what was made."""
    if not court.phases.exists():
        adopt_default_phases(actor=lead_user, court=court)
    phases = {p.number: p for p in court.phases.order_by("number")}
    limit = min(today, local_today(program))
    judge = court.judge or "The presiding judge"
    episodes = list(
        Episode.objects.filter(
            program=program, status=EpisodeStatus.ENROLLED, enrolled_date__lte=limit
        )
        .select_related("participant", "program", "team")
        .order_by("pk")
    )
    made = {"started": 0, "promoted": 0, "demoted": 0, "responses": 0, "tasks": 0}
    relapses = 2
    for episode in episodes:
        if PhaseMove.objects.filter(episode=episode).exists():
            continue
        assert episode.enrolled_date is not None
        phase_moves.start_phase(
            actor=lead_user,
            episode=episode,
            court=court,
            on=episode.enrolled_date,
            decided_by=judge,
        )
        made["started"] += 1
        relapsed = _hearings(rng, episode, limit, phases, lead_user, judge, relapses > 0, made)
        relapses -= relapsed
    return made


def _hearings(
    rng: random.Random,
    episode: Episode,
    limit: dt.date,
    phases: dict[int, CourtPhase],
    actor: Any,
    judge: str,
    may_relapse: bool,
    made: dict[str, int],
) -> int:
    """Walk the episode's status hearings up to `limit`; returns 1 if it relapsed."""
    assert episode.enrolled_date is not None
    number, entered = 1, episode.enrolled_date
    day = episode.enrolled_date + dt.timedelta(days=HEARING_EVERY)
    relapsed = 0
    while day <= limit:
        _respond(rng, episode, day, limit, actor, judge, made)
        phase = phases[number]
        open_tasks = [
            t for t in phase.tasks if not episode.phase_tasks.filter(phase=phase, task=t).exists()
        ]
        if open_tasks and rng.random() < 0.4:
            phase_moves.record_task(actor=actor, episode=episode, task=open_tasks[0], done_on=day)
            made["tasks"] += 1
        if may_relapse and not relapsed and number >= 2 and (day - entered).days >= 21:
            responses.record_response(
                actor=actor,
                episode=episode,
                kind="sanction",
                behaviour="Relapse: two positive tests",
                response="Returned to the previous phase with a remedial plan",
                magnitude="high",
                decided_on=day,
                delivered_on=day,
                decided_by=judge,
            )
            number, entered = number - 1, day
            phase_moves.demote(
                actor=actor,
                episode=episode,
                to_number=number,
                on=day,
                decided_by=judge,
                reason="Relapse after promotion; remedial plan agreed at staffing",
            )
            made["demoted"] += 1
            made["responses"] += 1
            relapsed = 1
        elif number + 1 in phases and (day - entered).days >= phase.min_days and rng.random() < 0.8:
            phase_moves.promote(
                actor=actor,
                episode=episode,
                on=day,
                decided_by=judge,
                reason="Recommended at staffing; the judge agreed",
            )
            number, entered = number + 1, day
            made["promoted"] += 1
        day += dt.timedelta(days=HEARING_EVERY)
    return relapsed


def _respond(
    rng: random.Random,
    episode: Episode,
    day: dt.date,
    limit: dt.date,
    actor: Any,
    judge: str,
    made: dict[str, int],
) -> None:
    roll = rng.random()
    if roll < 0.55:
        kind, choices = "incentive", INCENTIVES
    elif roll < 0.68:
        kind, choices = "sanction", SANCTIONS
    elif roll < 0.74:
        kind, choices = "service_adjustment", ADJUSTMENTS
    else:
        return
    behaviour, response, magnitude = rng.choice(choices)
    delivered = day + dt.timedelta(days=rng.choice([0, 0, 0, 1, 7]))
    responses.record_response(
        actor=actor,
        episode=episode,
        kind=kind,
        behaviour=behaviour,
        response=response,
        magnitude=magnitude,
        jail_days=2 if kind == "sanction" and "jail" in response else None,
        decided_on=day,
        delivered_on=delivered if delivered <= limit else None,
        decided_by=judge,
    )
    made["responses"] += 1
