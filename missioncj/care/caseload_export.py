"""The caseload as a file (`?format=csv|xlsx` on the caseload page): every open episode the
user may see — the page's own queryset, all pages — one row each."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase

from missioncj.core.exports import Table, columns, export_response
from missioncj.participants.models import Episode
from missioncj.programs.models import Program

COLUMNS = columns(
    ("participant_id", "Participant id"),
    ("name", "Name"),
    ("program", "Program"),
    ("team", "Team"),
    ("status", "Status"),
    ("referral_date", "Referral date"),
    ("enrolled_date", "Enrolled date"),
    ("last_contact", "Last contact"),
    ("recent_contacts", "Contacts (30 days)"),
)


def _rows(episodes: QuerySet[Episode]) -> Iterator[dict[str, Any]]:
    for episode in episodes.iterator(chunk_size=500):
        yield {
            "participant_id": str(episode.participant.public_id),
            "name": episode.participant.display_name,
            "program": episode.program.name,
            "team": episode.team.name if episode.team else "",
            "status": episode.get_status_display(),
            "referral_date": episode.referral_date,
            "enrolled_date": episode.enrolled_date,
            "last_contact": episode.last_contact,  # type: ignore[attr-defined]
            "recent_contacts": episode.recent_contacts,  # type: ignore[attr-defined]
        }


def caseload_file(request: HttpRequest, episodes: QuerySet[Episode], fmt: str) -> HttpResponseBase:
    programs = set(Program.objects.filter(pk__in=episodes.values("program_id")))
    return export_response(
        request,
        Table("Caseload", COLUMNS, _rows(episodes)),
        fmt,
        program=programs.pop() if len(programs) == 1 else None,
        name="care.caseload",
        identified=True,
        participant_count=episodes.values("participant").distinct().count(),
    )
