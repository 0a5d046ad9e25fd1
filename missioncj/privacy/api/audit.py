"""The audit report over the JSON API: `GET /audit-events?period=&month=|from=&to=&participant=
&actor=&kind=&action=&order=&after=|before=&limit=`, the page's filters and keyset cursor (`next` /
`previous` are event hashes to pass back as `after` / `before`). Same readers and the same rows
as the page (`audit_report`); a bad value is a 422 naming it; each reading is audited
(`api.audit.report`)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from missioncj.privacy.audit_report.filters import QUERY_NAMES, ReportForm, form_data, resolve
from missioncj.privacy.audit_report.query import PAGE_SIZE, page
from missioncj.privacy.audit_report.rows import record_reading, shape
from missioncj.privacy.audit_report.scope import reader_for

PREFIX = ""
router = Router(tags=["audit report"])
MAX_LIMIT = 500


class AuditEventOut(Schema):
    event: str
    occurred_at: dt.datetime
    kind: str
    kind_label: str
    action: str
    actor: str
    actor_name: str
    participant: UUID | None
    participant_name: str
    participant_state: str
    subject_type: str
    subject_id: str
    request_id: str
    contents: bool
    before: Any = None
    after: Any = None


class AuditPage(Schema):
    start: dt.date
    end: dt.date
    time_zone: str
    order: str
    count: int
    next: str | None
    previous: str | None
    items: list[AuditEventOut]


def page_size(request: HttpRequest) -> int:
    text = request.GET.get("limit", "")
    if not text:
        return PAGE_SIZE
    if not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
        raise ValidationError({"limit": f"The limit is a whole number from 1 to {MAX_LIMIT}."})
    return int(text)


@router.get(
    "/audit-events",
    response=AuditPage,
    summary="Audit report: events for a period (month=YYYY-MM or from/to=YYYY-MM-DD), filtered "
    "by participant, actor (username), kind, action; order newest|oldest; keyset cursor "
    "after/before = an event hash from next/previous; limit 1-500",
    url_name="audit_events",
)
def audit_events(request: HttpRequest) -> dict[str, Any]:
    reader = reader_for(request.user)
    if reader is None:
        raise Http404("Not available for your role")
    data = form_data(request.GET)
    data.pop("limit", None)
    size = page_size(request)
    form = ReportForm(data)
    today = timezone.localtime(timezone.now(), reader.zone).date()
    question = resolve(form, reader, today)
    if question is None:
        raise ValidationError(
            {QUERY_NAMES.get(f, f): list(errors) for f, errors in form.errors.items()}
        )
    found = page(reader, question, size)
    rows = shape(reader, found.events)
    record_reading(reader, question, action="api.audit.report", shown=rows)
    return {
        "start": question.start,
        "end": question.end,
        "time_zone": str(reader.zone),
        "order": question.order,
        "count": len(rows),
        "next": found.next,
        "previous": found.previous,
        "items": rows,
    }
