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
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_POST

from missioncj.court.models import Court, CourtCase, Seat
from missioncj.court.policies import visible_courts
from missioncj.court.services.docket_entries import record_docket_read
from missioncj.court.views.hearings import CourtDateConverter  # noqa: F401 - registers courtdate
from missioncj.participants.models import Participant
from missioncj.participants.policies import visible_participant
from missioncj.privacy.decisions import Recipient
from missioncj.privacy.models import Purpose
from missioncj.privacy.packets import PacketResult, build_packet, plan_packet, print_for_recipient
from missioncj.privacy.policies import visible_episodes

SEAT_CHOICES = [("", "The whole court team"), *Seat.choices]


def pdf_response(result: PacketResult, filename: str) -> HttpResponse:
    response = HttpResponse(result.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def messages_of(exc: ValidationError) -> list[str]:
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
        problem = messages_of(exc)
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
        return _page(request, court, day, seat, messages_of(exc), 400)
    return pdf_response(result, f"staffing-packet-{day.isoformat()}.pdf")


def case_courts(user: Any, participant: Participant) -> QuerySet[Court]:
    """The courts of the participant's own cases (on episodes the user sees): a print goes to
    a court that hears the person's case, not to any court the user may see."""
    cases = CourtCase.objects.filter(
        participant=participant, episode__in=visible_episodes(user, participant)
    )
    return visible_courts(user).filter(pk__in=cases.values("court_id")).order_by("name")


class PrintForm(forms.Form):
    recipient = forms.ChoiceField(
        label="Recipient",
        choices=[
            ("court", "A court's team, or one seat there"),
            ("party", "A named outside party"),
        ],
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

    def __init__(self, *args: Any, user: Any, participant: Participant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = case_courts(user, participant)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("recipient") == "court" and not data.get("court"):
            self.add_error("court", "Choose the court.")
        if data.get("recipient") == "party" and not (data.get("party") or "").strip():
            self.add_error("party", "Write the name as it reads on the consent.")
        return data

    def court_value(self) -> Court | None:
        return self.cleaned_data["court"] if self.cleaned_data["recipient"] == "court" else None

    def recipient_value(self) -> Recipient:
        data = self.cleaned_data
        if data["recipient"] == "court":
            return Recipient.for_court(data["court"], data.get("seat") or "")
        return Recipient.for_party(data["party"])


@login_required
def print_page(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    form = PrintForm(request.POST or None, user=request.user, participant=participant)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = print_for_recipient(
                    actor=request.user,
                    participant=participant,
                    recipient=form.recipient_value(),
                    purpose=form.cleaned_data["purpose"],
                    court=form.court_value(),
                )
            except ValidationError as exc:
                form.add_error(None, messages_of(exc))
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
