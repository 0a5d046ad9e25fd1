"""A court's phases: define, change and remove them, or adopt the default set.

Phases are numbered 1, 2, 3 … without gaps (a participant is promoted to the next number).
Only the program's director or supervisor changes them; every change is one transaction with
its audit event, and bad values change nothing."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from missioncj.core.audit import create_recorded, record, snapshot
from missioncj.core.models import AuditKind
from missioncj.court.models import Court, CourtPhase, PhaseMove, PhaseTask
from missioncj.court.phase_defaults import DEFAULT_PHASES
from missioncj.court.policies import can_configure

SETTING_FIELDS = [
    "name",
    "min_days",
    "negative_days",
    "attendance_percent",
    "no_sanctions_days",
    "tasks",
    "tests_per_week",
    "hearing_every_days",
]
PHASE_FIELDS = ["court", "number", *SETTING_FIELDS]
DEFAULTS: dict[str, Any] = {
    "min_days": 0,
    "negative_days": 0,
    "attendance_percent": 0,
    "no_sanctions_days": 0,
    "tasks": [],
    "tests_per_week": Decimal("2"),
    "hearing_every_days": 14,
}
MAX_DAYS = 3650  # ten years: anything longer is a typing mistake
DAY_FIELDS = {
    "min_days": "Minimum days in the phase",
    "negative_days": "Consecutive clean days",
    "no_sanctions_days": "Days without a sanction",
}
NAME_MAX = 80
TASK_MAX = 200
TASKS_MAX = 20
NOT_ALLOWED = "Only the program's director or supervisor can change this court's phases."


def _whole(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def clean_settings(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Check every setting of a phase; return the cleaned values and a message per bad field."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    name = str(values.get("name") or "").strip()
    if not name:
        errors["name"] = "Give the phase a name (e.g. Stabilization)."
    elif len(name) > NAME_MAX:
        errors["name"] = f"Keep the name to {NAME_MAX} characters."
    out["name"] = name
    for field, label in DAY_FIELDS.items():
        number = _whole(values.get(field))
        if number is None:
            errors[field] = f"{label}: give a whole number of days (0 = not a criterion)."
        elif number < 0:
            errors[field] = f"{label} cannot be negative."
        elif number > MAX_DAYS:
            errors[field] = f"{label} cannot be more than {MAX_DAYS} days."
        out[field] = number
    percent = _whole(values.get("attendance_percent"))
    if percent is None or percent < 0 or percent > 100:
        errors["attendance_percent"] = (
            "Group attendance is a percentage from 0 to 100 (0 = not a criterion)."
        )
    out["attendance_percent"] = percent
    out["tests_per_week"] = _tests_per_week(values.get("tests_per_week"), errors)
    every = _whole(values.get("hearing_every_days"))
    if every is None or every < 1 or every > 365:
        errors["hearing_every_days"] = "Status hearings: every 1 to 365 days."
    out["hearing_every_days"] = every
    out["tasks"] = _tasks(values.get("tasks"), errors)
    return out, errors


def _tests_per_week(raw: Any, errors: dict[str, str]) -> Decimal | None:
    try:
        value = Decimal(str(raw)) if raw is not None and not isinstance(raw, bool) else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        errors["tests_per_week"] = "Tests per week: give a number from 0 to 7 (e.g. 2 or 0.5)."
        return None
    if value < 0 or value > 7:
        errors["tests_per_week"] = "Tests per week must be between 0 and 7."
    elif value != value.quantize(Decimal("0.1")):
        errors["tests_per_week"] = "Tests per week: at most one decimal place (e.g. 1.5)."
    return value


def _tasks(raw: Any, errors: dict[str, str]) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str) or not all(isinstance(t, str) for t in raw):
        errors["tasks"] = "Tasks are a list of names, one per task."
        return []
    tasks = [t.strip() for t in raw if t.strip()]
    seen: set[str] = set()
    for task in tasks:
        if len(task) > TASK_MAX:
            errors["tasks"] = f"Keep each task to {TASK_MAX} characters."
        if task.casefold() in seen:
            errors["tasks"] = f"The task “{task}” is listed twice."
        seen.add(task.casefold())
    if len(tasks) > TASKS_MAX:
        errors["tasks"] = f"List at most {TASKS_MAX} tasks."
    return tasks


def _locked_court(actor: Any, court: Court) -> Court:
    # Locking the court serialises numbering: two phases added at once cannot both be N + 1.
    court = Court.objects.select_for_update(of=("self",)).select_related("program").get(pk=court.pk)
    if not can_configure(actor, court):
        raise ValidationError({"court": NOT_ALLOWED})
    return court


def _create(actor: Any, court: Court, number: Any, values: dict[str, Any]) -> CourtPhase:
    merged = {**DEFAULTS, **values}
    cleaned, errors = clean_settings(merged)
    existing = list(court.phases.order_by("number").values_list("number", flat=True))
    expected = len(existing) + 1
    whole = _whole(number)
    if whole is None or whole < 1:
        errors["number"] = "Phase numbers are whole numbers starting at 1."
    elif whole in existing:
        errors["number"] = f"Phase {whole} already exists; change it instead."
    elif whole != expected:
        errors["number"] = (
            f"Phases are numbered 1, 2, 3 … without gaps: the next one is {expected}."
        )
    if errors or whole is None:
        raise ValidationError(errors)
    return create_recorded(
        CourtPhase(court=court, number=whole, **cleaned),
        actor=actor,
        action="court.phase.create",
        fields=PHASE_FIELDS,
    )


@transaction.atomic
def define_phase(*, actor: Any, court: Court, number: int, **values: Any) -> CourtPhase:
    """Add the court's next phase (number = how many it has + 1)."""
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise ValidationError({name: "This is not a phase setting." for name in unknown})
    court = _locked_court(actor, court)
    return _create(actor, court, number, values)


