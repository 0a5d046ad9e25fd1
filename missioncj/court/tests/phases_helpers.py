"""Builders for the court-phase tests. Drug tests and group attendance are other areas' records:
they are made here with the ORM (outcome set directly)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client

from missioncj.accounts.models import User
from missioncj.accounts.services import issue_api_token
from missioncj.care.models import Attendance, CurriculumKind, GroupSession
from missioncj.care.tests.cti_factories import curriculum
from missioncj.core.models import AuditEvent
from missioncj.court.models import (
    Court,
    CourtPhase,
    CourtResponse,
    DrugTest,
    PhaseMove,
    PhaseTask,
)
from missioncj.court.services.phase_moves import start_phase
from missioncj.court.services.phases import adopt_default_phases
from missioncj.participants.models import Episode, Participant

ENROLLED = dt.date(2026, 9, 5)  # everyone in the world fixture


def episode_of(person: Participant) -> Episode:
    return Episode.objects.select_related("program", "team", "participant").get(participant=person)


def with_defaults(world: Any, court: Court) -> Court:
    adopt_default_phases(actor=world.user("director"), court=court)
    return court


def easy_phase_one(court: Court, **values: Any) -> CourtPhase:
    """Phase 1 with small numbers a test can reach before today (set with the ORM)."""
    phase = court.phases.get(number=1)
    settings = {
        "min_days": 30,
        "negative_days": 20,
        "attendance_percent": 0,
        "no_sanctions_days": 0,
        "tasks": [],
        **values,
    }
    for name, value in settings.items():
        setattr(phase, name, value)
    phase.save()
    return phase


def start(world: Any, court: Court, person: Participant | None = None, **kw: Any) -> PhaseMove:
    person = person or world.north_person
    arguments: dict[str, Any] = {
        "actor": world.user("casemanager" if person == world.north_person else "director"),
        "episode": episode_of(person),
        "court": court,
        "on": ENROLLED,
        "decided_by": "Hon. R. Ortiz",
    }
    arguments.update(kw)
    return start_phase(**arguments)


def drug_test(episode: Episode, day: dt.date, outcome: str, by: User | None = None) -> DrugTest:
    collected = outcome not in ("missed", "refused", "excused")
    return DrugTest.objects.create(
        participant=episode.participant,
        episode=episode,
        reason="random",
        specimen="urine",
        status="collected" if collected else outcome,
        collected_at=dt.datetime.combine(day, dt.time(15), tzinfo=dt.UTC) if collected else None,
        outcome=outcome,
        local_date=day,
        recorded_by=by or User.objects.get(username="casemanager"),
    )


def attend(episode: Episode, day: dt.date, status: str, number: int = 1) -> Attendance:
    by = User.objects.get(username="casemanager")
    meeting = GroupSession.objects.create(
        program=episode.program,
        curriculum=curriculum(episode.program, CurriculumKind.DRT),
        curriculum_version=1,
        session_number=number,
        occurred_at=dt.datetime.combine(day, dt.time(15), tzinfo=dt.UTC),
        duration_minutes=60,
        location="Room 1",
        recorded_by=by,
    )
    return Attendance.objects.create(
        group_session=meeting,
        episode=episode,
        participant=episode.participant,
        status=status,
    )


def counts() -> dict[str, int]:
    return {
        "phases": CourtPhase.objects.count(),
        "moves": PhaseMove.objects.count(),
        "tasks": PhaseTask.objects.count(),
        "responses": CourtResponse.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def api_client(user: User) -> Client:
    token = issue_api_token(actor=None, user=user)
    return Client(headers={"Authorization": f"Bearer {token}"})


def post_json(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(data), content_type="application/json")
