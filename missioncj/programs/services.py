"""Writes to organizations, programs and teams."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from missioncj.core.audit import create_recorded
from missioncj.programs import hooks
from missioncj.programs.models import Organization, Program, Team

PROGRAM_FIELDS = ["name", "court_type", "intercept", "time_zone", "planned_length_months"]


@transaction.atomic
def create_organization(*, actor: Any, name: str, is_demo: bool = False) -> Organization:
    return create_recorded(
        Organization(name=name, is_demo=is_demo),
        actor=actor,
        action="organization.create",
        fields=["name", "is_demo"],
    )


@transaction.atomic
def create_program(*, actor: Any, organization: Organization, **fields: Any) -> Program:
    """A program; CTI phases default to a third of its planned length each."""
    third = max(1, round(fields.get("planned_length_months", 6) / 3))
    for phase in ("transition", "tryout", "transfer"):
        fields.setdefault(f"cti_{phase}_months", third)
    program = create_recorded(
        Program(organization=organization, **fields),
        actor=actor,
        action="program.create",
        fields=PROGRAM_FIELDS,
    )
    for hook in hooks.program_created:
        hook(actor=actor, program=program)
    return program


@transaction.atomic
def create_team(*, actor: Any, program: Program, name: str) -> Team:
    return create_recorded(
        Team(program=program, name=name),
        actor=actor,
        action="team.create",
        fields=["name", "program"],
    )
