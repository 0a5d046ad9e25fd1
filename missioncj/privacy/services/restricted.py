"""Restricted records and break-the-glass: every write, each one transaction with its audit
event. The data lives in `participants` (the choke point reads it); the rules live here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missioncj.accounts.models import PROGRAM_ROLES, Membership
from missioncj.core.audit import record, snapshot
from missioncj.core.models import AuditKind
from missioncj.participants.models import BreakGlassGrant, Participant
from missioncj.participants.restricted import (
    break_glass_minutes,
    break_glass_programs,
    is_on_team,
)
from missioncj.programs.models import Program

MIN_REASON = 15
CONFIRM_WORD = "OPEN"
RESTRICTION_FIELDS = ["restricted", "restricted_reason", "restricted_at", "restricted_by"]


def overseen_program_ids(actor: Any) -> set[int]:
    """Programs where the actor is a director or supervisor (who flag, unflag and review)."""
    if not getattr(actor, "pk", None):
        return set()
    rows = Membership.objects.filter(user=actor, active=True, role__in=PROGRAM_ROLES)
    return set(rows.values_list("program_id", flat=True))


def can_manage_restriction(actor: Any, participant: Participant) -> bool:
    programs = overseen_program_ids(actor)
    return bool(programs) and participant.episodes.filter(program_id__in=programs).exists()


def _require_manager(actor: Any, participant: Participant) -> None:
    if not can_manage_restriction(actor, participant):
        raise ValidationError(
            {"reason": "Only a director or supervisor of the participant's program can do this."}
        )


@transaction.atomic
def restrict_participant(*, actor: Any, participant: Participant, reason: str) -> Participant:
    """Flag a record restricted: from now on only its team (and break-the-glass) sees it."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    _require_manager(actor, participant)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why this record is restricted."})
    if len(reason) > 300:
        raise ValidationError({"reason": "Keep the reason under 300 characters."})
    if participant.restricted:
        raise ValidationError({"reason": "This record is already restricted."})
    before = snapshot(participant, RESTRICTION_FIELDS)
    participant.restricted = True
    participant.restricted_reason = reason
    participant.restricted_at = timezone.now()
    participant.restricted_by = actor
    participant.save(update_fields=[*RESTRICTION_FIELDS, "updated_at"])
    record(
        kind=AuditKind.UPDATE,
        action="participant.restrict",
        actor=actor,
        participant=participant,
        subject=participant,
        before=before,
        after=snapshot(participant, RESTRICTION_FIELDS),
    )
    return participant


@transaction.atomic
def unrestrict_participant(*, actor: Any, participant: Participant) -> Participant:
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    _require_manager(actor, participant)
    if not participant.restricted:
        raise ValidationError({"reason": "This record is not restricted."})
    before = snapshot(participant, RESTRICTION_FIELDS)
    participant.restricted = False
    participant.restricted_reason = ""
    participant.restricted_at = None
    participant.restricted_by = None
    participant.save(update_fields=[*RESTRICTION_FIELDS, "updated_at"])
    record(
        kind=AuditKind.UPDATE,
        action="participant.unrestrict",
        actor=actor,
        participant=participant,
        subject=participant,
        before=before,
        after=snapshot(participant, RESTRICTION_FIELDS),
    )
    return participant


@transaction.atomic
def break_glass(
    *,
    actor: Any,
    participant: Participant,
    reason: str,
    confirm: str,
    now: dt.datetime | None = None,
) -> BreakGlassGrant:
    """Open a restricted record for a limited time: the grant row is the access."""
    now = now or timezone.now()
    if not participant.restricted:
        raise ValidationError({"reason": "This record is not restricted; open it as usual."})
    if is_on_team(actor, participant):
        raise ValidationError({"reason": "You are on this participant's team already."})
    programs: list[Program] = break_glass_programs(actor, participant)
    if not programs:
        raise ValidationError({"reason": "Your role may not open restricted records."})
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_REASON:
        raise ValidationError(
            {
                "reason": f"Give a reason of at least {MIN_REASON} characters "
                f"(you gave {len(reason)})."
            }
        )
    if len(reason) > 500:
        raise ValidationError({"reason": "Keep the reason under 500 characters."})
    if (confirm or "").strip().upper() != CONFIRM_WORD:
        raise ValidationError({"confirm": f"Type {CONFIRM_WORD} to confirm."})
    grant = BreakGlassGrant.objects.create(
        participant=participant,
        program=programs[0],
        user=actor,
        reason=reason,
        opened_at=now,
        expires_at=now + dt.timedelta(minutes=break_glass_minutes()),
    )
    record(
        kind=AuditKind.BREAK_GLASS,
        action="participant.break_glass",
        actor=actor,
        participant=participant,
        subject=grant,
        after={
            "reason": reason,
            "program": str(programs[0].public_id),
            "opened_at": str(grant.opened_at),
            "expires_at": str(grant.expires_at),
        },
    )
    return grant


def pending_reviews(actor: Any) -> Any:
    """Grants of the actor's programs not yet reviewed (the supervisor's review queue)."""
    return (
        BreakGlassGrant.objects.filter(
            program_id__in=overseen_program_ids(actor), reviewed_at__isnull=True
        )
        .select_related("program", "user", "participant")
        .order_by("opened_at", "pk")
    )


@transaction.atomic
def review_grant(*, actor: Any, grant: BreakGlassGrant, note: str = "") -> BreakGlassGrant:
    """A supervisor of the program confirms they looked at why the glass was broken."""
    grant = BreakGlassGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.program_id not in overseen_program_ids(actor):
        raise ValidationError({"note": "Only a director or supervisor of the program can review."})
    if grant.user_id == actor.pk:
        raise ValidationError({"note": "Someone else must review your own break-the-glass."})
    if grant.reviewed_at is not None:
        raise ValidationError({"note": "This was already reviewed."})
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationError({"note": "Keep the note under 500 characters."})
    grant.reviewed_at = timezone.now()
    grant.reviewed_by = actor
    grant.review_note = note
    grant.save(update_fields=["reviewed_at", "reviewed_by", "review_note", "updated_at"])
    record(
        kind=AuditKind.UPDATE,
        action="break_glass.review",
        actor=actor,
        participant=grant.participant,
        subject=grant,
        after={"reviewed_at": str(grant.reviewed_at), "note": note},
    )
    return grant
