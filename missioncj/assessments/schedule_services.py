"""Writes for schedules: adopting a shipped profile, changing a schedule's target and notice
time, adding, changing and removing timepoints. Only the program's director or supervisor may;
each write is one transaction with its audit event; bad input changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from missioncj.assessments.models import Instrument, Schedule, Timepoint
from missioncj.assessments.profiles import PROFILES
from missioncj.assessments.schedules import window_problems
from missioncj.core.audit import create_recorded, record, snapshot
from missioncj.core.models import AuditKind
from missioncj.programs.models import Program
from missioncj.programs.services import can_configure

SCHEDULE_FIELDS = ["name", "profile", "target_rate", "lead_days", "note", "active"]
TIMEPOINT_FIELDS = [
    "code",
    "label",
    "anchor",
    "due_months",
    "due_days",
    "opens_months",
    "opens_days",
    "closes_months",
    "closes_days",
    "repeat_months",
    "follow_up",
    "ends_at_discharge",
    "preset",
    "order",
]
EDITABLE_SCHEDULE = ["name", "target_rate", "lead_days", "note", "active"]


def _require(actor: Any, program: Program) -> None:
    if not can_configure(actor, program):
        raise ValidationError("Only the program's director or supervisor can change its schedules.")


def _timepoint_snapshot(timepoint: Timepoint) -> dict[str, Any]:
    out = snapshot(timepoint, TIMEPOINT_FIELDS)
    out["instruments"] = sorted(i.code for i in timepoint.instruments.all())
    return out


def _instruments(codes: list[str]) -> list[Instrument]:
    found = {i.code: i for i in Instrument.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationError({"instruments": f"Unknown instrument: {', '.join(unknown)}."})
    if not codes:
        raise ValidationError({"instruments": "Choose at least one instrument."})
    return [found[c] for c in codes]


def _check_preset(preset: Any, instruments: list[Instrument]) -> None:
    if not isinstance(preset, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
        for k, v in preset.items()
    ):
        raise ValidationError(
            {"preset": "Preset answers are item ids with whole-number values, e.g. {…: 2}."}
        )
    known = set()
    for instrument in instruments:
        version = instrument.current
        if version is not None:
            known |= {item["id"] for item in version.items}
    unknown = sorted(set(preset) - known)
    if unknown:
        raise ValidationError(
            {"preset": f"No instrument of this timepoint has the item {', '.join(unknown)}."}
        )


def _validate_timepoint(timepoint: Timepoint, instruments: list[Instrument]) -> None:
    timepoint.full_clean(exclude=["schedule"])
    problems = window_problems(timepoint)
    if problems:
        raise ValidationError({"closes_months": problems})
    if timepoint.repeat_months == 0:
        raise ValidationError({"repeat_months": "Leave empty, or repeat every 1 month or more."})
    _check_preset(timepoint.preset, instruments)


@transaction.atomic
def adopt_profile(*, actor: Any, program: Program, profile: str) -> Schedule:
    """Copy a shipped profile into a new schedule of the program (actor None: set up by the
    installation itself, e.g. the demo loader; the audit event says "system")."""
    if actor is not None:
        _require(actor, program)
    spec = PROFILES.get(profile)
    if spec is None:
        raise ValidationError({"profile": f"There is no profile {profile!r}."})
    if Schedule.objects.filter(program=program, name=spec["name"]).exists():
        raise ValidationError({"profile": f"{program.name} already has {spec['name']}."})
    schedule = create_recorded(
        Schedule(
            program=program,
            name=spec["name"],
            profile=profile,
            target_rate=spec["target_rate"],
            lead_days=spec["lead_days"],
            note=spec["note"][:500],
        ),
        actor=actor,
        action="schedule.adopt",
        fields=SCHEDULE_FIELDS,
    )
    for order, tp in enumerate(spec["timepoints"]):
        fields = {k: v for k, v in tp.items() if k != "instruments"}
        instruments = _instruments(tp["instruments"])
        timepoint = Timepoint(schedule=schedule, order=order, **fields)
        _validate_timepoint(timepoint, instruments)
        timepoint.save()
        timepoint.instruments.set(instruments)
    record(
        kind=AuditKind.UPDATE,
        action="schedule.timepoints",
        actor=actor,
        subject=schedule,
        after={"timepoints": [_timepoint_snapshot(t) for t in schedule.timepoints.all()]},
    )
    return schedule


@transaction.atomic
def update_schedule(*, actor: Any, schedule: Schedule, **changes: Any) -> Schedule:
    schedule = Schedule.objects.select_for_update().select_related("program").get(pk=schedule.pk)
    _require(actor, schedule.program)
    unknown = set(changes) - set(EDITABLE_SCHEDULE)
    if unknown:
        raise ValidationError({name: "This cannot be changed here." for name in unknown})
    before = snapshot(schedule, SCHEDULE_FIELDS)
    for name, value in changes.items():
        setattr(schedule, name, value)
    schedule.full_clean()
    schedule.save()
    after = snapshot(schedule, SCHEDULE_FIELDS)
    changed = [k for k in after if after[k] != before[k]]
    record(
        kind=AuditKind.UPDATE,
        action="schedule.update",
        actor=actor,
        subject=schedule,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return schedule


@transaction.atomic
def save_timepoint(
    *,
    actor: Any,
    schedule: Schedule,
    instruments: list[str],
    timepoint: Timepoint | None = None,
    **fields: Any,
) -> Timepoint:
    """Add a timepoint to the schedule (timepoint=None) or change one of its timepoints."""
    schedule = Schedule.objects.select_for_update().select_related("program").get(pk=schedule.pk)
    _require(actor, schedule.program)
    unknown = set(fields) - set(TIMEPOINT_FIELDS)
    if unknown:
        raise ValidationError({name: "This cannot be changed here." for name in unknown})
    chosen = _instruments(list(instruments))
    if timepoint is None:
        row = Timepoint(schedule=schedule)
        before = None
        if "order" not in fields:
            fields["order"] = schedule.timepoints.count()
    else:
        row = Timepoint.objects.select_for_update().get(pk=timepoint.pk, schedule=schedule)
        before = _timepoint_snapshot(row)
    for name, value in fields.items():
        setattr(row, name, value)
    if Timepoint.objects.filter(schedule=schedule, code=row.code).exclude(pk=row.pk).exists():
        raise ValidationError({"code": f"This schedule already has a timepoint {row.code!r}."})
    _validate_timepoint(row, chosen)
    row.save()
    row.instruments.set(chosen)
    record(
        kind=AuditKind.CREATE if before is None else AuditKind.UPDATE,
        action="schedule.timepoint.add" if before is None else "schedule.timepoint.update",
        actor=actor,
        subject=schedule,
        before=before,
        after=_timepoint_snapshot(row),
    )
    return row


@transaction.atomic
def remove_timepoint(*, actor: Any, timepoint: Timepoint) -> None:
    schedule = timepoint.schedule
    _require(actor, schedule.program)
    before = _timepoint_snapshot(timepoint)
    timepoint.delete()
    record(
        kind=AuditKind.UPDATE,
        action="schedule.timepoint.remove",
        actor=actor,
        subject=schedule,
        before=before,
    )
