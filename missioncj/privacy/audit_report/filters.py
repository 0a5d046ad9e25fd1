"""The question the audit report answers: a period (a month, or days from/to, `period=month|days`
saying which; by default from this day last month to today, days in the reader's time zone),
optionally one participant, one staff member, one kind and one action (or a dotted family of
actions), newest or oldest first, and where the page starts (a keyset cursor).

Each bad value gets its own message next to its field (page) or under its name (API 422), and
nothing is read or recorded. The cursor is the event's hash (unique, never a sequential key):
`after` continues past that event in the chosen order, `before` goes back toward the start."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django import forms
from django.contrib.auth import get_user_model
from django.http import QueryDict

from missioncj.core.forms import DateInput
from missioncj.core.models import AuditEvent, AuditKind
from missioncj.participants.models import Participant
from missioncj.privacy.audit_report.scope import Reader, findable_participant

NEWEST, OLDEST = "newest", "oldest"
MONTH_PERIOD, DAYS_PERIOD = "month", "days"
PERIODS = [(MONTH_PERIOD, "A month"), (DAYS_PERIOD, "Days")]
ORDERS = [(NEWEST, "Newest first"), (OLDEST, "Oldest first")]
# Query names that differ from the form's field names (`from` is a Python keyword).
QUERY_NAMES = {"start": "from", "end": "to"}
FIELD_NAMES = {v: k for k, v in QUERY_NAMES.items()}
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
CURSOR = re.compile(r"^[0-9a-f]{64}$")
ACTION = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
BAD_MONTH = "Enter a month as YYYY-MM, for example 2026-10."
BAD_CURSOR = "This page link is damaged or out of date: start again from the first page."


class MonthInput(forms.TextInput):
    input_type = "month"


class ReportForm(forms.Form):
    # Which of the two ways of giving the period counts, so a month left in the picker never
    # overrides days typed beside it (and the other way round); without it, a month given wins.
    period = forms.ChoiceField(required=False, choices=PERIODS, label="Period")
    month = forms.CharField(required=False, max_length=20, label="Month", widget=MonthInput)
    start = forms.DateField(required=False, label="From", widget=DateInput())
    end = forms.DateField(required=False, label="To", widget=DateInput())
    participant = forms.CharField(required=False, max_length=60, label="Participant id")
    actor = forms.CharField(required=False, max_length=150, label="Staff member (username)")
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *AuditKind.choices])
    action = forms.CharField(
        required=False,
        max_length=80,
        label="Action",
        help_text="A dotted name (participant.read) or its start (participant).",
    )
    order = forms.ChoiceField(required=False, choices=ORDERS, label="Order")
    after = forms.CharField(required=False, max_length=100)
    before = forms.CharField(required=False, max_length=100)

    def clean_month(self) -> dt.date | None:
        text = self.cleaned_data["month"].strip()
        if not text:
            return None
        match = MONTH.match(text)
        if not match or not (1 <= int(match[2]) <= 12) or not (1900 <= int(match[1]) <= 9998):
            raise forms.ValidationError(BAD_MONTH)
        return dt.date(int(match[1]), int(match[2]), 1)

    def clean_participant(self) -> UUID | None:
        text = self.cleaned_data["participant"].strip()
        if not text:
            return None
        try:
            return UUID(text)
        except ValueError:
            raise forms.ValidationError(
                "Enter a participant id: the long id in the address of their page."
            ) from None

    def clean_action(self) -> str:
        text = self.cleaned_data["action"].strip().lower()
        if text and not ACTION.match(text):
            raise forms.ValidationError(
                "An action is a dotted name such as participant.read, or its start (participant)."
            )
        return text

    def _cursor(self, name: str) -> str:
        text = self.cleaned_data[name].strip().lower()
        if text and not CURSOR.match(text):
            raise forms.ValidationError(BAD_CURSOR)
        return text

    def clean_after(self) -> str:
        return self._cursor("after")

    def clean_before(self) -> str:
        return self._cursor("before")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            self.add_error("end", "The end of the period must not be before its start.")
        if data.get("after") and data.get("before"):
            self.add_error("before", BAD_CURSOR)
        return data


def form_data(query: QueryDict) -> dict[str, str]:
    """The form's data from the query string (`from`/`to` become `start`/`end`)."""
    return {FIELD_NAMES.get(key, key): query.get(key, "") for key in query if key != "format"}


