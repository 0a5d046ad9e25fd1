"""The follow-up report as a file (`?format=csv|xlsx` on the report page): every follow-up
coming due, open, overdue or missed, from the same report the page shows (the read choke
point), one row per participant and timepoint."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponseBase

from missioncj.assessments.schedules import FollowUpReport, Occurrence
from missioncj.core.exports import Table, columns, export_response
from missioncj.programs.models import Program

COLUMNS = columns(
    ("participant_id", "Participant id"),
    ("name", "Name"),
    ("team", "Team"),
    ("schedule", "Schedule"),
    ("timepoint", "Timepoint"),
    ("state", "State"),
    ("opens", "Window opens"),
    ("due", "Due"),
    ("closes", "Window closes"),
    ("missing", "Instruments still to give"),
)


def _rows(occurrences: list[Occurrence]) -> Iterator[dict[str, Any]]:
    for o in occurrences:
        episode = o.episode
        yield {
            "participant_id": str(episode.participant.public_id),
            "name": episode.participant.display_name,
            "team": episode.team.name if episode.team else "",
            "schedule": o.schedule.name,
            "timepoint": o.label,
            "state": o.state_label,
            "opens": o.window.opens if o.window else None,
            "due": o.window.due if o.window else None,
            "closes": o.window.closes if o.window else None,
            "missing": "; ".join(i.code for i in o.missing),
        }


def follow_up_file(
    request: HttpRequest, program: Program, report: FollowUpReport, fmt: str
) -> HttpResponseBase:
    occurrences = report.coming + report.missed
    return export_response(
        request,
        Table("Follow-up", COLUMNS, _rows(occurrences)),
        fmt,
        program=program,
        name="assessments.follow_up",
        identified=True,
        participant_count=len({o.episode.participant_id for o in occurrences}),
    )
