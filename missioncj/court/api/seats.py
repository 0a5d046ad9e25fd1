"""Court partners' seats over the JSON API: list a court's seats, seat a partner, end a seat.
The program's director or supervisor only; any other caller gets a 404. A refused write
answers 422 naming the problem and changes nothing."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import Field

from missioncj.accounts.scope import scope_of
from missioncj.court.models import Court, CourtSeat, Seat
from missioncj.court.services.seats import assign_seat, end_seat
from missioncj.court.views.seats import partners_of

PREFIX = ""
router = Router(tags=["court"])


class SeatOut(Schema):
    id: UUID
    court: UUID
    court_name: str
    user: str = Field(description="the partner's username")
    name: str
    seat: str
    seat_label: str
    active: bool


class SeatIn(Schema):
    user: str = Field(description="username of a court partner of the court's program")
    seat: Seat


def _out(seat: CourtSeat) -> dict[str, Any]:
    return {
        "id": seat.public_id,
        "court": seat.court.public_id,
        "court_name": seat.court.name,
        "user": seat.user.username,
        "name": str(seat.user),
        "seat": seat.seat,
        "seat_label": seat.get_seat_display(),
        "active": seat.active,
    }


def _court(request: HttpRequest, court_id: UUID) -> Court:
    return get_object_or_404(
        Court.objects.filter(program_id__in=scope_of(request.user).program_ids),
        public_id=court_id,
    )


@router.get(
    "/courts/{court_id}/seats",
    response=list[SeatOut],
    summary="A court's seats (judge, coordinator, probation …), active first",
    url_name="court_seats",
)
def list_seats(request: HttpRequest, court_id: UUID) -> list[dict[str, Any]]:
    court = _court(request, court_id)
    rows = CourtSeat.objects.filter(court=court).select_related("user", "court")
    return [_out(s) for s in rows.order_by("-active", "seat", "pk")]


@router.post(
    "/courts/{court_id}/seats",
    response={201: SeatOut},
    summary="Seat a court partner at this court in a role",
    url_name="court_seat_create",
)
def create_seat(request: HttpRequest, court_id: UUID, payload: SeatIn) -> dict[str, Any]:
    court = _court(request, court_id)
    user = partners_of(court).filter(username=payload.user).first()
    if user is None:
        raise ValidationError({"user": "Name a court partner of this program by username."})
    return _out(assign_seat(actor=request.user, court=court, user=user, seat=payload.seat))


@router.post(
    "/court-seats/{seat_id}/end",
    response=SeatOut,
    summary="End a seat: the partner stops seeing what it let them see",
    url_name="court_seat_end",
)
def end(request: HttpRequest, seat_id: UUID) -> dict[str, Any]:
    seat = get_object_or_404(
        CourtSeat.objects.filter(court__program_id__in=scope_of(request.user).program_ids),
        public_id=seat_id,
    )
    return _out(end_seat(actor=request.user, seat=seat))
