"""A participant's way through the court's phases: starting in Phase 1, promotion, demotion,
and the phase tasks done on the way. Each is one transaction with its audit event.

A promotion is allowed when not every criterion is met (the judge decides), but then a reason
is required and the unmet criteria are kept in the audit event. Dates never precede enrollment
or the previous move, and are never in the future (the program's local date)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from missioncj.core.audit import create_recorded, record
from missioncj.core.models import AuditKind
from missioncj.court.models import Court, CourtPhase, MoveKind, PhaseMove, PhaseTask
from missioncj.court.phase_criteria import latest_moves, phase_status
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.participants.policies import require_work_scope
from missioncj.participants.services import local_today

DECIDED_BY_MAX = 150
REASON_MAX = 500
START_REASON = "Started at enrollment"


def _episode(actor: Any, episode: Episode) -> Episode:
    episode = (
        Episode.objects.select_for_update(of=("self",))
        .select_related("program", "participant", "team")
        .get(pk=episode.pk)
    )
    require_work_scope(actor, episode)
    if episode.status != EpisodeStatus.ENROLLED or episode.enrolled_date is None:
        raise ValidationError(
            {"episode": "Court phases change only while the participant is enrolled."}
        )
    return episode


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _check_date(
    episode: Episode, on: Any, previous: PhaseMove | None, errors: dict[str, str], field: str = "on"
) -> None:
    if not _is_date(on):
        errors[field] = "Give the date."
        return
    assert episode.enrolled_date is not None
    if on < episode.enrolled_date:
        errors[field] = f"The date cannot be before enrollment ({_fmt(episode.enrolled_date)})."
    elif previous is not None and on < previous.on:
        errors[field] = (
            f"The date cannot be before the last phase move ({_fmt(previous.on)}, "
            f"{previous.get_kind_display().lower()} to Phase {previous.phase.number})."
        )
    elif on > local_today(episode.program):
        errors[field] = "The date cannot be in the future."


def _fmt(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _text(value: Any, field: str, label: str, limit: int, errors: dict[str, str]) -> str:
    text = str(value or "").strip()
    if len(text) > limit:
        errors[field] = f"Keep {label} to {limit} characters."
    return text


def _save_move(
    actor: Any,
    episode: Episode,
    phase: CourtPhase,
    kind: str,
    on: dt.date,
    decided_by: str,
    reason: str,
    extra: dict[str, Any] | None = None,
    previous: PhaseMove | None = None,
) -> PhaseMove:
    move = PhaseMove(
        participant=episode.participant,
        episode=episode,
        phase=phase,
        kind=kind,
        on=on,
        decided_by=decided_by,
        reason=reason,
        recorded_by=actor,
    )
    move.full_clean(exclude=["participant", "episode", "phase", "recorded_by"])
    move.save()
    record(
        kind=AuditKind.TRANSITION,
        action=f"court.phase.{kind}",
        actor=actor,
        participant=episode.participant,
        subject=move,
        before={"phase": previous.phase.number, "since": str(previous.on)} if previous else None,
        after={
            "phase": phase.number,
            "court": str(phase.court.public_id),
            "on": str(on),
            "decided_by": decided_by,
            "reason": reason,
            **(extra or {}),
        },
    )
    return move


@transaction.atomic
def start_phase(
    *,
    actor: Any,
    episode: Episode,
    court: Court,
    on: dt.date,
    decided_by: str,
    reason: str = "",
) -> PhaseMove:
    """Put an enrolled participant in the court's Phase 1 (once per episode)."""
    episode = _episode(actor, episode)
    errors: dict[str, str] = {}
    previous = latest_moves([episode.pk]).get(episode.pk)
    if previous is not None:
        raise ValidationError(
            {"episode": f"Already in court phases (Phase {previous.phase.number} now)."}
        )
    first = None
    if court.program_id != episode.program_id:
        errors["court"] = "This court is not in the participant's program."
    else:
        first = court.phases.filter(number=1).first()
        if first is None:
            errors["court"] = "This court has no phases yet: its director or supervisor sets them."
    decided_by = _text(decided_by, "decided_by", "who decided", DECIDED_BY_MAX, errors)
    if not decided_by:
        errors["decided_by"] = "Say who decided (e.g. the judge's name)."
    reason = _text(reason, "reason", "the reason", REASON_MAX, errors) or START_REASON
    _check_date(episode, on, None, errors)
    if errors:
        raise ValidationError(errors)
    assert first is not None
    return _save_move(actor, episode, first, MoveKind.START, on, decided_by, reason)


def _current(episode: Episode) -> PhaseMove:
    previous = latest_moves([episode.pk]).get(episode.pk)
    if previous is None:
        raise ValidationError({"episode": "Start the participant in Phase 1 first."})
    return previous


