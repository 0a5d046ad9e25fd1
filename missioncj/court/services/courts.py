"""Setting up a program's court (its calendar): name, location, presiding judge."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from missioncj.core.audit import create_recorded
from missioncj.court.models import Court
from missioncj.programs.models import Program
from missioncj.programs.services import can_configure

COURT_FIELDS = ["program", "name", "location", "judge"]


@transaction.atomic
def create_court(
    *, actor: Any, program: Program, name: str, location: str = "", judge: str = ""
) -> Court:
    """actor None: set up by the installation itself (demo loader, tests)."""
    if actor is not None and not can_configure(actor, program):
        raise ValidationError("Only the program's director or supervisor can add a court.")
    return create_recorded(
        Court(program=program, name=name, location=location, judge=judge),
        actor=actor,
        action="court.create",
        fields=COURT_FIELDS,
    )
