"""Seating court partners at a court (judge, coordinator, probation …). A seat is what a
consent can name ("the judge of this court"); ending it ends what the partner sees at once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from missioncj.accounts.models import Membership, Role
from missioncj.core.audit import create_recorded, record
from missioncj.core.models import AuditKind
from missioncj.court.models import Court, CourtSeat, Seat
from missioncj.programs.services import can_configure


@transaction.atomic
def assign_seat(*, actor: Any, court: Court, user: Any, seat: str) -> CourtSeat:
    """actor None: set up by the installation itself (demo loader, tests)."""
    if actor is not None and not can_configure(actor, court.program):
        raise ValidationError("Only the program's director or supervisor can seat a partner.")
    if seat not in Seat.values:
        raise ValidationError({"seat": "Choose the role at the court from the list."})
    if not Membership.objects.filter(
        user=user, program_id=court.program_id, role=Role.COURT_PARTNER, active=True
    ).exists():
        raise ValidationError(
            {"user": f"{user} is not a court partner of {court.program}; add that role first."}
        )
    existing = CourtSeat.objects.select_for_update().filter(court=court, user=user, seat=seat)
    found = existing.first()
    if found is not None:
        if found.active:
            raise ValidationError({"seat": f"{user} already holds this seat at {court}."})
        CourtSeat.objects.filter(pk=found.pk).update(active=True)
        found.refresh_from_db()
        record(
            kind=AuditKind.UPDATE,
            action="court_seat.reopen",
            actor=actor,
            subject=found,
            before={"active": False},
            after={"active": True},
        )
        return found
    return create_recorded(
        CourtSeat(court=court, user=user, seat=seat, assigned_by=actor),
        actor=actor,
        action="court_seat.create",
        fields=["court", "user", "seat"],
    )


@transaction.atomic
def end_seat(*, actor: Any, seat: CourtSeat) -> CourtSeat:
    seat = CourtSeat.objects.select_for_update().select_related("court__program").get(pk=seat.pk)
    if not can_configure(actor, seat.court.program):
        raise ValidationError("Only the program's director or supervisor can end a seat.")
    if not seat.active:
        raise ValidationError({"seat": "This seat has already ended."})
    CourtSeat.objects.filter(pk=seat.pk).update(active=False)
    seat.refresh_from_db()
    record(
        kind=AuditKind.UPDATE,
        action="court_seat.end",
        actor=actor,
        subject=seat,
        before={"active": True},
        after={"active": False},
    )
    return seat
