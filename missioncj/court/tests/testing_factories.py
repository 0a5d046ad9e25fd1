"""Shared set-up for the drug-test tests: court phases and moves made with the ORM (the phase
services belong to another area), and a test carried through the services to a result."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from missioncj.court.models import Court, CourtPhase, DrugTest, MoveKind, PhaseMove
from missioncj.court.services import testing as services
from missioncj.participants.models import Episode, Participant

ET = dt.timezone(dt.timedelta(hours=-4))  # New York daylight time, for readable fixed times


def phase(court: Court, number: int, tests_per_week: str, name: str = "") -> CourtPhase:
    return CourtPhase.objects.create(
        court=court,
        number=number,
        name=name or f"Phase {number}",
        tests_per_week=Decimal(tests_per_week),
    )


def move(
    episode: Episode, to: CourtPhase, on: dt.date, user: Any, kind: str = MoveKind.START
) -> PhaseMove:
    return PhaseMove.objects.create(
        participant=episode.participant,
        episode=episode,
        phase=to,
        kind=kind,
        on=on,
        decided_by="Judge",
        reason="test",
        recorded_by=user,
    )


def episode_of(participant: Participant) -> Episode:
    return participant.episodes.select_related("program", "team").get()


def collected(
    actor: Any,
    episode: Episode,
    at: dt.datetime,
    specimen: str = "urine",
    notified_at: dt.datetime | None = None,
) -> DrugTest:
    test = None
    if notified_at is not None:
        test = services.record_notice(
            actor=actor, episode=episode, notified_at=notified_at, specimen=specimen
        )
    return services.record_collection(
        actor=actor,
        test=test,
        episode=None if test else episode,
        collected_at=at,
        specimen=specimen,
        observed=True,
        panel="12-panel + EtG",
    )


def resulted(
    actor: Any, test: DrugTest, at: dt.datetime, positives: tuple[str, ...] = ()
) -> DrugTest:
    rows = [
        {"analyte": a, "result": "positive", "level": "310", "cutoff": "300"} for a in positives
    ]
    rows += [{"analyte": a, "result": "negative"} for a in ("alcohol", "thc") if a not in positives]
    return services.record_results(actor=actor, test=test, results=rows, resulted_at=at)
