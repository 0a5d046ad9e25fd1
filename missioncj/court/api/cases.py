"""Court cases, charges, conditions and progress over the JSON API (mounted at /api/v1).

Every route starts from the participant the caller may see (`visible_participant`) and the
cases on the caller's visible episodes: anything else is a 404. A refused write answers 422
listing every problem (field by field) and saves nothing. Reads are audited.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import Field

from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.court.compliance import Standing, standings, with_done
from missioncj.court.compliance import standing as standing_of
from missioncj.court.models import (
    CaseStatus,
    Charge,
    ChargeLevel,
    Condition,
    ConditionKind,
    ConditionProgress,
    ConditionStatus,
    ConditionUnit,
    Court,
    CourtCase,
)
from missioncj.court.services import cases as services
from missioncj.court.services import conditions as condition_services
from missioncj.court.views.cases import visible_cases
from missioncj.participants.models import Episode, EpisodeStatus, Participant
from missioncj.participants.policies import visible_participant
from missioncj.participants.services import local_today

PREFIX = ""
router = Router(tags=["court"])
BASE = "/participants/{participant_id}/court-cases"


# --- schemas -------------------------------------------------------------------------------------


class ChargeOut(Schema):
    id: UUID
    statute: str
    description: str
    level: str
    degree: str
    disposition: str
    disposition_on: dt.date | None


class ProgressOut(Schema):
    id: UUID
    on: dt.date
    amount: Decimal
    note: str
    recorded_by: str


class ConditionOut(Schema):
    id: UUID
    kind: str
    description: str
    ordered_on: dt.date
    due_on: dt.date | None
    unit: str
    required: Decimal | None
    done: Decimal
    percent: int | None = Field(description="done against required, whole percent")
    compliance: str = Field(description='e.g. "32 of 40 hours, 80%"; empty if not measured')
    overdue: bool
    status: str
    protected_party: str


class ConditionDetailOut(ConditionOut):
    progress: list[ProgressOut]


class CaseOut(Schema):
    id: UUID
    episode: UUID
    court: UUID
    court_name: str
    docket_number: str
    judge: str
    status: str
    intercept: int
    opened_on: dt.date
    disposed_on: dt.date | None
    disposition: str
    attorney_name: str
    attorney_phone: str
    attorney_email: str
    probation_officer_name: str
    probation_officer_phone: str
    probation_officer_email: str
    charges: list[ChargeOut]


class CaseSummaryOut(CaseOut):
    conditions: list[ConditionOut]


class CaseDetailOut(CaseOut):
    conditions: list[ConditionDetailOut]


class CaseList(Schema):
    count: int
    items: list[CaseSummaryOut]


class ChargeIn(Schema):
    statute: str
    description: str
    level: ChargeLevel
    degree: str = ""
    disposition: str = ""
    disposition_on: dt.date | None = None


class CaseIn(Schema):
    court: UUID = Field(description="one of the program's courts")
    docket_number: str
    status: CaseStatus = CaseStatus.PRE_PLEA
    opened_on: dt.date
    intercept: int | None = Field(None, description="defaults to the program's intercept")
    judge: str = Field("", description="defaults to the court's presiding judge")
    attorney_name: str = ""
    attorney_phone: str = ""
    attorney_email: str = ""
    probation_officer_name: str = ""
    probation_officer_phone: str = ""
    probation_officer_email: str = ""
    charges: list[ChargeIn] = Field(default_factory=list)


class ConditionIn(Schema):
    kind: ConditionKind
    description: str
    ordered_on: dt.date
    due_on: dt.date | None = None
    unit: ConditionUnit = ConditionUnit.NONE
    required: Decimal | None = None
    protected_party: str = ""


class ProgressIn(Schema):
    on: dt.date
    amount: Decimal
    note: str = ""


class ConditionStatusIn(Schema):
    status: ConditionStatus
    note: str = ""


# --- shapes --------------------------------------------------------------------------------------


def _charge_out(c: Charge) -> dict[str, Any]:
    return {
        "id": c.public_id,
        "statute": c.statute,
        "description": c.description,
        "level": c.level,
        "degree": c.degree,
        "disposition": c.disposition,
        "disposition_on": c.disposition_on,
    }


def _condition_out(s: Standing) -> dict[str, Any]:
    c = s.condition
    return {
        "id": c.public_id,
        "kind": c.kind,
        "description": c.description,
        "ordered_on": c.ordered_on,
        "due_on": c.due_on,
        "unit": c.unit,
        "required": s.required,
        "done": s.done,
        "percent": s.percent,
        "compliance": s.words,
        "overdue": s.overdue,
        "status": c.status,
        "protected_party": c.protected_party,
    }


def _progress_out(p: ConditionProgress) -> dict[str, Any]:
    return {
        "id": p.public_id,
        "on": p.on,
        "amount": p.amount,
        "note": p.note,
        "recorded_by": p.recorded_by.username,
    }


def _case_out(case: CourtCase, charges: list[Charge]) -> dict[str, Any]:
    return {
        "id": case.public_id,
        "episode": case.episode.public_id,
        "court": case.court.public_id,
        "court_name": case.court.name,
        **{f: getattr(case, f) for f in services.CASE_FIELDS if f != "court"},
        "charges": [_charge_out(c) for c in charges],
    }


def _read(
    request: HttpRequest, participant: Participant, action: str, subject: Any, shown: list[str]
) -> None:
    record(
        kind=AuditKind.READ,
        action=action,
        actor=request.user,
        participant=participant,
        subject=subject,
        after={"shown": shown},
    )


def _case(request: HttpRequest, participant_id: UUID, case_id: UUID) -> CourtCase:
    participant = visible_participant(request, participant_id)
    return get_object_or_404(visible_cases(request.user, participant), public_id=case_id)


def _conditions(cases: list[CourtCase]) -> list[Standing]:
    today = local_today(cases[0].episode.program) if cases else dt.date.today()
    rows = with_done(Condition.objects.filter(case__in=cases)).order_by("status", "due_on", "pk")
    return standings(rows, today)


def _detail(case: CourtCase) -> dict[str, Any]:
    conditions = _conditions([case])
    progress: dict[int, list[dict[str, Any]]] = {s.condition.pk: [] for s in conditions}
    for p in (
        ConditionProgress.objects.filter(condition__case=case)
        .select_related("recorded_by")
        .order_by("on", "pk")
    ):
        progress[p.condition_id].append(_progress_out(p))
    return {
        **_case_out(case, list(case.charges.all())),
        "conditions": [
            {**_condition_out(s), "progress": progress[s.condition.pk]} for s in conditions
        ],
    }


# --- routes --------------------------------------------------------------------------------------


@router.get(
    BASE, response=CaseList, summary="A participant's court cases", url_name="court_case_list"
)
def list_cases(request: HttpRequest, participant_id: UUID) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    cases = list(visible_cases(request.user, participant).prefetch_related("charges"))
    by_case: dict[int, list[dict[str, Any]]] = {c.pk: [] for c in cases}
    for s in _conditions(cases):
        by_case[s.condition.case_id].append(_condition_out(s))
    _read(
        request, participant, "api.court.cases.list", participant, [str(c.public_id) for c in cases]
    )
    return {
        "count": len(cases),
        "items": [
            {**_case_out(c, list(c.charges.all())), "conditions": by_case[c.pk]} for c in cases
        ],
    }


@router.post(
    BASE,
    response={201: CaseDetailOut},
    summary="Open a court case (with its charges)",
    url_name="court_case_open",
)
def open_case(request: HttpRequest, participant_id: UUID, payload: CaseIn) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    episodes = (
        Episode.objects.visible_to(request.user)
        .filter(participant=participant)
        .exclude(status=EpisodeStatus.NOT_ENROLLED)
    )
    court = Court.objects.filter(
        public_id=payload.court, program_id__in=episodes.values("program_id")
    ).first()
    if court is None:
        raise ValidationError({"court": "No such court in this participant's program."})
    episode = episodes.filter(program_id=court.program_id).order_by("-referral_date", "-pk").first()
    data = payload.dict(exclude={"court", "charges", "status"})
    case = services.open_case(
        actor=request.user,
        participant=participant,
        episode=episode,
        court=court,
        status=payload.status.value,
        charges=[{**c.dict(), "level": c.level.value} for c in payload.charges],
        **data,
    )
    return _detail(case)


@router.get(
    BASE + "/{case_id}",
    response=CaseDetailOut,
    summary="One court case with its charges, conditions and progress",
    url_name="court_case_get",
)
def get_case(request: HttpRequest, participant_id: UUID, case_id: UUID) -> dict[str, Any]:
    case = _case(request, participant_id, case_id)
    body = _detail(case)
    _read(request, case.participant, "api.court.case.read", case, [str(case.public_id)])
    return body


@router.post(
    BASE + "/{case_id}/charges",
    response={201: ChargeOut},
    summary="Add a charge to a case",
    url_name="court_charge_add",
)
def add_charge(
    request: HttpRequest, participant_id: UUID, case_id: UUID, payload: ChargeIn
) -> dict[str, Any]:
    case = _case(request, participant_id, case_id)
    charge = services.add_charge(
        actor=request.user, case=case, **{**payload.dict(), "level": payload.level.value}
    )
    return _charge_out(charge)


@router.post(
    BASE + "/{case_id}/conditions",
    response={201: ConditionOut},
    summary="Add a condition the court ordered",
    url_name="court_condition_add",
)
def add_condition(
    request: HttpRequest, participant_id: UUID, case_id: UUID, payload: ConditionIn
) -> dict[str, Any]:
    case = _case(request, participant_id, case_id)
    condition = condition_services.add_condition(
        actor=request.user,
        case=case,
        **{**payload.dict(), "kind": payload.kind.value, "unit": payload.unit.value},
    )
    return _condition_out(_standing(case, condition.pk))


def _standing(case: CourtCase, pk: int) -> Standing:
    condition = with_done(Condition.objects.filter(pk=pk)).get()
    return standing_of(condition, local_today(case.episode.program))


def _condition(case: CourtCase, condition_id: UUID) -> Condition:
    return get_object_or_404(Condition.objects.filter(case=case), public_id=condition_id)


@router.post(
    BASE + "/{case_id}/conditions/{condition_id}/progress",
    response={201: ConditionOut},
    summary="Record progress (hours, a payment, a session) towards a condition",
    url_name="court_progress_add",
)
def add_progress(
    request: HttpRequest,
    participant_id: UUID,
    case_id: UUID,
    condition_id: UUID,
    payload: ProgressIn,
) -> dict[str, Any]:
    case = _case(request, participant_id, case_id)
    condition = _condition(case, condition_id)
    condition_services.record_progress(actor=request.user, condition=condition, **payload.dict())
    return _condition_out(_standing(case, condition.pk))


@router.post(
    BASE + "/{case_id}/conditions/{condition_id}/status",
    response=ConditionOut,
    summary="Mark a condition met, violated or vacated (or active again)",
    url_name="court_condition_status",
)
def condition_status(
    request: HttpRequest,
    participant_id: UUID,
    case_id: UUID,
    condition_id: UUID,
    payload: ConditionStatusIn,
) -> dict[str, Any]:
    case = _case(request, participant_id, case_id)
    condition = _condition(case, condition_id)
    condition_services.set_condition_status(
        actor=request.user, condition=condition, status=payload.status.value, note=payload.note
    )
    return _condition_out(_standing(case, condition.pk))
