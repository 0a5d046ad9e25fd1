"""Every write in outcomes: recording and voiding outcome events, and a program's measure
settings. Keyword-only actor, one transaction, an audit event inside it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.outcomes.models import OutcomeEvent, OutcomeKind, OutcomeSettings, OutcomeSource
from missioncj.participants.models import Episode
from missioncj.participants.policies import require_work_scope
from missioncj.programs.models import Program


def _event_after(event: OutcomeEvent) -> dict[str, Any]:
    return {
        "kind": event.kind,
        "occurred_on": event.occurred_on.isoformat(),
        "ended_on": event.ended_on.isoformat() if event.ended_on else None,
        "nights": event.nights,
        "source": event.source,
    }


def _check_event(
    episode: Episode,
    kind: str,
    occurred_on: dt.date,
    ended_on: dt.date | None,
    nights: int | None,
    source: str,
    today: dt.date,
) -> None:
    errors: dict[str, str] = {}
    if kind not in OutcomeKind.values:
        errors["kind"] = "Choose what happened."
    if source not in OutcomeSource.values:
        errors["source"] = "Choose where this came from."
    if occurred_on > today:
        errors["occurred_on"] = "The day cannot be in the future."
    elif occurred_on < episode.referral_date - dt.timedelta(days=365 * 5):
        errors["occurred_on"] = "The day is more than five years before the referral."
    if ended_on is not None and ended_on < occurred_on:
        errors["ended_on"] = "The release day cannot be before the day it started."
    if ended_on is not None and ended_on > today:
        errors["ended_on"] = "The release day cannot be in the future."
    if kind != OutcomeKind.INCARCERATION and (nights is not None or ended_on is not None):
        errors["nights"] = "Nights and a release day are only for an incarceration."
    if nights is not None and ended_on is not None and nights > (ended_on - occurred_on).days:
        errors["nights"] = "More nights than days between the start and the release."
    elif nights is not None and ended_on is None and nights > (today - occurred_on).days:
        errors["nights"] = "More nights than days from the start until today."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_outcome_event(
    *,
    actor: Any,
    episode: Episode,
    kind: str,
    occurred_on: dt.date,
    source: str,
    ended_on: dt.date | None = None,
    nights: int | None = None,
    detail: str = "",
    source_detail: str = "",
) -> OutcomeEvent:
    if actor is not None:
        require_work_scope(actor, episode)
    today = timezone.now().astimezone(episode.program.zone).date()
    _check_event(episode, kind, occurred_on, ended_on, nights, source, today)
    if kind == OutcomeKind.INCARCERATION and nights is None and ended_on is not None:
        nights = (ended_on - occurred_on).days
    event = OutcomeEvent.objects.create(
        participant=episode.participant,
        episode=episode,
        kind=kind,
        occurred_on=occurred_on,
        ended_on=ended_on,
        nights=nights,
        detail=detail.strip()[:300],
        source=source,
        source_detail=source_detail.strip()[:200],
        recorded_by=actor,
    )
    record(
        kind=AuditKind.CREATE,
        action="outcome_event.record",
        actor=actor,
        participant=episode.participant,
        subject=event,
        after=_event_after(event),
    )
    return event


@transaction.atomic
def void_outcome_event(*, actor: Any, event: OutcomeEvent, reason: str) -> OutcomeEvent:
    if actor is not None:
        require_work_scope(actor, event.episode, field="reason")
    reason = reason.strip()
    if len(reason) < 5:
        raise ValidationError({"reason": "Say why this event is wrong (at least 5 characters)."})
    locked = OutcomeEvent.objects.select_for_update().get(pk=event.pk)
    if locked.voided_at is not None:
        raise ValidationError({"reason": "This event was already voided."})
    locked.voided_at = timezone.now()
    locked.voided_by = actor
    locked.void_reason = reason[:300]
    locked.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
    record(
        kind=AuditKind.UPDATE,
        action="outcome_event.void",
        actor=actor,
        participant=locked.participant,
        subject=locked,
        before=_event_after(locked),
        after={"voided": True, "reason": locked.void_reason},
    )
    return locked


def settings_for(program: Program) -> OutcomeSettings:
    """The program's settings, or unsaved defaults when none were stored."""
    found = OutcomeSettings.objects.filter(program=program).first()
    return found or OutcomeSettings(program=program)


@transaction.atomic
def update_outcome_settings(*, actor: Any, program: Program, **changes: Any) -> OutcomeSettings:
    """Change any of fidelity_criteria, high_fidelity_percent, small_cell_min. The criteria
    are checked by `outcomes.fidelity.check_criteria` before anything is saved."""
    allowed = {"fidelity_criteria", "high_fidelity_percent", "small_cell_min"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({name: "Not a measure setting." for name in sorted(unknown)})
    errors: dict[str, str] = {}
    percent = changes.get("high_fidelity_percent")
    if percent is not None and not 1 <= int(percent) <= 100:
        errors["high_fidelity_percent"] = "Give a percentage from 1 to 100."
    cell = changes.get("small_cell_min")
    if cell is not None and not 1 <= int(cell) <= 100:
        errors["small_cell_min"] = "Give a threshold from 1 to 100."
    if "fidelity_criteria" in changes:
        from missioncj.outcomes.fidelity import check_criteria

        problem = check_criteria(changes["fidelity_criteria"])
        if problem:
            errors["fidelity_criteria"] = problem
    if errors:
        raise ValidationError(errors)
    row, _ = OutcomeSettings.objects.select_for_update().get_or_create(program=program)
    before = {name: getattr(row, name) for name in sorted(changes)}
    for name, value in changes.items():
        setattr(row, name, value)
    row.updated_by = actor
    row.save()
    record(
        kind=AuditKind.UPDATE,
        action="outcome_settings.update",
        actor=actor,
        subject=program,
        before=before,
        after={name: getattr(row, name) for name in sorted(changes)},
    )
    return row
