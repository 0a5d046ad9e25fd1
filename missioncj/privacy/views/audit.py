"""The audit report page (`/privacy/audit/`): who did what to which record, when, for a period,
filtered and a page at a time; `?format=csv|xlsx` downloads every row the filters answer.
Directors and supervisors read their programs' events, the system administrator every event
without names or contents (`audit_report.scope`); everyone else gets a 404. Each reading is an
audit event (`audit.report`, `audit.report.csv`, `audit.report.xlsx`)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from missioncj.core.exports import Table, export_response, wanted_format
from missioncj.privacy.audit_report.filters import (
    NEWEST,
    OLDEST,
    Question,
    ReportForm,
    form_data,
    resolve,
)
from missioncj.privacy.audit_report.query import page
from missioncj.privacy.audit_report.rows import COLUMNS, FileRows, record_reading, shape
from missioncj.privacy.audit_report.scope import Reader, reader_for, sight
from missioncj.programs.models import Program

TEMPLATE = "privacy/audit/report.html"


def reader_or_404(request: HttpRequest) -> Reader:
    reader = reader_for(request.user)
    if reader is None:
        raise Http404("Not available for your role")
    return reader


def staff_usernames(reader: Reader) -> list[str]:
    """Suggestions for the staff-member field: the people of the reader's programs."""
    if not reader.program_ids:
        return []
    users = get_user_model().objects.filter(memberships__program_id__in=reader.program_ids)
    return list(users.order_by("username").values_list("username", flat=True).distinct())


def about(reader: Reader, question: Question) -> dict[str, Any] | None:
    """How the participant a report is filtered to may be named in its heading."""
    if question.participant is None:
        return None
    public_id = question.participant.public_id
    seen = sight(reader, [public_id])
    state = seen.state(reader, public_id)
    return {"public_id": public_id, "state": state, "name": seen.names.get(public_id, "")}


def shown_form(form: ReportForm, question: Question) -> ReportForm:
    """The filters as answered: the period filled in (the default one too)."""
    data = dict(form.data)
    if question.month:
        data |= {"month": question.month.strftime("%Y-%m"), "start": "", "end": ""}
    else:
        data |= {"month": "", "start": question.start.isoformat(), "end": question.end.isoformat()}
    return ReportForm(data)


def pretty(value: Any) -> str:
    return "" if value is None else json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


@login_required
@require_GET
def audit_report(request: HttpRequest) -> HttpResponseBase:
    reader = reader_or_404(request)
    form = ReportForm(form_data(request.GET))
    today = timezone.localtime(timezone.now(), reader.zone).date()
    question = resolve(form, reader, today)
    context: dict[str, Any] = {
        "form": form,
        "reader": reader,
        "zone_name": str(reader.zone),
        "staff": staff_usernames(reader),
    }
    if question is None:
        asked = form.data.get("period")
        context["period"] = asked or ("month" if form.data.get("month") else "days")
        return render(request, TEMPLATE, context, status=422)
    fmt = wanted_format(request)
    if fmt:
        return download(request, reader, question, fmt)
    found = page(reader, question)
    rows = shape(reader, found.events)
    record_reading(reader, question, action="audit.report", shown=rows)
    for r in rows:
        r["before_text"], r["after_text"] = pretty(r["before"]), pretty(r["after"])
    context |= {
        "form": shown_form(form, question),
        "period": "month" if question.month else "days",
        "question": question,
        "rows": rows,
        "about": about(reader, question),
        "next_query": question.query(after=found.next) if found.next else "",
        "previous_query": question.query(before=found.previous) if found.previous else "",
        "first_query": question.query() if question.cursor else "",
        "newest_query": question.query(order=NEWEST),
        "oldest_query": question.query(order=OLDEST),
        "csv_query": question.query(format="csv"),
        "xlsx_query": question.query(format="xlsx"),
    }
    return render(request, TEMPLATE, context)


def download(
    request: HttpRequest, reader: Reader, question: Question, fmt: str
) -> HttpResponseBase:
    """Every row the question answers (not only a page), written as it is read."""
    record_reading(reader, question, action=f"audit.report.{fmt}")
    rows = FileRows(reader, question)
    programs = list(Program.objects.filter(pk__in=reader.program_ids)[:2])
    with timezone.override(reader.zone):  # times in the file as on the page
        return export_response(
            request,
            Table("audit events", COLUMNS, rows),
            fmt,
            program=programs[0] if len(programs) == 1 else None,
            name="privacy.audit_report",
            identified=reader.may_name,
            participant_count=rows.participant_count,
        )


urlpatterns = [path("privacy/audit/", audit_report, name="audit_report")]
