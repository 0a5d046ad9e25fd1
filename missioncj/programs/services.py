"""Writes to organizations, programs and teams."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from missioncj.core.audit import create_recorded, record, snapshot
from missioncj.core.models import AuditKind
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


# What a program's director or supervisor may change on the settings page.
SETTINGS_FIELDS = [
    "name",
    "intercept",
    "time_zone",
    "planned_length_months",
    "cti_transition_months",
    "cti_tryout_months",
    "cti_transfer_months",
    "cti_transition_contact_days",
    "cti_tryout_contact_days",
    "cti_transfer_contact_days",
    "plan_review_days",
]


def can_configure(user: Any, program: Program) -> bool:
    from missioncj.accounts.scope import scope_of

    return program.pk in scope_of(user).program_ids


@transaction.atomic
def update_program_settings(*, actor: Any, program: Program, **changes: Any) -> Program:
    """Phase lengths, contact targets, review interval …; audited with before and after."""
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError({name: "This setting cannot be changed here." for name in unknown})
    program = Program.objects.select_for_update().get(pk=program.pk)
    if not can_configure(actor, program):
        raise ValidationError("Only the program's director or supervisor can change its settings.")
    before = snapshot(program, SETTINGS_FIELDS)
    for name, value in changes.items():
        setattr(program, name, value)
    program.full_clean()
    program.save()
    after = snapshot(program, SETTINGS_FIELDS)
    changed = [k for k in after if after[k] != before[k]]
    record(
        kind=AuditKind.UPDATE,
        action="program.settings",
        actor=actor,
        subject=program,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return program
