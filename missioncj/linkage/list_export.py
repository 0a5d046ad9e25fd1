"""The directory and the meetings list as files (`?format=csv|xlsx` on their pages): the same
rows the pages list (with the page's search and category), every page. Nothing about
participants is in them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase

from missioncj.core.exports import Table, columns, export_response
from missioncj.linkage.directory_reads import category_labels
from missioncj.linkage.models import Meeting, Service
from missioncj.programs.models import Program

SERVICE_COLUMNS = columns(
    ("id", "Service id"),
    ("organization", "Organization"),
    ("name", "Service"),
    ("categories", "Categories"),
    ("status", "Status"),
    ("free", "Free"),
    ("languages", "Languages"),
    ("url", "Web"),
    ("email", "E-mail"),
)
MEETING_COLUMNS = columns(
    ("id", "Meeting id"),
    ("name", "Meeting"),
    ("fellowship", "Fellowship"),
    ("weekday", "Day"),
    ("start", "Starts"),
    ("end", "Ends"),
    ("place", "Place"),
    ("address", "Address"),
    ("city", "City"),
    ("postal_code", "ZIP code"),
    ("online", "Online"),
    ("active", "Listed"),
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def directory_file(
    request: HttpRequest, program: Program, services: QuerySet[Service], fmt: str
) -> HttpResponseBase:
    rows = (
        (
            str(s.public_id),
            s.organization.name,
            s.name,
            ", ".join(category_labels(s.categories)),
            s.get_status_display(),
            "not known" if s.free is None else ("yes" if s.free else "no"),
            ", ".join(s.languages),
            s.url,
            s.email,
        )
        for s in services.select_related("organization").iterator(chunk_size=500)
    )
    return export_response(
        request,
        Table("Directory", SERVICE_COLUMNS, rows),
        fmt,
        program=program,
        name="linkage.directory",
        identified=False,
        participant_count=0,
    )


def meetings_file(
    request: HttpRequest, program: Program, meetings: QuerySet[Meeting], fmt: str
) -> HttpResponseBase:
    rows = (
        (
            str(m.public_id),
            m.name,
            m.get_fellowship_display(),
            DAYS[m.weekday],
            m.start_time,
            m.end_time,
            m.location_name,
            m.address,
            m.city,
            m.postal_code,
            m.conference_url,
            "yes" if m.active else "no",
        )
        for m in meetings.iterator(chunk_size=500)
    )
    return export_response(
        request,
        Table("Meetings", MEETING_COLUMNS, rows),
        fmt,
        program=program,
        name="linkage.meetings",
        identified=False,
        participant_count=0,
    )
