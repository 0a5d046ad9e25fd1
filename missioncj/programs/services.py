"""Writes to organizations, programs and teams."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from missioncj.core.audit import record, snapshot
from missioncj.core.models import AuditKind
from missioncj.programs.models import Organization, Program, Team

PROGRAM_FIELDS = ["name", "court_type", "intercept", "time_zone", "planned_length_months"]


@transaction.atomic
def create_organization(*, actor: Any, name: str, is_demo: bool = False) -> Organization:
    organization = Organization(name=name, is_demo=is_demo)
    organization.full_clean()
    organization.save()
    record(
        kind=AuditKind.CREATE,
        action="organization.create",
        actor=actor,
        subject=organization,
        after=snapshot(organization, ["name", "is_demo"]),
    )
    return organization


@transaction.atomic
def create_program(*, actor: Any, organization: Organization, **fields: Any) -> Program:
    program = Program(organization=organization, **fields)
    program.full_clean()
    program.save()
    record(
        kind=AuditKind.CREATE,
        action="program.create",
        actor=actor,
        subject=program,
        after=snapshot(program, PROGRAM_FIELDS),
    )
    return program


@transaction.atomic
def create_team(*, actor: Any, program: Program, name: str) -> Team:
    team = Team(program=program, name=name)
    team.full_clean()
    team.save()
    record(
        kind=AuditKind.CREATE,
        action="team.create",
        actor=actor,
        subject=team,
        after=snapshot(team, ["name", "program"]),
    )
    return team