@transaction.atomic
def promote(
    *, actor: Any, episode: Episode, on: dt.date, decided_by: str, reason: str = ""
) -> PhaseMove:
    """Move to the next phase. When a criterion is not met on that date, a reason is required
    and the unmet criteria go into the audit event."""
    episode = _episode(actor, episode)
    previous = _current(episode)
    current = previous.phase
    nxt = (
        CourtPhase.objects.filter(court_id=current.court_id, number__gt=current.number)
        .order_by("number")
        .first()
    )
    if nxt is None:
        raise ValidationError(
            {
                "episode": f"Phase {previous.phase.number} is the court's last phase: "
                "there is no phase to promote to."
            }
        )
    errors: dict[str, str] = {}
    decided_by = _text(decided_by, "decided_by", "who decided", DECIDED_BY_MAX, errors)
    if not decided_by:
        errors["decided_by"] = "Say who decided (e.g. the judge's name)."
    reason = _text(reason, "reason", "the reason", REASON_MAX, errors)
    _check_date(episode, on, previous, errors)
    if errors:
        raise ValidationError(errors)
    status = phase_status(episode, on=on)
    assert status is not None
    unmet = status.unmet
    if unmet and not reason:
        listed = "; ".join(c.sentence for c in unmet)
        raise ValidationError(
            {"reason": f"Not every criterion is met ({listed}): say why the promotion is made."}
        )
    extra = {
        "criteria_met": not unmet,
        "unmet": [{"criterion": c.key, "figures": c.figures} for c in unmet],
    }
    reason = reason or f"All criteria for Phase {previous.phase.number} met"
    return _save_move(
        actor, episode, nxt, MoveKind.PROMOTE, on, decided_by, reason, extra, previous
    )


@transaction.atomic
def demote(
    *, actor: Any, episode: Episode, to_number: int, on: dt.date, decided_by: str, reason: str
) -> PhaseMove:
    """Return to an earlier phase (e.g. after a relapse); a reason is required."""
    episode = _episode(actor, episode)
    previous = _current(episode)
    errors: dict[str, str] = {}
    target = None
    current = previous.phase.number
    if isinstance(to_number, bool) or not isinstance(to_number, int) or to_number < 1:
        errors["to_number"] = "Choose the phase to return to."
    elif to_number >= current:
        errors["to_number"] = (
            f"A demotion goes to an earlier phase than the current one (Phase {current})."
        )
    else:
        target = CourtPhase.objects.filter(
            court_id=previous.phase.court_id, number=to_number
        ).first()
        if target is None:
            errors["to_number"] = f"This court has no Phase {to_number}."
    decided_by = _text(decided_by, "decided_by", "who decided", DECIDED_BY_MAX, errors)
    if not decided_by:
        errors["decided_by"] = "Say who decided (e.g. the judge's name)."
    reason = _text(reason, "reason", "the reason", REASON_MAX, errors)
    if not reason and "reason" not in errors:
        errors["reason"] = "Say why the participant returns to an earlier phase."
    _check_date(episode, on, previous, errors)
    if errors:
        raise ValidationError(errors)
    assert target is not None
    return _save_move(
        actor, episode, target, MoveKind.DEMOTE, on, decided_by, reason, None, previous
    )


@transaction.atomic
def record_task(*, actor: Any, episode: Episode, task: str, done_on: dt.date) -> PhaseTask:
    """A task of the current phase done on a date (each task once per phase)."""
    episode = _episode(actor, episode)
    previous = _current(episode)
    phase = previous.phase
    errors: dict[str, str] = {}
    wanted = str(task or "").strip()
    listed = {t.casefold(): t for t in phase.tasks or []}
    name = listed.get(wanted.casefold())
    if not wanted:
        errors["task"] = "Choose the task that was done."
    elif name is None:
        known = ", ".join(phase.tasks) if phase.tasks else "none"
        errors["task"] = f"“{wanted}” is not a task of Phase {phase.number} (its tasks: {known})."
    else:
        done = PhaseTask.objects.filter(episode=episode, phase=phase, task=name).first()
        if done is not None:
            errors["task"] = f"“{name}” was already recorded as done on {_fmt(done.done_on)}."
    _check_date(episode, done_on, None, errors, field="done_on")
    if errors:
        raise ValidationError(errors)
    assert name is not None
    return create_recorded(
        PhaseTask(
            participant=episode.participant,
            episode=episode,
            phase=phase,
            task=name,
            done_on=done_on,
            recorded_by=actor,
        ),
        actor=actor,
        action="court.phase.task",
        fields=["phase", "task", "done_on"],
        participant=episode.participant,
    )
