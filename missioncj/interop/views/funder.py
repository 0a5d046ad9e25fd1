"""The funder export page of a program: pick the interview (GPRA, SUPRT-A, SUPRT-C), the
period and which identifier is the client id, then download CSV or XLSX. Director and
supervisors only (the rows carry client ids)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from missioncj.core.exports import FORMATS, export_response
from missioncj.core.forms import DateInput
from missioncj.interop.funder import FUNDER_INSTRUMENTS, funder_rows
from missioncj.interop.models import ExportKind
from missioncj.outcomes.access import report_program
from missioncj.participants.models import IdentifierKind
from missioncj.programs.models import Program


class FunderExportForm(forms.Form):
    instrument = forms.ChoiceField(label="Interview", choices=list(FUNDER_INSTRUMENTS.items()))
    start = forms.DateField(label="Interviews from", widget=DateInput())
    end = forms.DateField(label="Interviews to", widget=DateInput())
    id_kind = forms.ChoiceField(
        label="Client id is the participant's",
        choices=IdentifierKind.choices,
        initial=IdentifierKind.OTHER,
        help_text="The identifier the program reports to the funder as its client id.",
    )
    format = forms.ChoiceField(
        label="File", choices=[("csv", "CSV"), ("xlsx", "Excel (XLSX)")], initial="csv"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            self.add_error("end", "The end of the period must not be before its start.")
        return data


def _initial(program: Program) -> dict[str, Any]:
    today = timezone.localdate(timezone.now(), program.zone)
    return {"start": today.replace(day=1), "end": today, "id_kind": "other", "format": "csv"}


@login_required
@require_GET
def funder_export(request: HttpRequest, program_id: UUID) -> HttpResponseBase:
    program = report_program(request.user, program_id, identified=True)
    asked = request.GET.get("format") in FORMATS
    form = FunderExportForm(request.GET if asked else None, initial=_initial(program))
    context: dict[str, Any] = {"program": program, "form": form}
    if not asked:
        return render(request, "interop/funder_export.html", context)
    if not form.is_valid():
        return render(request, "interop/funder_export.html", context, status=422)
    data = form.cleaned_data
    rows = funder_rows(
        request.user, program, data["instrument"], data["start"], data["end"], data["id_kind"]
    )
    return export_response(
        request,
        rows.table(),
        data["format"],
        program=program,
        name=f"funder.{data['instrument']}",
        identified=True,
        participant_count=rows.participant_count,
        kind=ExportKind.FUNDER,
    )


urlpatterns = [
    path("programs/<uuid:program_id>/funder-export/", funder_export, name="funder_export"),
]
