"""Collecting every problem with a request, keyed by field, and raising them together: the
shape every service's validation error takes (pages show them next to the fields, the API as
field-level `detail`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

MAX_AMOUNT = Decimal("99999999.99")  # what the columns hold (10 digits, 2 decimal places)
CENT = Decimal("0.01")


def fmt_day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


class Problems:
    """Collects every problem with a request, keyed by field, then raises them together."""

    def __init__(self) -> None:
        self.found: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.found.setdefault(field, []).append(message)

    def __contains__(self, field: str) -> bool:
        return field in self.found

    def raise_any(self) -> None:
        if self.found:
            raise ValidationError(self.found)

    def text(self, field: str, value: Any, limit: int, required: str = "") -> str:
        value = ("" if value is None else str(value)).strip()
        if required and not value:
            self.add(field, required)
        elif len(value) > limit:
            self.add(field, f"Keep it to {limit} characters (this is {len(value)}).")
        return value

    def choice(self, field: str, value: Any, choices: Any, what: str) -> Any:
        if value not in choices.values:
            self.add(field, f"Choose {what} from the list.")
        return value

    def date(
        self, field: str, value: Any, today: dt.date, *, required: str = "", future_ok: bool = False
    ) -> dt.date | None:
        if value in (None, ""):
            if required:
                self.add(field, required)
            return None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.add(field, "Give a date, e.g. 2026-10-01.")
            return None
        if not future_ok and value > today:
            self.add(field, f"This date ({fmt_day(value)}) is in the future.")
        return value

    def email(self, field: str, value: Any) -> str:
        value = self.text(field, value, 254)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.add(field, "Give an e-mail address like name@example.org.")
        return value

    def amount(self, field: str, value: Any, what: str) -> Decimal | None:
        """A positive amount with at most 2 decimal places (hours, dollars, sessions)."""
        if value is None or value == "":
            return None
        if isinstance(value, float | bool):
            self.add(field, f"Give the {what} as a number, e.g. 40 or 150.00.")
            return None
        try:
            amount = Decimal(str(value).strip().replace(",", "").lstrip("$"))
        except InvalidOperation:
            self.add(field, f"Give the {what} as a number, e.g. 40 or 150.00.")
            return None
        if not amount.is_finite():
            self.add(field, f"Give the {what} as a number, e.g. 40 or 150.00.")
        elif amount <= 0:
            self.add(field, f"The {what} must be more than zero (this is {amount}).")
        elif amount != amount.quantize(CENT):
            self.add(field, f"The {what} can have at most 2 decimal places.")
        elif amount > MAX_AMOUNT:
            self.add(field, f"The {what} is too large.")
        else:
            return amount.quantize(CENT)
        return None
