"""FHIR export pages: on a participant (director, supervisor and the participant's team) and
for a whole program (director and supervisor). The form names the recipient and purpose; a
GET with them filled in shows what the privacy decision grants before anything is sent, and
the POST downloads the Bundle (`application/fhir+json`) — a download is a disclosure, so never
a GET. Out of scope is a 404; bad input or nothing granted is a 422 with the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from missioncj.interop.fhir.export import (
    FhirExport,
    FhirPlan,
    export_participant,
    export_program,
    plan_participant,
    plan_program,
    recipient_for,
    record_preview,
)
from missioncj.outcomes.access import report_program
from missioncj.participants.models import Participant
from missioncj.participants.policies import visible_participant
from missioncj.privacy.decisions import Recipient
from missioncj.privacy.models import Purpose
from missioncj.programs.models import Program

CONTENT_TYPE = "application/fhir+json"


class FhirForm(forms.Form):
    recipient = forms.CharField(
        max_length=200,
        required=False,
        label="Recipient",
        help_text="The outside person or organisation, as named on the consent.",
    )
    provider_class = forms.BooleanField(
        required=False,
        label="The recipient is a treating provider, payer or program operations (TPO class)",
    )
    purpose = forms.ChoiceField(choices=Purpose.choices, label="Purpose")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["to"] = recipient_for(data.get("recipient", ""), data.get("provider_class", False))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field, errors)
        return data

    def recipient_value(self) -> Recipient:
        to: Recipient = self.cleaned_data["to"]
        return to


def fhir_response(result: FhirExport, filename: str) -> HttpResponse:
    response = HttpResponse(result.content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for errors in exc.message_dict.values() for m in errors]
    return list(exc.messages)


def _page(
    request: HttpRequest,
    form: FhirForm,
    plan: FhirPlan | None,
    *,
    participant: Participant | None = None,
    program: Program | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "plan": plan, "participant": participant, "program": program}
    return render(request, "interop/fhir.html", context, status=status)


def _preview(request: HttpRequest, form: FhirForm, planner: Any, subject: Any) -> FhirPlan | None:
    """What the decision grants for the recipient and purpose on the form, when filled in."""
    if not form.is_bound or not form.is_valid():
        return None
    plan: FhirPlan = planner(form.recipient_value(), form.cleaned_data["purpose"])
    record_preview(actor=request.user, plan=plan, subject=subject)
    return plan


def _status(form: FhirForm) -> int:
    return 422 if form.is_bound and form.errors else 200


def _fhir_page(
    request: HttpRequest,
    subject: Any,
    planner: Callable[[Recipient, str], FhirPlan],
    exporter: Callable[[Recipient, str], Any],
    filename: str,
    **where: Any,
) -> HttpResponse:
    """The one shape of both FHIR pages: GET previews what the decision grants, POST exports."""
    if request.method != "POST":
        form = FhirForm(request.GET or None)
        plan = _preview(request, form, planner, subject)
        return _page(request, form, plan, status=_status(form), **where)
    form = FhirForm(request.POST)
    if form.is_valid():
        try:
            result = exporter(form.recipient_value(), form.cleaned_data["purpose"])
        except ValidationError as exc:
            form.add_error(None, _messages(exc))
        else:
            return fhir_response(result, filename)
    return _page(request, form, None, status=422, **where)


@login_required
def participant_fhir(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    actor = request.user
    return _fhir_page(
        request,
        participant,
        lambda to, why: plan_participant(
            actor=actor, participant=participant, recipient=to, purpose=why
        ),
        lambda to, why: export_participant(
            actor=actor, participant=participant, recipient=to, purpose=why
        ),
        f"fhir-{participant.public_id}.json",
        participant=participant,
    )


@login_required
def program_fhir(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = report_program(request.user, program_id, identified=True)
    actor = request.user
    return _fhir_page(
        request,
        program,
        lambda to, why: plan_program(actor=actor, program=program, recipient=to, purpose=why),
        lambda to, why: export_program(actor=actor, program=program, recipient=to, purpose=why),
        f"fhir-program-{program.public_id}.json",
        program=program,
    )


urlpatterns = [
    path("participants/<uuid:public_id>/fhir/", participant_fhir, name="participant_fhir"),
    path("programs/<uuid:program_id>/fhir/", program_fhir, name="program_fhir"),
]
