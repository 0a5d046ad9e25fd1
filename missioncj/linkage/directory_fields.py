"""Checking directory fields, shared by the entry services and the HSDS importer so a value is
judged the same whether it is typed into a form, sent to the API or read from a file.

`Checker` collects every problem keyed by field; each method returns the cleaned value (or a
harmless default when the value is refused)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from missioncj.core.problems import Problems
from missioncj.linkage.models import PhoneType, ServiceCategory, ServiceStatus

_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_TRUE = {"true", "yes", "1", "y", "t"}
_FALSE = {"false", "no", "0", "n", "f"}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def as_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def split_list(value: Any) -> list[str]:
    """A list, or text separated by semicolons (or commas), as clean distinct items."""
    items = value if isinstance(value, list | tuple) else re.split(r"[;,]", as_text(value))
    out: list[str] = []
    for item in items:
        text = as_text(item)
        if text and text not in out:
            out.append(text)
    return out


class Checker(Problems):
    """`Problems` with the directory's own reading of text (an optional limit)."""

    def text(self, field: str, value: Any, limit: int | None = None, required: str = "") -> str:
        text = as_text(value)
        if required and not text:
            self.add(field, required)
        elif limit is not None and len(text) > limit:
            self.add(field, f"Keep it to {limit} characters (this is {len(text)}).")
        return text

    def email(self, field: str, value: Any) -> str:
        text = self.text(field, value, 254)
        if text:
            try:
                validate_email(text)
            except ValidationError:
                self.add(field, "Give an e-mail address like name@example.org.")
        return text

    def url(self, field: str, value: Any) -> str:
        text = self.text(field, value, 500)
        if text:
            try:
                URLValidator(schemes=["http", "https"])(text)
            except ValidationError:
                self.add(field, "Give a web address starting with https:// or http://.")
        return text

    def coordinate(self, field: str, value: Any, bound: int) -> Decimal | None:
        """A latitude (bound 90) or longitude (bound 180) in decimal degrees."""
        text = as_text(value)
        if not text:
            return None
        what = "latitude" if bound == 90 else "longitude"
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            self.add(field, f"Give the {what} in decimal degrees, e.g. 41.5 (not “{text}”).")
            return None
        if abs(number) > bound:
            self.add(field, f"A {what} lies between -{bound} and {bound} (this is {text}).")
            return None
        return number.quantize(Decimal("0.000001"))

    def time(self, field: str, value: Any, required: str = "") -> dt.time | None:
        if isinstance(value, dt.time):
            return value
        text = as_text(value)
        match = _TIME.match(text)
        if not text:
            if required:
                self.add(field, required)
            return None
        hour, minute, second = (int(part or 0) for part in match.groups()) if match else (99, 0, 0)
        if hour > 23 or minute > 59 or second > 59:
            self.add(field, f"Give a time of day as HH:MM from 00:00 to 23:59 (not “{text}”).")
            return None
        return dt.time(hour, minute, second)

    def weekday(self, field: str, value: Any) -> int:
        text = as_text(value)
        if text.isdigit() and int(text) <= 6:
            return int(text)
        names = [day.lower() for day in WEEKDAYS]
        if text.lower() in names:
            return names.index(text.lower())
        self.add(field, "Choose a day of the week (0 = Monday … 6 = Sunday).")
        return 0

    def age(self, field: str, value: Any) -> int | None:
        text = as_text(value)
        if not text:
            return None
        if not text.isdigit() or int(text) > 130:
            self.add(field, f"Give an age in whole years from 0 to 130 (not “{text}”).")
            return None
        return int(text)

    def flag(self, field: str, value: Any) -> bool | None:
        """Yes / no / unknown (blank)."""
        if value is None or isinstance(value, bool):
            return value
        text = as_text(value).lower()
        if not text:
            return None
        if text in _TRUE | _FALSE:
            return text in _TRUE
        self.add(field, "Answer yes, no, or leave it blank for unknown.")
        return None

    def categories(self, field: str, value: Any) -> list[str]:
        chosen = split_list(value)
        unknown = [c for c in chosen if c not in ServiceCategory.values]
        if unknown:
            self.add(field, f"Unknown category: {', '.join(unknown)}. Choose from the list.")
        return [c for c in ServiceCategory.values if c in chosen]

    def status(self, field: str, value: Any) -> str:
        text = as_text(value).lower() or ServiceStatus.ACTIVE
        if text not in ServiceStatus.values:
            self.add(field, f"Status is one of: {', '.join(ServiceStatus.values)}.")
            return ServiceStatus.ACTIVE
        return text

    def phone_type(self, field: str, value: Any) -> str:
        text = as_text(value).lower() or PhoneType.VOICE
        if text not in PhoneType.values:
            self.add(field, f"Phone type is one of: {', '.join(PhoneType.values)}.")
            return PhoneType.VOICE
        return text

    def phone_number(self, field: str, value: Any) -> str:
        text = self.text(field, value, 40, required="Give the phone number.")
        if text and sum(ch.isdigit() for ch in text) < 3:
            self.add(field, f"A phone number needs digits (not “{text}”).")
        return text

    def ages_in_order(self, low: int | None, high: int | None) -> None:
        if low is not None and high is not None and low > high:
            self.add("maximum_age", "The maximum age is below the minimum age.")
