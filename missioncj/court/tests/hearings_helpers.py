"""Helpers for the hearings tests: cases made with the ORM (the cases area owns their
services), hearings and entries made through the services, row counts to compare."""

from __future__ import annotations

import datetime as dt
from typing import Any

from missioncj.core.models import AuditEvent
from missioncj.court.models import (
    Court,
    CourtCase,
    DocketEntry,
    Hearing,
    HearingKind,
    HearingSeries,
)
from missioncj.court.services import hearings as services
from missioncj.participants.models import Participant
from missioncj.participants.services import local_today


def make_case(court: Court, participant: Participant, docket_number: str, user: Any) -> CourtCase:
    return CourtCase.objects.create(
        participant=participant,
        episode=participant.episodes.get(program=court.program),
        court=court,
        docket_number=docket_number,
        status="post_plea",
        intercept=3,
        opened_on=dt.date(2026, 9, 1),
        recorded_by=user,
    )


def today(court: Court) -> dt.date:
    return local_today(court.program)


def hearing(
    court: Court,
    actor: Any,
    day: dt.date,
    time: dt.time = dt.time(9, 0),
    kind: str = HearingKind.STATUS,
    **extra: Any,
) -> Hearing:
    return services.schedule_hearing(
        actor=actor, court=court, kind=kind, local_date=day, local_time=time, **extra
    )


def counts() -> dict[str, int]:
    return {
        "hearings": Hearing.objects.count(),
        "series": HearingSeries.objects.count(),
        "entries": DocketEntry.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def entry_state() -> list[Any]:
    return list(
        DocketEntry.objects.order_by("pk").values_list(
            "pk", "appearance", "outcome", "next_date", "recommendation", "staffing_note"
        )
    )
