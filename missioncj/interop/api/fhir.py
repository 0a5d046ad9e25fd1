"""FHIR export over the API: POST a recipient (a name, or the TPO provider class) and a
purpose, get the Bundle back (`application/fhir+json`). A download is a disclosure (one record
per participant carried). Out of scope is a 404; a bad recipient or purpose, or nothing
granted, is a 422 with the reason, and nothing is recorded.

    POST /participants/{participant_id}/fhir
    POST /programs/{program_id}/fhir
"""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from missioncj.interop.fhir.export import export_participant, export_program, recipient_for
from missioncj.interop.views.fhir import fhir_response
from missioncj.outcomes.access import report_program
from missioncj.participants.policies import visible_participant

PREFIX = ""
router = Router(tags=["interop"])


class FhirIn(Schema):
    recipient: str = ""
    provider_class: bool = False
    purpose: str


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