def month_before(day: dt.date) -> dt.date:
    """The same day last month (the last day of that month when it is shorter)."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, last)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover - 28 always exists


def month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


@dataclass(frozen=True)
class Cursor:
    token: str  # the event's hash
    direction: str  # "after" (further in the chosen order) or "before" (back toward the start)
    occurred_at: dt.datetime
    pk: int


@dataclass(frozen=True)
class Question:
    start: dt.date
    end: dt.date
    zone: zoneinfo.ZoneInfo
    month: dt.date | None = None
    participant: Participant | None = None
    actor: Any = None
    kind: str = ""
    action: str = ""
    order: str = NEWEST
    cursor: Cursor | None = None

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start 00:00, the day after end 00:00) in the reader's time zone."""
        low = dt.datetime.combine(self.start, dt.time.min, tzinfo=self.zone)
        high = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=self.zone)
        return low, high

    def params(self, **extra: str) -> dict[str, str]:
        """The question as query parameters (without a cursor unless given in `extra`)."""
        out: dict[str, str] = {}
        if self.month:
            out["month"] = self.month.strftime("%Y-%m")
        else:
            out |= {"from": self.start.isoformat(), "to": self.end.isoformat()}
        if self.participant is not None:
            out["participant"] = str(self.participant.public_id)
        if self.actor is not None:
            out["actor"] = self.actor.username
        for key in ("kind", "action"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if self.order != NEWEST:
            out["order"] = self.order
        return out | extra

    def query(self, **extra: str) -> str:
        return urlencode(self.params(**extra))

    def described(self) -> dict[str, Any]:
        """What was asked, for the audit event that records the reading."""
        return self.params() | {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "order": self.order,
        }


def resolve(form: ReportForm, reader: Reader, today: dt.date) -> Question | None:
    """The question, or None with every problem added to the form next to its field."""
    form.is_valid()
    data = form.cleaned_data  # the fields that passed their own checks
    question: dict[str, Any] = {"zone": reader.zone, "order": data.get("order") or NEWEST}
    if {"period", "month", "start", "end"} <= set(data):
        question |= period(form, data, today)
    if data.get("participant"):
        question["participant"] = findable_participant(reader, data["participant"])
        if question["participant"] is None:
            form.add_error(
                "participant",
                "No participant has this id."
                if reader.everything
                else "No participant of your programs has this id.",
            )
    if data.get("actor"):
        question["actor"] = get_user_model().objects.filter(username=data["actor"]).first()
        if question["actor"] is None:
            form.add_error("actor", f"No user is named “{data['actor']}”.")
    question |= {"kind": data.get("kind", ""), "action": data.get("action", "")}
    for direction in ("after", "before"):
        if data.get(direction):
            row = AuditEvent.objects.filter(hash=data[direction]).values_list("occurred_at", "pk")
            found = row.first()
            if found is None:
                form.add_error(direction, BAD_CURSOR)
            else:
                question["cursor"] = Cursor(data[direction], direction, *found)
    if form.errors:
        return None
    return Question(**question)


def period(form: ReportForm, data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A month (its first to last day), or from/to days: by default up to today, from the same
    day a month before the end."""
    chosen = data["period"] or (MONTH_PERIOD if data["month"] else DAYS_PERIOD)
    if chosen == MONTH_PERIOD:
        if not data["month"]:
            form.add_error("month", "Choose a month.")
            return {}
        return {"month": data["month"], "start": data["month"], "end": month_end(data["month"])}
    end = data["end"] or today
    start = data["start"] or month_before(end)
    if start > end:
        form.add_error("start", "The start of the period must not be after today.")
    return {"start": start, "end": end}
