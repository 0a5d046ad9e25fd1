"""How a participant stands against the conditions the court ordered: done against required
("32 of 40 hours, 80%"), when it is due, and whether it is overdue (due date passed, not met).

Progress is summed in the same query that loads the conditions, so any number of conditions
costs one query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from missioncj.court.models import Condition, ConditionStatus, ConditionUnit

ZERO = Decimal("0.00")
DUE_SOON_DAYS = 14


def with_done(conditions: QuerySet[Condition]) -> QuerySet[Condition]:
    """Conditions annotated with `done`, the sum of their progress (0 when none)."""
    return conditions.annotate(
        done=Coalesce(
            Sum("progress__amount"),
            Value(ZERO),
            output_field=DecimalField(max_digits=12, decimal_places=2),
        )
    )


def number(amount: Decimal) -> str:
    """32.00 → "32", 32.50 → "32.5"."""
    return format(amount.normalize(), "f")


def amount_words(amount: Decimal, unit: str) -> str:
    if unit == ConditionUnit.DOLLARS:
        return f"${amount:,.2f}"
    word = {"hours": "hours", "sessions": "sessions"}.get(str(unit), "")
    if amount == 1 and word:
        word = word[:-1]
    return f"{number(amount)} {word}".strip()


def _days(n: int, word: str = "day") -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Standing:
    condition: Condition
    done: Decimal
    today: dt.date

    @property
    def measured(self) -> bool:
        return bool(self.condition.unit) and self.condition.required is not None

    @property
    def required(self) -> Decimal | None:
        required = self.condition.required
        return Decimal(required) if self.condition.unit and required is not None else None

    @property
    def percent(self) -> int | None:
        required = self.required
        if required is None:
            return None
        return int(self.done * 100 / required)

    @property
    def bar_percent(self) -> int:
        return min(self.percent or 0, 100)

    @property
    def amount_met(self) -> bool:
        required = self.required
        return required is not None and self.done >= required

    @property
    def active(self) -> bool:
        return self.condition.status == ConditionStatus.ACTIVE

    @property
    def outstanding(self) -> bool:
        """Still to do: active, and (if measured) short of the amount required."""
        return self.active and not self.amount_met

    @property
    def overdue(self) -> bool:
        due = self.condition.due_on
        return due is not None and due < self.today and self.outstanding

    @property
    def due_soon(self) -> bool:
        due = self.condition.due_on
        return (
            due is not None and self.outstanding and 0 <= (due - self.today).days <= DUE_SOON_DAYS
        )

    @property
    def words(self) -> str:
        """E.g. "32 of 40 hours, 80%" or "$150.00 of $500.00, 30%"; empty if not measured."""
        required = self.required
        if required is None:
            return ""
        unit = self.condition.unit
        done = amount_words(self.done, unit)
        if unit != ConditionUnit.DOLLARS:
            done = number(self.done)
        return f"{done} of {amount_words(required, unit)}, {self.percent}%"

    @property
    def remaining_words(self) -> str:
        required = self.required
        if required is None or self.amount_met:
            return ""
        return f"{amount_words(required - self.done, self.condition.unit)} to go"

    @property
    def due_words(self) -> str:
        due = self.condition.due_on
        if due is None:
            return "No due date"
        when = f"Due {due.day} {due:%b %Y}"
        if not self.outstanding:
            return when
        days = (due - self.today).days
        if days < 0:
            return f"{when} · overdue by {_days(-days)}"
        if days == 0:
            return f"{when} · today"
        return f"{when} · in {_days(days)}"


def standing(condition: Condition, today: dt.date) -> Standing:
    """A condition loaded through `with_done`."""
    return Standing(condition, Decimal(getattr(condition, "done", ZERO)), today)


def standings(conditions: Any, today: dt.date) -> list[Standing]:
    return [standing(c, today) for c in conditions]
