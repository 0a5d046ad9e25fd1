"""Staffing-packet pages for program staff: the docket of a court's date with who goes into the
packet and who is left out (and why), and a POST to download it — a download is a disclosure,
so never a GET. "Print for a recipient" on one participant builds the same PDF (channel PRINT).

Courts come from `visible_courts` (court partners and other programs get a 404); the docket
shows only the entries the reader may see."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_POST

from missioncj.court.models import Court, Seat
from missioncj.court.policies import visible_courts
from missioncj.court.services.docket_entries import record_docket_read
from missioncj.court.views.hearings import CourtDateConverter  # noqa: F401 - registers courtdate
from missioncj.participants.models import Participant
from missioncj.participants.policies import visible_participant
from missioncj.privacy.decisions import Recipient
from missioncj.privacy.models import Purpose
from missioncj.privacy.packets import PacketResult, build_packet, plan_packet, print_for_recipient

SEAT_CHOICES = [("", "The whole court team"), *Seat.choices]


def pdf_response(result: PacketResult, filename: str) -> HttpResponse:
    response = HttpResponse(result.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for errors in exc.message_dict.values() for m in errors]
    return list(exc.messages)


def court_recipient(court: Court, seat: str) -> Recipient:
    if seat and seat not in Seat.values:
        raise ValidationError({"seat": "Choose a seat at the court from the list."})
    return Recipient.for_court(court, seat)


def packet_participant(court: Court, value: str) -> Participant | None:
    """The participant a one-person packet is for (checked against the docket later)."""
    if not value:
        return None
    try:
        public_id = UUID(str(value))
    except ValueError:
        raise ValidationError({"participant": "That participant is not on this docket."}) from None
    found = Participant.objects.filter(public_id=public_id).first()
    if found is None:
        raise ValidationError({"participant": "That participant is not on this docket."})
    return found


def _court(request: HttpRequest, court_id: UUID) -> Court:
    return get_object_or_404(visible_courts(request.user), public_id=court_id)


def _page(
    request: HttpRequest, court: Court, day: dt.date, seat: str, errors: list[str], status: int
) -> HttpResponse:
    plan, problem = None, []
    try:
        plan = plan_packet(
            actor=request.user, court=court, day=day, recipient=court_recipient(court, seat)
        )
    except ValidationError as exc:
        problem = _messages(exc)
    if plan is not None:
        shown = [i.participant for i in plan.included] + [o.participant for o in plan.left_out]
        record_docket_read(
            actor=request.user, court=court, day=day, shown=shown, action="packet.plan"
        )
    context: dict[str, Any] = {
        "court": court,
        "day": day,
        "seat": seat,
        "seats": SEAT_CHOICES,
        "plan": plan,
        "problems": problem,
        "errors": errors,
    }
    return render(request, "privacy/packets/page.html", context, status=status)


@login_required
def packet_page(request: HttpRequest, court_id: UUID, day: dt.date) -> HttpResponse:
    court = _court(request, court_id)
    return _page(request, court, day, request.GET.get("seat", ""), [], 200)


@login_required
@require_POST
def packet_download(request: HttpRequest, court_id: UUID, day: dt.date) -> HttpResponse:
    court = _court(request, court_id)
    seat = request.POST.get("seat", "")
    try:
        person = packet_participant(court, request.POST.get("participant", ""))
        result = build_packet(
            actor=request.user,
            court=court,
            day=day,
            recipient=court_recipient(court, seat),
            participants=[person] if person else None,
        )
    except ValidationError as exc:
        return _page(request, court, day, seat, _messages(exc), 400)
    return pdf_response(result, f"staffing-packet-{day.isoformat()}.pdf")


class PrintForm(forms.Form):
    recipient = forms.ChoiceField(
        label="Recipient",
        choices=[("court", "A court's team, or one seat there"), ("party", "A named outside party")],
    )
    court = forms.ModelChoiceField(
        queryset=Court.objects.none(),
        required=False,
        to_field_name="public_id",
        label="Court",
    )
    seat = forms.ChoiceField(choices=SEAT_CHOICES, required=False, label="Seat at the court")
    party = forms.CharField(max_length=200, required=False, label="Name of the outside party")
    purpose = forms.ChoiceField(choices=Purpose.choices, label="Purpose")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = visible_courts(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("recipient") == "court" and not data.get("court"):
            self.add_error("court", "Choose the court.")
        if data.get("recipient") == "party" and not (data.get("party") or "").strip():
            self.add_error("party", "Write the name as it reads on the consent.")
        return data

    def recipient_value(self) -> Recipient:
        data = self.cleaned_data
        if data["recipient"] == "court":
            return Recipient.for_court(data["court"], data.get("seat") or "")
        return Recipient.for_party(data["party"])


@login_required
def print_page(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    form = PrintForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = print_for_recipient(
                    actor=request.user,
                    participant=participant,
                    recipient=form.recipient_value(),
                    purpose=form.cleaned_data["purpose"],
                )
            except ValidationError as exc:
                form.add_error(None, _messages(exc))
            else:
                return pdf_response(result, f"record-{participant.public_id}.pdf")
        status = 400
    return render(
        request,
        "privacy/packets/print.html",
        {"participant": participant, "form": form},
        status=status,
    )


urlpatterns = [
    path("courts/<uuid:court_id>/packets/<courtdate:day>/", packet_page, name="packet"),
    path(
        "courts/<uuid:court_id>/packets/<courtdate:day>/download/",
        packet_download,
        name="packet_download",
    ),
    path("participants/<uuid:public_id>/print/", print_page, name="print"),
]
