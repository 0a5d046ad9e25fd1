"""FHIR export over the API. GET with a recipient (a name, or the TPO provider class) and a
purpose shows what the privacy decision grants for each participant, sending nothing (without
them: the categories the export can carry, and no one). POST the same and get the Bundle back
(`application/fhir+json`): a download is a disclosure (one record per participant carried).
Out of scope is a 404; a bad recipient or purpose, or nothing granted, is a 422 with the
reason, and nothing is recorded.

    GET  /participants/{participant_id}/fhir?recipient=&provider_class=&purpose=
    POST /participants/{participant_id}/fhir   {recipient, provider_class, purpose}
    GET  /programs/{program_id}/fhir?recipient=&provider_class=&purpose=
    POST /programs/{program_id}/fhir           {recipient, provider_class, purpose}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from missioncj.interop.fhir.bundle import EXPORT_CATEGORIES
from missioncj.interop.fhir.export import (
    FhirPlan,
    export_participant,
    export_program,
    plan_participant,
    plan_program,
    recipient_for,
    record_preview,
)
from missioncj.interop.views.fhir import fhir_response
from missioncj.outcomes.access import report_program
from missioncj.participants.policies import visible_participant

PREFIX = ""
router = Router(tags=["interop"])


class FhirIn(Schema):
    recipient: str = ""
    provider_class: bool = False
    purpose: str = ""


class DecisionOut(Schema):
    participant: UUID
    name: str
    included: bool
    granted: list[str]
    reason: str


class PreviewOut(Schema):
    recipient: str | None
    purpose: str | None
    categories: list[str]
    participants: list[DecisionOut]


def _asked(query: FhirIn) -> bool:
    return bool(query.recipient.strip() or query.provider_class or query.purpose)


def _preview(plan: FhirPlan | None) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    if plan is not None:
        rows = [
            {
                "participant": i.participant.public_id,
                "name": i.participant.display_name,
                "included": True,
                "granted": list(i.decision.granted),
                "reason": i.decision.reason,
            }
            for i in plan.carried
        ] + [
            {
                "participant": o.participant.public_id,
                "name": o.participant.display_name,
                "included": False,
                "granted": [],
                "reason": o.reason,
            }
            for o in plan.left_out
        ]
    return {
        "recipient": plan.recipient.label if plan else None,
        "purpose": plan.purpose if plan else None,
        "categories": list(EXPORT_CATEGORIES),
        "participants": rows,
    }


def _previewed(
    request: HttpRequest, query: FhirIn, subject: Any, planner: Callable[..., FhirPlan]
) -> dict[str, Any]:
    """The preview both GET routes answer: nothing until a recipient and purpose are given;
    then who would be carried and why, recorded as a read."""
    plan = None
    if _asked(query):
        recipient = recipient_for(query.recipient, query.provider_class)
        plan = planner(actor=request.user, recipient=recipient, purpose=query.purpose)
        record_preview(actor=request.user, plan=plan, subject=subject)
    return _preview(plan)


@router.get(
    "/participants/{participant_id}/fhir",
    response=PreviewOut,
    url_name="participant_fhir",
    summary="What a participant's FHIR export to a recipient would carry (sends nothing)",
)
def participant_preview(
    request: HttpRequest, participant_id: UUID, query: Query[FhirIn]
) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    return _previewed(
        request, query, participant, lambda **ask: plan_participant(participant=participant, **ask)
    )


@router.post(
    "/participants/{participant_id}/fhir",
    url_name="participant_fhir",
    summary="A participant's FHIR R4 Bundle for a recipient (records a disclosure)",
)
def participant_fhir(request: HttpRequest, participant_id: UUID, payload: FhirIn) -> HttpResponse:
    participant = visible_participant(request, participant_id)
    result = export_participant(
        actor=request.user,
        participant=participant,
        recipient=recipient_for(payload.recipient, payload.provider_class),
        purpose=payload.purpose,
    )
    return fhir_response(result, f"fhir-{participant.public_id}.json")


@router.get(
    "/programs/{program_id}/fhir",
    response=PreviewOut,
    url_name="program_fhir",
    summary="Who a program's FHIR export to a recipient would carry, and why (sends nothing)",
)
def program_preview(request: HttpRequest, program_id: UUID, query: Query[FhirIn]) -> dict[str, Any]:
    program = report_program(request.user, program_id, identified=True)
    return _previewed(request, query, program, lambda **ask: plan_program(program=program, **ask))


@router.post(
    "/programs/{program_id}/fhir",
    url_name="program_fhir",
    summary="One FHIR R4 Bundle of a program's consented participants (records disclosures)",
)
def program_fhir(request: HttpRequest, program_id: UUID, payload: FhirIn) -> HttpResponse:
    program = report_program(request.user, program_id, identified=True)
    result = export_program(
        actor=request.user,
        program=program,
        recipient=recipient_for(payload.recipient, payload.provider_class),
        purpose=payload.purpose,
    )
    return fhir_response(result, f"fhir-program-{program.public_id}.json")
