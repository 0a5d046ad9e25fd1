"""`GET /api/v1/programs/{program_id}/extract`: the de-identified research extract (zip), for
the program's director, supervisors and evaluators; anyone else gets a 404."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponseBase
from ninja import Router

from missioncj.interop.views.extract import extract_response
from missioncj.outcomes.access import report_program

PREFIX = ""
router = Router(tags=["exports"])


@router.get(
    "/programs/{program_id}/extract",
    summary="The de-identified research extract of a program (a zip of CSV files)",
    url_name="research_extract",
    openapi_extra={"responses": {200: {"description": "zip", "content": {"application/zip": {}}}}},
)
def extract(request: HttpRequest, program_id: UUID) -> HttpResponseBase:
    return extract_response(request, report_program(request.user, program_id))
