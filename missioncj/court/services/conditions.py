"""Every write to the conditions the court ordered on a participant's case and progress towards
them (hours worked, payments, sessions attended), and their status (met, violated, vacated or
active again). One transaction each, with its audit event.

As with cases (`services/cases.py`), each function reports every problem at once (a
ValidationError keyed by field) and writes nothing unless all of it is good; only someone who may
work with the participant (their team, or the program's director or supervisor) can write here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from missioncj.core.audit import create_recorded, record, snapshot
from missioncj.core.models import AuditKind
from missioncj.core.problems import Problems, fmt_day
from missioncj.court.models import (
    Condition,
    ConditionKind,
    ConditionProgress,
    ConditionStatus,
    ConditionUnit,
    CourtCase,
)
from missioncj.court.services._common import locked_case, require_case
from missioncj.participants.services import local_today

CONDITION_FIELDS = [
    "kind",
    "description",
    "ordered_on",
    "due_on",
    "unit",
    "required",
    "status",
    "protected_party",
]
PROGRESS_FIELDS = ["condition", "on", "amount", "note"]
UNIT_WORDS = {
    ConditionUnit.HOURS: "hours",
    ConditionUnit.DOLLARS: "dollars",
    ConditionUnit.SESSIONS: "sessions",
}


def _check_measure(problems: Problems, unit: str, required: Any) -> Decimal | None:
    """A unit goes with an amount and an amount with a unit."""
    amount = problems.amount("required", required, "amount required")
    if unit not in ConditionUnit.values:
        problems.add("unit", "Choose hours, dollars, sessions or not measured.")
        return amount
    if unit and required in (None, "") and "required" not in problems:
        problems.add(
            "required",
            f"Give the number of {UNIT_WORDS[ConditionUnit(unit)]} required, or choose "
            "“Not measured in amounts”.",
        )
    if not unit and required not in (None, "") and "required" not in problems:
        problems.add(
            "unit",
            f"Say what the amount {required} counts: hours, dollars or sessions (or leave the "
            "amount empty).",
        )
    return amount


@transaction.atomic
def add_condition(
    *,
    actor: Any,
    case: CourtCase,
    kind: str,
    description: str,
    ordered_on: dt.date,
    due_on: dt.date | None = None,
    unit: str = ConditionUnit.NONE,
    required: Any = None,
    protected_party: str = "",
) -> Condition:
    """A condition the court ordered on an open case. Measurable conditions (community service
    hours, fees, restitution, sessions) carry a unit and the amount required."""
    case = locked_case(case)
    require_case(actor, case)
    today = local_today(case.episode.program)
    problems = Problems()
    if not case.is_open:
        problems.add(
            "case",
            f"This case is {case.get_status_display().lower()}; conditions are added to open "
            "cases.",
        )
    problems.choice("kind", kind, ConditionKind, "what the court ordered")
    description = problems.text(
        "description", description, 300, "Describe the condition as the court ordered it."
    )
    ordered = problems.date("ordered_on", ordered_on, today, required="Give the date ordered.")
    if ordered is not None and ordered < case.opened_on and "ordered_on" not in problems:
        problems.add(
            "ordered_on",
            f"This is before the case was opened ({fmt_day(case.opened_on)}).",
        )
    due = problems.date("due_on", due_on, today, future_ok=True)
    if due is not None and ordered is not None and due < ordered and "due_on" not in problems:
        problems.add("due_on", f"The due date is before the order ({fmt_day(ordered)}).")
    amount = _check_measure(problems, unit or "", required)
    protected_party = problems.text("protected_party", protected_party, 150)
    if kind == ConditionKind.NO_CONTACT and not protected_party:
        problems.add("protected_party", "Name who the no-contact order protects.")
    if kind != ConditionKind.NO_CONTACT and protected_party:
        problems.add("protected_party", "A protected party is only for no-contact orders.")
    problems.raise_any()
    condition = Condition(
        case=case,
        kind=kind,
        description=description,
        ordered_on=ordered_on,
        due_on=due_on,
        unit=unit or "",
        required=amount,
        protected_party=protected_party,
    )
    return create_recorded(
        condition,
        actor=actor,
        action="court.condition.add",
        fields=["case", *CONDITION_FIELDS],
        participant=case.participant,
    )


def _condition(condition: Condition) -> Condition:
    return (
        Condition.objects.select_for_update(of=("self",))
        .select_related("case__episode__program", "case__episode__team", "case__participant")
        .get(pk=condition.pk)
    )


@transaction.atomic
def record_progress(
    *, actor: Any, condition: Condition, on: dt.date, amount: Any, note: str = ""
) -> ConditionProgress:
    """Hours worked, a payment made or a session attended towards a measurable condition."""
    condition = _condition(condition)
    case = condition.case
    require_case(actor, case)
    today = local_today(case.episode.program)
    problems = Problems()
    if not condition.unit:
        problems.add(
            "amount",
            "This condition is not measured in amounts; mark it met or violated instead.",
        )
    elif condition.status != ConditionStatus.ACTIVE:
        problems.add(
            "condition",
            f"This condition is {condition.get_status_display().lower()}; progress is recorded "
            "on active conditions.",
        )
    what = UNIT_WORDS.get(ConditionUnit(condition.unit), "amount") if condition.unit else "amount"
    value = problems.amount("amount", amount, what if what != "dollars" else "payment")
    if condition.unit and amount in (None, "") and "amount" not in problems:
        problems.add("amount", f"Give the {what} done.")
    day = problems.date("on", on, today, required="Give the date.")
    if day is not None and day < condition.ordered_on and "on" not in problems:
        problems.add(
            "on", f"This is before the condition was ordered ({fmt_day(condition.ordered_on)})."
        )
    note = problems.text("note", note, 300)
    problems.raise_any()
    assert value is not None  # an empty or bad amount was refused above
    progress = ConditionProgress(
        condition=condition, on=on, amount=value, note=note, recorded_by=actor
    )
    return create_recorded(
        progress,
        actor=actor,
        action="court.condition.progress",
        fields=PROGRESS_FIELDS,
        participant=case.participant,
    )


@transaction.atomic
def set_condition_status(
    *, actor: Any, condition: Condition, status: str, note: str = ""
) -> Condition:
    """Met, violated, vacated by the court — or active again. The note (why, who decided) goes
    into the audit event."""
    condition = _condition(condition)
    case = condition.case
    require_case(actor, case)
    problems = Problems()
    problems.choice("status", status, ConditionStatus, "a status")
    if status == condition.status:
        problems.add("status", f"It is already “{condition.get_status_display()}”.")
    note = problems.text("note", note, 300)
    problems.raise_any()
    before = snapshot(condition, ["status"])
    condition.status = status
    condition.save(update_fields=["status", "updated_at"])
    record(
        kind=AuditKind.TRANSITION,
        action="court.condition.status",
        actor=actor,
        participant=case.participant,
        subject=condition,
        before=before,
        after={**snapshot(condition, ["status"]), "note": note},
    )
    return condition