@transaction.atomic
def update_phase(*, actor: Any, phase: CourtPhase, **changes: Any) -> CourtPhase:
    """Change a phase's name or criteria; its number stays (moves keep pointing at it)."""
    unknown = set(changes) - set(SETTING_FIELDS)
    if unknown:
        raise ValidationError(
            {name: "This cannot be changed here (phase numbers stay)." for name in unknown}
        )
    _locked_court(actor, phase.court)
    phase = CourtPhase.objects.select_for_update(of=("self",)).get(pk=phase.pk)
    before = snapshot(phase, SETTING_FIELDS)
    current = {name: getattr(phase, name) for name in SETTING_FIELDS}
    cleaned, errors = clean_settings({**current, **changes})
    if errors:
        raise ValidationError(errors)
    for name, value in cleaned.items():
        setattr(phase, name, value)
    phase.full_clean()
    phase.save()
    after = snapshot(phase, SETTING_FIELDS)
    changed = [k for k in after if after[k] != before[k]]
    record(
        kind=AuditKind.UPDATE,
        action="court.phase.update",
        actor=actor,
        subject=phase,
        before={"number": phase.number, **{k: before[k] for k in changed}},
        after={"number": phase.number, **{k: after[k] for k in changed}},
    )
    return phase


def _entered(phase_ids: list[int]) -> set[int]:
    used = set(PhaseMove.objects.filter(phase_id__in=phase_ids).values_list("phase_id", flat=True))
    used |= set(PhaseTask.objects.filter(phase_id__in=phase_ids).values_list("phase_id", flat=True))
    return used


@transaction.atomic
def remove_phase(*, actor: Any, phase: CourtPhase) -> None:
    """Remove a phase no participant ever entered; later phases move down one number (only
    while no participant has entered them either, so no one's history changes)."""
    court = _locked_court(actor, phase.court)
    phases = list(court.phases.order_by("number"))
    phase = next((p for p in phases if p.pk == phase.pk), phase)
    later = [p for p in phases if p.number > phase.number]
    used = _entered([phase.pk] + [p.pk for p in later])
    if phase.pk in used:
        raise ValidationError(
            {"phase": f"Participants have been in Phase {phase.number}; it cannot be removed."}
        )
    blocking = [p.number for p in later if p.pk in used]
    if blocking:
        raise ValidationError(
            {
                "phase": f"Removing Phase {phase.number} would renumber Phase {blocking[0]}, "
                "which participants have been in. Change the phase instead."
            }
        )
    before = snapshot(phase, PHASE_FIELDS)
    phase.delete()
    for item in later:  # ascending, so each new number is already free
        item.number -= 1
        item.save(update_fields=["number", "updated_at"])
    record(
        kind=AuditKind.UPDATE,
        action="court.phase.remove",
        actor=actor,
        subject=court,
        before=before,
        after={"renumbered": {str(p.number + 1): p.number for p in later}},
    )


@transaction.atomic
def adopt_default_phases(*, actor: Any, court: Court) -> list[CourtPhase]:
    """Add the default set (phase_defaults.py) to a court that has no phases yet."""
    court = _locked_court(actor, court)
    if court.phases.exists():
        raise ValidationError(
            {"court": "This court already has phases; the defaults are only for a new court."}
        )
    made = []
    for spec in DEFAULT_PHASES:
        values = {k: v for k, v in spec.items() if k != "number"}
        values["tasks"] = list(values["tasks"])
        made.append(_create(actor, court, spec["number"], values))
    return made
