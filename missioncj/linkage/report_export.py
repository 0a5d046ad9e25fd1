"""The program referral report as a file (`?format=csv|xlsx` on the report page): the same
report the page shows (the read choke point), one row per referral."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponseBase

from missioncj.core.exports import Table, columns, export_response
from missioncj.linkage.report import ProgramReport

COLUMNS = columns(
    ("referral_id", "Referral id"),
    ("participant_id", "Participant id"),
    ("name", "Name"),
    ("need", "Need"),
    ("place", "Service or place"),
    ("status", "Status"),
    ("referred_on", "Referred on"),
    ("status_on", "Status since"),
    ("first_attended_on", "First attended on"),
    ("days_to_attendance", "Days to first attendance"),
    ("days_in_status", "Days in status"),
    ("stuck_since", "Stuck since"),
)


def _rows(report: ProgramReport) -> Iterator[dict[str, Any]]:
    for group in report.groups:
        for row in group.rows:
            referral = row.referral
            yield {
                "referral_id": str(referral.public_id),
                "participant_id": str(referral.participant.public_id),
                "name": referral.participant.display_name,
                "need": referral.get_need_display(),
                "place": referral.service.name if referral.service else referral.place_name,
                "status": group.label,
                "referred_on": referral.referred_on,
                "status_on": referral.status_on,
                "first_attended_on": referral.first_attended_on,
                "days_to_attendance": row.days_to_attendance,
                "days_in_status": row.days_in_status,
                "stuck_since": row.stuck_since,
            }


def report_file(request: HttpRequest, report: ProgramReport, fmt: str) -> HttpResponseBase:
    people = {r.referral.participant_id for g in report.groups for r in g.rows}
    return export_response(
        request,
        Table("Referrals", COLUMNS, _rows(report)),
        fmt,
        program=report.program,
        name="linkage.referrals",
        identified=True,
        participant_count=len(people),
    )
