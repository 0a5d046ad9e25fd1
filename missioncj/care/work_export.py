"""The work queue as a file (`?format=csv|xlsx` on the work-queue page): the same alerts the
page shows (the user's visible episodes), one row each."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponseBase

from missioncj.care.alerts import Alert
from missioncj.core.exports import Table, columns, export_response

COLUMNS = columns(
    ("participant_id", "Participant id"),
    ("name", "Name"),
    ("program", "Program"),
    ("team", "Team"),
    ("kind", "What"),
    ("message", "Detail"),
    ("due", "Due"),
)


def work_queue_file(request: HttpRequest, alerts: Sequence[Alert], fmt: str) -> HttpResponseBase:
    rows = (
        (
            str(a.participant.public_id),
            a.participant.display_name,
            a.episode.program.name,
            a.team_name,
            a.label,
            a.message,
            a.due,
        )
        for a in alerts
    )
    programs = {a.episode.program_id for a in alerts}
    return export_response(
        request,
        Table("Work queue", COLUMNS, rows),
        fmt,
        program=alerts[0].episode.program if len(programs) == 1 and alerts else None,
        name="care.work_queue",
        identified=True,
        participant_count=len({a.participant.pk for a in alerts}),
    )
