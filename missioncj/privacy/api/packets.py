"""Staffing packets over the API: POST a court's date (and optionally one participant or one
seat) and get the PDF back. A download is a disclosure (one record per participant included).
Out of scope is a 404; bad input is a 422 naming the problem, and nothing is recorded."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from missioncj.court.policies import visible_courts
from missioncj.privacy.packets import build_packet
from missioncj.privacy.views.packets import court_recipient, packet_participant, pdf_response

PREFIX = ""
router = Router(tags=["privacy"])


class PacketIn(Schema):
    date: str
    participant: str = ""
    seat: str = ""


def parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError({"date": "Write the date as YYYY-MM-DD, e.g. 2026-11-05."}) from None


@router.post("/courts/{court_id}/packets", url_name="court_packet")
def court_packet(request: HttpRequest, court_id: UUID, payload: PacketIn) -> HttpResponse:
    court = get_object_or_404(visible_courts(request.user), public_id=court_id)
    day = parse_day(payload.date)
    person = packet_participant(court, payload.participant)
    result = build_packet(
        actor=request.user,
        court=court,
        day=day,
        recipient=court_recipient(court, payload.seat),
        participants=[person] if person else None,
    )
    return pdf_response(result, f"staffing-packet-{day.isoformat()}.pdf")
