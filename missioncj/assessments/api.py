"""JSON API for instruments, assessments and safety alerts; `router` is mounted at /api/v1/.

GET  /instruments                         current versions, items, LOINC codes

Under /participants/{participant_id}/ (out of scope: 404 and nothing written):

GET  assessments                          completed and draft administrations, scores
POST assessments                          give one, completed and scored (default) or a draft
GET  assessments/{administration_id}      one, with change from the previous and the baseline
PUT  assessments/{administration_id}      change a draft's answers or date
POST assessments/{administration_id}/complete     score and close a draft
POST assessments/{administration_id}/correction   start a correction of a completed one
GET  safety-alerts                        open and acknowledged alerts
POST safety-alerts/{alert_id}/acknowledge

Bad answers are a 422 listing every problem with its item id; asking a completed assessment to
change (or a draft to be corrected) is a 409. Either way nothing is saved. Reads are audited;
writes go through `assessments.services`, which audit them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from missioncj.assessments import history, services
from missioncj.assessments.models import (
    Administration,
    AdministrationStatus,
    Instrument,
    InstrumentVersion,
    SafetyAlert,
)
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode, Participant
from missioncj.participants.policies import visible_participant
from missioncj.participants.services import local_today

router = Router(tags=["assessments"])


class OptionOut(Schema):
    value: int
    label: str


class ItemOut(Schema):
    id: str
    text: str
    kind: str = "choice"
    options: list[OptionOut] = []
    min: int | None = None
    max: int | None = None
    required: bool = True
    show_if: dict[str, Any] | None = None
    section: str = ""
    source: str | None = None


class InstrumentOut(Schema):
    code: str
    name: str
    licence: str
    score_entry_only: bool
    version: int
    loinc_panel: str | None
    loinc_total: str | None
    unverified: list[str]
    items: list[ItemOut]
    scoring: dict[str, Any]


class AssessmentIn(Schema):
    instrument: str = Field(description="instrument code, e.g. phq9")
    responses: dict[str, Any] = Field(description="item id → answer value")
    administered_on: dt.date | None = Field(None, description="defaults to today (program time)")
    episode: UUID | None = Field(None, description="defaults to the newest open episode")
    status: Literal["draft", "completed"] = Field(
        "completed",
        description="completed: every required answer, scored now; draft: answers may be left "
        "out (unknown item ids and values are still refused), nothing is scored",
    )


class DraftIn(Schema):
    responses: dict[str, Any] = Field(description="item id → answer value (all of them)")
    administered_on: dt.date | None = Field(None, description="unchanged when left out")


class CompleteIn(Schema):
    responses: dict[str, Any] | None = Field(None, description="replace the answers first")
    administered_on: dt.date | None = Field(None, description="unchanged when left out")


class AssessmentOut(Schema):
    id: UUID
    instrument: str
    version: int
    status: str
    administered_on: dt.date
    administered_by: str
    total: int | None
    band: str
    band_label: str
    loinc_total: str | None
    scores: dict[str, Any] | None
    responses: dict[str, Any]
    corrects: UUID | None
    safety_alert: bool


class ChangeOut(Schema):
    previous: UUID | None = Field(description="the previous completed one of this instrument")
    baseline: UUID | None = Field(description="the first completed one of this instrument")
    from_previous: int | None
    from_baseline: int | None


class AssessmentDetailOut(AssessmentOut):
    change: ChangeOut | None = Field(description="completed and not replaced by a correction")
    corrected_by: UUID | None = Field(description="the completed correction that replaces it")


class SafetyAlertOut(Schema):
    id: UUID
    administration: UUID
    instrument: str
    reason: str
    raised_at: dt.datetime
    status: Literal["open", "acknowledged"]
    acknowledged_by: str | None
    acknowledged_at: dt.datetime | None


def _out(a: Administration) -> dict[str, Any]:
    version = a.instrument_version
    return {
        "id": a.public_id,
        "instrument": version.instrument.code,
        "version": version.number,
        "status": a.status,
        "administered_on": a.administered_on,
        "administered_by": a.administered_by.username,
        "total": a.total,
        "band": a.band,
        "band_label": a.band_label,
        "loinc_total": version.loinc.get("total"),
        "scores": a.scores,
        "responses": a.responses,
        "corrects": a.corrects.public_id if a.corrects_id and a.corrects else None,
        "safety_alert": (
            a.has_safety_alert if hasattr(a, "has_safety_alert") else a.safety_alerts.exists()
        ),
    }


@router.get("/instruments", response=list[InstrumentOut], summary="Instruments (current versions)")
def list_instruments(request: HttpRequest) -> list[dict[str, Any]]:
    out = []
    current = InstrumentVersion.objects.filter(is_current=True).order_by("pk")
    for instrument in Instrument.objects.prefetch_related(
        Prefetch("versions", current, to_attr="current_versions")
    ):
        version = instrument.current_versions[0] if instrument.current_versions else None
        if version is None:
            continue
        definition = version.definition
        out.append(
            {
                "code": instrument.code,
                "name": instrument.name,
                "licence": instrument.licence,
                "score_entry_only": instrument.score_entry_only,
                "version": version.number,
                "loinc_panel": version.loinc.get("panel"),
                "loinc_total": version.loinc.get("total"),
                "unverified": definition.get("unverified", []),
                "items": definition["items"],
                "scoring": definition["scoring"],
            }
        )
    return out


@router.get(
    "/participants/{participant_id}/assessments",
    response=list[AssessmentOut],
    summary="A participant's assessments with their scores",
)
def list_assessments(request: HttpRequest, participant_id: UUID) -> list[dict[str, Any]]:
    participant = visible_participant(request, participant_id)
    rows = list(
        history.visible_administrations(request.user, participant)
        .select_related("corrects")
        .annotate(
            has_safety_alert=Exists(SafetyAlert.objects.filter(administration=OuterRef("pk")))
        )
    )
    record(
        kind=AuditKind.READ,
        action="api.assessment.list",
        actor=request.user,
        participant=participant,
        subject=participant,
        after={"administrations": [str(a.public_id) for a in rows]},
    )
    return [_out(a) for a in rows]


@router.post(
    "/participants/{participant_id}/assessments",
    response={201: AssessmentOut},
    summary="Give and score an assessment",
)
def create_assessment(request: HttpRequest, participant_id: UUID, payload: AssessmentIn) -> Any:
    participant = visible_participant(request, participant_id)
    instrument = Instrument.objects.filter(code=payload.instrument).first()
    if instrument is None:
        raise ValidationError({"instrument": f"No instrument with code {payload.instrument!r}."})
    episode = None
    if payload.episode is not None:
        episode = (
            Episode.objects.visible_to(request.user)
            .filter(participant=participant, public_id=payload.episode)
            .first()
        )
        if episode is None:
            raise ValidationError({"episode": "No such episode of this participant."})
    working = episode or services.workable_episode_or_none(request.user, participant)
    if working is None:
        raise ValidationError({"episode": "You do not work with this participant's team."})
    arguments: dict[str, Any] = {
        "actor": request.user,
        "participant": participant,
        "instrument": instrument,
        "responses": payload.responses,
        "administered_on": payload.administered_on or local_today(working.program),
        "episode": episode,
    }
    if payload.status == AdministrationStatus.DRAFT:
        administration = services.save_draft(**arguments)
    else:
        administration = services.record_administration(**arguments)
    return _out(administration)  # 201: the only status this route declares


# --- one administration -------------------------------------------------------------------------


def _visible_administration(
    request: HttpRequest, participant: Participant, administration_id: UUID
) -> Administration:
    return get_object_or_404(
        history.visible_administrations(request.user, participant).select_related("corrects"),
        public_id=administration_id,
    )


@contextmanager
def _status_conflicts() -> Iterator[None]:
    """The services refuse, by a `status` error, what an assessment's status forbids (changing
    or completing a completed one, correcting a draft, a second correction in draft): a 409
    with their message. They refuse inside their transaction, so nothing was written."""
    try:
        yield
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and set(exc.error_dict) == {"status"}:
            raise HttpError(409, " ".join(exc.messages)) from exc
        raise


def _detail_out(administration: Administration, user: Any) -> dict[str, Any]:
    change = None
    if administration.is_completed:
        found = history.change_for(administration, user)
        change = {
            "previous": found.previous.public_id if found.previous else None,
            "baseline": found.baseline.public_id if found.baseline else None,
            "from_previous": found.from_previous,
            "from_baseline": found.from_baseline,
        }
    corrected_by = administration.corrections.filter(status=AdministrationStatus.COMPLETED).first()
    return {
        **_out(administration),
        "change": change,
        "corrected_by": corrected_by.public_id if corrected_by else None,
    }


@router.get(
    "/participants/{participant_id}/assessments/{administration_id}",
    response=AssessmentDetailOut,
    summary="One assessment with its scores and the change since the previous and the baseline",
)
def get_assessment(
    request: HttpRequest, participant_id: UUID, administration_id: UUID
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    administration = _visible_administration(request, participant, administration_id)
    services.record_read(
        actor=request.user,
        participant=participant,
        action="api.assessment.read",
        shown=[administration],
    )
    return _detail_out(administration, request.user)


@router.put(
    "/participants/{participant_id}/assessments/{administration_id}",
    response=AssessmentOut,
    summary="Change a draft's answers or date (a completed one is a 409: record a correction)",
)
def update_assessment(
    request: HttpRequest, participant_id: UUID, administration_id: UUID, payload: DraftIn
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    administration = _visible_administration(request, participant, administration_id)
    with _status_conflicts():
        saved = services.save_draft(
            actor=request.user,
            participant=participant,
            administration=administration,
            responses=payload.responses,
            administered_on=payload.administered_on or administration.administered_on,
        )
    return _out(saved)


@router.post(
    "/participants/{participant_id}/assessments/{administration_id}/complete",
    response=AssessmentOut,
    summary="Score and close a draft (422 lists every problem; nothing is saved)",
)
def complete_assessment(
    request: HttpRequest,
    participant_id: UUID,
    administration_id: UUID,
    payload: CompleteIn | None = None,
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    administration = _visible_administration(request, participant, administration_id)
    with _status_conflicts():
        completed = services.complete(
            actor=request.user,
            administration=administration,
            responses=payload.responses if payload else None,
            administered_on=payload.administered_on if payload else None,
        )
    return _out(completed)


@router.post(
    "/participants/{participant_id}/assessments/{administration_id}/correction",
    response={201: AssessmentOut},
    summary="Start a correction: a new draft with the same answers that `corrects` this one",
)
def correct_assessment(
    request: HttpRequest, participant_id: UUID, administration_id: UUID
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    administration = _visible_administration(request, participant, administration_id)
    with _status_conflicts():
        draft = services.start_correction(actor=request.user, administration=administration)
    return _out(draft)  # 201: the only status this route declares


# --- safety alerts ------------------------------------------------------------------------------


def _visible_alerts(user: Any, participant: Participant) -> Any:
    """The participant's alerts in episodes the user may see (the read choke point)."""
    return (
        SafetyAlert.objects.filter(
            participant=participant, episode__in=Episode.objects.visible_to(user)
        )
        .select_related("administration__instrument_version__instrument", "acknowledged_by")
        .order_by("-raised_at", "-pk")
    )


