"""Seating court partners at a court (judge, coordinator, probation …) and ending a seat: the
program's director or supervisor only; anyone else gets a 404, as for any program page. The
seat is what a consent can name, so ending it ends what the partner sees on the next request."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from missioncj.accounts.models import Membership, Role, User
from missioncj.accounts.scope import scope_of
from missioncj.core.forms import submit
from missioncj.court.models import Court, CourtSeat, Seat
from missioncj.court.services.seats import assign_seat, end_seat


def partners_of(court: Court) -> QuerySet[User]:
    """Users who hold the court-partner role in the court's program (the only ones seatable)."""
    ids = Membership.objects.filter(
        program_id=court.program_id, role=Role.COURT_PARTNER, active=True
    ).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("display_name", "username")


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.username})"


class SeatForm(forms.Form):
    user = PartnerChoiceField(
        queryset=User.objects.none(),
        to_field_name="username",
        label="Court partner",
        error_messages={
            "invalid_choice": "Choose a court partner of this program from the list.",
            "required": "Choose the court partner to seat.",
        },
    )
    seat = forms.ChoiceField(
        choices=Seat.choices,
        label="Role at the court",
        error_messages={"invalid_choice": "Choose the role at the court from the list."},
    )

    def __init__(self, *args: Any, court: Court, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = partners_of(court)  # type: ignore[attr-defined]


def seats_url(court: Court) -> str:
    return reverse("court:seats", args=[court.program.public_id, court.public_id])


def configurable_court(user: Any, program_id: UUID, court_id: UUID) -> Court:
    return get_object_or_404(
        Court.objects.filter(program_id__in=scope_of(user).program_ids).select_related("program"),
        program__public_id=program_id,
        public_id=court_id,
    )


@login_required
def seats(request: HttpRequest, program_id: UUID, court_id: UUID) -> HttpResponse:
    court = configurable_court(request.user, program_id, court_id)
    form = SeatForm(request.POST or None, court=court)
    done = submit(
        request,
        form,
        lambda data: assign_seat(actor=request.user, court=court, **data),
        done=lambda s: f"{s.user} seated as {s.get_seat_display().lower()} at {court.name}.",
        then=seats_url(court),
    )
    if done is not None:
        return done
    rows = CourtSeat.objects.filter(court=court).select_related("user").order_by("-active", "seat")
    context = {
        "court": court,
        "program": court.program,
        "seats": rows,
        "form": form,
        "has_partners": partners_of(court).exists(),
    }
    return render(request, "court/seats.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def seat_end(request: HttpRequest, program_id: UUID, court_id: UUID, seat_id: UUID) -> HttpResponse:
    court = configurable_court(request.user, program_id, court_id)
    seat = get_object_or_404(CourtSeat.objects.filter(court=court), public_id=seat_id)
    try:
        end_seat(actor=request.user, seat=seat)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"{seat.user} no longer sits as {seat.get_seat_display().lower()}."
        )
    return redirect(seats_url(court))


urlpatterns = [
    path("programs/<uuid:program_id>/courts/<uuid:court_id>/seats/", seats, name="seats"),
    path(
        "programs/<uuid:program_id>/courts/<uuid:court_id>/seats/<uuid:seat_id>/end/",
        seat_end,
        name="seat_end",
    ),
]
