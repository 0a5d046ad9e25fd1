"""A court's docket for one day as a file (`?format=csv|xlsx` on the docket page): the same
entries the page shows (the read choke point), one row per participant and hearing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponseBase

from missioncj.core.exports import Table, columns, export_response
from missioncj.court.docket import DocketHearing
from missioncj.court.models import Court

COLUMNS = columns(
    ("date", "Date"),
    ("time", "Time"),
    ("hearing", "Hearing"),
    ("room", "Room"),
    ("participant_id", "Participant id"),
    ("name", "Name"),
    ("docket_number", "Case docket number"),
    ("appearance", "Appearance"),
    ("outcome", "Outcome"),
    ("next_date", "Next date"),
)


def _rows(day: dt.date, hearings: list[DocketHearing]) -> Iterator[dict[str, Any]]:
    for item in hearings:
        hearing = item.hearing
        for entry in item.entries:
            yield {
                "date": day,
                "time": hearing.local_time.strftime("%H:%M"),
                "hearing": hearing.get_kind_display(),
                "room": hearing.room,
                "participant_id": str(entry.participant.public_id),
                "name": entry.participant.display_name,
                "docket_number": entry.case.docket_number if entry.case else "",
                "appearance": entry.get_appearance_display(),
                "outcome": entry.outcome,
                "next_date": entry.next_date,
            }


def docket_file(
    request: HttpRequest, court: Court, day: dt.date, hearings: list[DocketHearing], fmt: str
) -> HttpResponseBase:
    people = {e.participant_id for h in hearings for e in h.entries}
    return export_response(
        request,
        Table(f"Docket {day.isoformat()}", COLUMNS, _rows(day, hearings)),
        fmt,
        program=court.program,
        name="court.docket",
        identified=True,
        participant_count=len(people),
    )


CALENDAR_COLUMNS = columns(
    ("id", "Hearing id"),
    ("date", "Date"),
    ("time", "Time"),
    ("kind", "Kind"),
    ("status", "Status"),
    ("room", "Room"),
    ("on_docket", "Your participants on the docket"),
)


def calendar_file(
    request: HttpRequest, court: Court, hearings: list[Any], fmt: str
) -> HttpResponseBase:
    """The court's calendar from today (the page's hearings) as a file; no names, only how
    many of the user's participants are on each docket."""
    rows = (
        (
            str(h.public_id),
            h.local_date,
            h.local_time,
            h.get_kind_display(),
            h.get_status_display(),
            h.room,
            h.on_docket,
        )
        for h in hearings
    )
    return export_response(
        request,
        Table("Calendar", CALENDAR_COLUMNS, rows),
        fmt,
        program=court.program,
        name="court.calendar",
        identified=False,
        participant_count=0,
    )