def _alert_out(alert: SafetyAlert) -> dict[str, Any]:
    return {
        "id": alert.public_id,
        "administration": alert.administration.public_id,
        "instrument": alert.administration.instrument_version.instrument.code,
        "reason": alert.reason,
        "raised_at": alert.raised_at,
        "status": "open" if alert.acknowledged_at is None else "acknowledged",
        "acknowledged_by": alert.acknowledged_by.username if alert.acknowledged_by else None,
        "acknowledged_at": alert.acknowledged_at,
    }


@router.get(
    "/participants/{participant_id}/safety-alerts",
    response=list[SafetyAlertOut],
    summary="A participant's safety alerts, open and acknowledged, newest first",
)
def list_safety_alerts(request: HttpRequest, participant_id: UUID) -> list[dict[str, Any]]:
    participant = visible_participant(request, participant_id)
    alerts = list(_visible_alerts(request.user, participant))
    record(
        kind=AuditKind.READ,
        action="api.safety_alert.list",
        actor=request.user,
        participant=participant,
        subject=participant,
        after={"safety_alerts": [str(a.public_id) for a in alerts]},
    )
    return [_alert_out(a) for a in alerts]


@router.post(
    "/participants/{participant_id}/safety-alerts/{alert_id}/acknowledge",
    response=SafetyAlertOut,
    summary="Acknowledge a safety alert: it leaves the work queue (already acknowledged: 409)",
)
def acknowledge_safety_alert(
    request: HttpRequest, participant_id: UUID, alert_id: UUID
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    alert = get_object_or_404(_visible_alerts(request.user, participant), public_id=alert_id)
    if alert.acknowledged_at is not None:
        raise HttpError(409, "This alert was already acknowledged.")
    return _alert_out(services.acknowledge_alert(actor=request.user, alert=alert))
