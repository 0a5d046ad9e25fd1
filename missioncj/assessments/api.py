"""JSON API for instruments and assessments; `router` is mounted at /api/v1/.

GET  /instruments                                  current versions, items, LOINC codes
GET  /participants/{participant_id}/assessments    completed and draft administrations, scores
POST /participants/{participant_id}/assessments    give and score one (422 lists every problem
                                                   with its item id; nothing is saved)
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from missioncj.assessments import history, services
from missioncj.assessments.models import Administration, Instrument
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode
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
        "safety_alert": a.safety_alerts.exists(),
    }


@router.get("/instruments", response=list[InstrumentOut], summary="Instruments (current versions)")
def list_instruments(request: HttpRequest) -> list[dict[str, Any]]:
    out = []
    for instrument in Instrument.objects.all():
        version = instrument.current
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
        history.visible_administrations(request.user, participant).select_related("corrects")
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
    administration = services.record_administration(
        actor=request.user,
        participant=participant,
        instrument=instrument,
        responses=payload.responses,
        administered_on=payload.administered_on or local_today(working.program),
        episode=episode,
    )
    return _out(administration)  # 201: the only status this route declares
