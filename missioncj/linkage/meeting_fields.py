"""Checking one meeting's fields, the same way for a meeting typed in by staff and for a record
of a Meeting Guide feed: every problem is reported by field, nothing is half-accepted."""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from missioncj.linkage.models import Fellowship

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")
_CODE = re.compile(r"^[A-Za-z0-9-]{1,10}$")
_URL = URLValidator(schemes=["http", "https"])
TEXT_LIMITS = {
    "name": 300,
    "group_name": 300,
    "location_name": 300,
    "address": 300,
    "city": 120,
    "state_province": 60,
    "postal_code": 20,
    "conference_phone": 60,
    "notes": 4000,
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EDITABLE = (
    *TEXT_LIMITS,
    "fellowship",
    "weekday",
    "start_time",
    "end_time",
    "time_zone",
    "latitude",
    "longitude",
    "conference_url",
    "url",
    "types",
)


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def parse_time(value: Any) -> dt.time:
    """ "19:00" or "7:30" (seconds allowed, as some feeds write them) → a time."""
    if isinstance(value, dt.time):
        return value
    match = _TIME.match(str(value).strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"“{str(value)[:20]}” is not a time; write it as HH:MM, e.g. 19:30.")
    return dt.time(int(match[1]), int(match[2]))


def check_zone(value: Any) -> str:
    text = str(value or "").strip()
    if text not in _zones():
        raise ValueError(
            f"“{text[:64]}” is not a time zone; use an IANA name such as America/New_York."
        )
    return text


def check_url(value: Any) -> str:
    text = str(value or "").strip()
    if not text:
        return ""
    try:
        _URL(text)
    except ValidationError:
        raise ValueError(
            f"“{text[:80]}” is not a web link; it must start with https:// or http://."
        ) from None
    if len(text) > 500:
        raise ValueError("The link is longer than 500 characters.")
    return text


def _coordinate(value: Any, limit: int, word: str) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValueError(f"The {word} must be a number.")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"“{str(value)[:20]}” is not a {word} (a number).") from None
    if not number.is_finite() or abs(number) > limit:
        raise ValueError(f"A {word} is between -{limit} and {limit}; this one is {value}.")
    return number.quantize(Decimal("0.000001"))


def _weekday(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("The weekday is a number from 0 (Monday) to 6 (Sunday).")
    try:
        day = int(value)
    except ValueError:
        raise ValueError("The weekday is a number from 0 (Monday) to 6 (Sunday).") from None
    if not 0 <= day <= 6:
        raise ValueError(f"The weekday is from 0 (Monday) to 6 (Sunday); {day} is not.")
    return day


def _types(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [part for part in re.split(r"[\s,]+", value) if part]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError('Types are a list of Meeting Guide codes, e.g. ["O", "S", "X"].')
    codes = []
    for code in value:
        if not _CODE.match(code.strip()):
            raise ValueError(f"“{code[:20]}” is not a type code (letters and digits, 1 to 10).")
        if code.strip().upper() not in codes:
            codes.append(code.strip().upper())
    return codes


def _text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ValueError("This must be text.")
    text = str(value).strip()
    if len(text) > TEXT_LIMITS[name]:
        raise ValueError(f"At most {TEXT_LIMITS[name]} characters; this has {len(text)}.")
    return text


def _one(name: str, raw: Mapping[str, Any], default_zone: str) -> Any:
    value = raw.get(name)
    if name in TEXT_LIMITS:
        return _text(name, value)
    if name == "fellowship":
        if value not in Fellowship.values:
            raise ValueError("Choose the fellowship (AA, NA, SMART, Celebrate Recovery …).")
        return value
    if name == "weekday":
        return _weekday(value)
    if name == "start_time":
        if value in (None, ""):
            raise ValueError("Give the start time as HH:MM, e.g. 19:30.")
        return parse_time(value)
    if name == "end_time":
        return None if value in (None, "") else parse_time(value)
    if name == "time_zone":
        return check_zone(value or default_zone)
    if name == "latitude":
        return _coordinate(value, 90, "latitude")
    if name == "longitude":
        return _coordinate(value, 180, "longitude")
    if name in ("conference_url", "url"):
        return check_url(value)
    if name == "types":
        return _types(value)
    raise KeyError(name)


def clean_meeting(raw: Mapping[str, Any], *, default_zone: str) -> tuple[dict[str, Any], dict]:
    """(clean values, {field: message}). Only the fields present in `raw` are checked for an
    edit (`partial`) — callers merge with the stored meeting first, so all are present here."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in EDITABLE:
        try:
            clean[name] = _one(name, raw, default_zone)
        except ValueError as exc:
            errors[name] = str(exc)
    if "name" not in errors and not clean.get("name"):
        errors["name"] = "Give the meeting a name."
    both = "latitude" not in errors and "longitude" not in errors
    if both and (clean["latitude"] is None) != (clean["longitude"] is None):
        errors["latitude"] = "Give both latitude and longitude, or neither."
    place = any(clean.get(k) for k in ("address", "location_name", "latitude"))
    link = clean.get("conference_url") or clean.get("conference_phone")
    if not errors and not place and not link:
        errors["address"] = "Give the address of the meeting, or its online link or phone."
    return clean, errors


def describe_when(weekday: int, start: dt.time, zone: str) -> str:
    hour = start.hour % 12 or 12
    half = "AM" if start.hour < 12 else "PM"
    return f"{WEEKDAYS[weekday]} {hour}:{start.minute:02d} {half} ({zone})"
