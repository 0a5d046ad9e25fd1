"""Court API: drug and alcohol tests.

GET  /participants/{participant_id}/drug-tests   a participant's tests, newest first (audited)
POST /participants/{participant_id}/drug-tests   a notice, or a collection when `collected_at`
POST /drug-tests/{test_id}/results                per-analyte results; 422 names each problem
GET  /programs/{program_id}/random-calls?date=    who the random schedules call that day
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field, field_validator

from missioncj.core.api import PageQuery, page_of
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.court.drug_tests import flags, turnaround
from missioncj.court.models import DrugTest, Specimen, TestReason, Validity
from missioncj.court.policies import staff_program_ids
from missioncj.court.services import testing as services
from missioncj.court.testing_reads import calls_on, tests_of
from missioncj.participants.models import Episode
from missioncj.participants.policies import visible_participant, workable_episode
from missioncj.participants.services import local_today
from missioncj.programs.models import Program

PREFIX = ""
router = Router(tags=["court"])


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("give a UTC offset (e.g. Z or -05:00)")
    return value


class AnalyteOut(Schema):
    analyte: str
    result: str
    level: Decimal | None
    cutoff: Decimal | None
    confirmation: str
    confirmed_at: dt.datetime | None


class DrugTestOut(Schema):
    id: UUID
    episode: UUID
    reason: str
    specimen: str
    observed: bool
    panel: str
    status: str
    notified_at: dt.datetime | None
    collected_at: dt.datetime | None
    resulted_at: dt.datetime | None
    validity: str
    outcome: str
    local_date: dt.date
    note: str
    turnaround_hours: float | None
    flags: list[str]
    results: list[AnalyteOut]


class DrugTestPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[DrugTestOut]


class DrugTestIn(Schema):
    reason: TestReason = TestReason.RANDOM
    specimen: Specimen = Specimen.URINE
    notified_at: dt.datetime | None = Field(None, description="defaults to now for a notice")
    collected_at: dt.datetime | None = Field(None, description="given: a collection")
    observed: bool = False
    panel: str = Field("", max_length=60)
    note: str = Field("", max_length=300)

    @field_validator("notified_at", "collected_at")
    @classmethod
    def _with_offset(cls, value: dt.datetime | None) -> dt.datetime | None:
        return _aware(value)


class AnalyteIn(Schema):
    analyte: str = Field(description="an Analyte code, e.g. cocaine, fentanyl, alcohol")
    result: str = Field(description="negative, positive or prescribed")
    level: Decimal | None = None
    cutoff: Decimal | None = None
    confirmation: str = Field("", description='"pending" when sent for confirmation')


class ResultsIn(Schema):
    resulted_at: dt.datetime
    validity: Validity = Validity.VALID
    results: list[AnalyteIn]

    @field_validator("resulted_at")
    @classmethod
    def _with_offset(cls, value: dt.datetime) -> dt.datetime:
        _aware(value)
        return value


class Problem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class Problems(Schema):
    detail: list[Problem]


class CallOut(Schema):
    participant: UUID
    name: str
    team: str
    test: UUID | None
    test_status: str | None


class CallsOut(Schema):
    program: UUID
    date: dt.date
    calls: list[CallOut]


def _out(test: DrugTest) -> dict[str, Any]:
    took = turnaround(test)
    return {
        "id": test.public_id,
        "episode": test.episode.public_id,
        "reason": test.reason,
        "specimen": test.specimen,
        "observed": test.observed,
        "panel": test.panel,
        "status": test.status,
        "notified_at": test.notified_at,
        "collected_at": test.collected_at,
        "resulted_at": test.resulted_at,
        "validity": test.validity,
        "outcome": test.outcome,
        "local_date": test.local_date,
        "note": test.note,
        "turnaround_hours": round(took.total_seconds() / 3600, 2) if took else None,
        "flags": flags(test),
        "results": [
            {
                "analyte": r.analyte,
                "result": r.result,
                "level": r.level,
                "cutoff": r.cutoff,
                "confirmation": r.confirmation,
                "confirmed_at": r.confirmed_at,
            }
            for r in test.results.all()
        ],
    }


def problems(error: ValidationError) -> list[dict[str, Any]]:
    """Service errors as loc / msg / type; `results.2.analyte` becomes
    ["body", "payload", "results", 2, "analyte"]."""
    if not hasattr(error, "error_dict"):
        return [{"loc": ["body", "payload"], "msg": m, "type": "value_error"} for m in error]
    out = []
    for key, messages in error.message_dict.items():
        parts: list[str | int] = [int(p) if p.isdigit() else p for p in key.split(".")]
        for message in messages:
            out.append({"loc": ["body", "payload", *parts], "msg": message, "type": "value_error"})
    return out


@router.get(
    "/participants/{participant_id}/drug-tests",
    response=DrugTestPage,
    url_name="drug_test_list",
    summary="A participant's drug and alcohol tests",
)
def list_tests(
    request: HttpRequest, participant_id: UUID, paging: Query[PageQuery]
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    episodes = list(Episode.objects.visible_to(request.user).filter(participant=participant))
    count, rows = page_of(tests_of(episodes).select_related("episode"), paging)
    record(
        kind=AuditKind.READ,
        action="api.drug_test.list",
        actor=request.user,
        participant=participant,
        subject=participant,
        after={"shown": [str(t.public_id) for t in rows]},
    )
    return {
        "count": count,
        "page": paging.page,
        "page_size": paging.page_size,
        "items": [_out(t) for t in rows],
    }


@router.post(
    "/participants/{participant_id}/drug-tests",
    response={201: DrugTestOut},
    url_name="drug_test_create",
    summary="Record a test notice, or a collection (with collected_at)",
)
def create_test(request: HttpRequest, participant_id: UUID, payload: DrugTestIn) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    episode = workable_episode(request.user, participant)
    if payload.collected_at is not None:
        test = services.record_collection(
            actor=request.user,
            episode=episode,
            collected_at=payload.collected_at,
            specimen=payload.specimen,
            observed=payload.observed,
            panel=payload.panel,
            reason=payload.reason,
            note=payload.note,
        )
    else:
        test = services.record_notice(
            actor=request.user,
            episode=episode,
            notified_at=payload.notified_at,
            reason=payload.reason,
            specimen=payload.specimen,
            note=payload.note,
        )
    return _out(test)  # 201: the only status this route declares


@router.post(
    "/drug-tests/{test_id}/results",
    response={200: DrugTestOut, 422: Problems},
    url_name="drug_test_results",
    summary="Record per-analyte results of a collected test",
)
def post_results(request: HttpRequest, test_id: UUID, payload: ResultsIn) -> Status:
    episodes = Episode.objects.visible_to(request.user)
    test = get_object_or_404(
        DrugTest.objects.filter(episode__in=episodes).select_related("episode__program"),
        public_id=test_id,
    )
    try:
        saved = services.record_results(
            actor=request.user,
            test=test,
            results=[row.dict() for row in payload.results],
            resulted_at=payload.resulted_at,
            validity=payload.validity,
        )
    except ValidationError as exc:
        return Status(422, {"detail": problems(exc)})
    return Status(200, _out(saved))


@router.get(
    "/programs/{program_id}/random-calls",
    response=CallsOut,
    url_name="random_calls",
    summary="Who the random schedules call on a day (default today, program time)",
)
def random_calls(request: HttpRequest, program_id: UUID, date: dt.date | None = None) -> Any:
    program = get_object_or_404(
        Program.objects.filter(pk__in=staff_program_ids(request.user)), public_id=program_id
    )
    day = date or local_today(program)
    calls = calls_on(request.user, program, day)
    record(
        kind=AuditKind.LIST,
        action="api.random_calls.list",
        actor=request.user,
        after={
            "day": day.isoformat(),
            "shown": [str(c.episode.participant.public_id) for c in calls],
        },
    )
    return {
        "program": program.public_id,
        "date": day,
        "calls": [
            {
                "participant": c.episode.participant.public_id,
                "name": c.episode.participant.display_name,
                "team": c.episode.team.name if c.episode.team else "",
                "test": c.test.public_id if c.test else None,
                "test_status": c.test.status if c.test else None,
            }
            for c in calls
        ],
    }
