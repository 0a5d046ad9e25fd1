"""The de-identified research extract of a program, as a zip download, for the program's
director and supervisors and its evaluators (`outcomes.access.report_program`). It is the only
participant-level file an evaluator can get."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from missioncj.interop.deidentify import write_extract
from missioncj.interop.models import ExportKind
from missioncj.interop.tables import send, spool
from missioncj.outcomes.access import program_episodes, report_program
from missioncj.programs.models import Program

NAME = "research.extract"


def extract_response(request: HttpRequest, program: Program) -> HttpResponseBase:
    episodes = program_episodes(request.user, program)
    counts: dict[str, int] = {}

    def write(out: object) -> int:
        counts["people"], rows = write_extract(program, episodes, out)
        return rows

    written = spool(write)
    stamp = timezone.localdate(timezone.now(), program.zone).isoformat()
    return send(
        request,
        written,
        fmt="zip",
        filename=f"research-extract-{stamp}.zip",
        program=program,
        kind=ExportKind.DEIDENTIFIED,
        name=NAME,
        identified=False,
        participant_count=counts["people"],
    )


@login_required
@require_GET
def research_extract(request: HttpRequest, program_id: UUID) -> HttpResponseBase:
    return extract_response(request, report_program(request.user, program_id))


urlpatterns = [
    path(
        "programs/<uuid:program_id>/research-extract.zip",
        research_extract,
        name="research_extract",
    ),
]
