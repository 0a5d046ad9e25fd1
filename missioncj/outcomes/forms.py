"""Outcome report filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from missioncj.core.forms import DateInput
from missioncj.outcomes.dashboards import MAX_MONTHS


class PeriodForm(forms.Form):
    """A date range (at most three years), and for one program optionally a team and a court."""

    start = forms.DateField(label="From", widget=DateInput())
    end = forms.DateField(label="To", widget=DateInput())
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    court = forms.TypedChoiceField(label="Court", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, program: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if program is None:
            del self.fields["team"]
            del self.fields["court"]
            return
        from missioncj.court.models import Court

        team_field: forms.TypedChoiceField = self.fields["team"]  # type: ignore[assignment]
        court_field: forms.TypedChoiceField = self.fields["court"]  # type: ignore[assignment]
        team_field.choices = [("", "All teams")] + [
            (t.pk, t.name) for t in program.teams.order_by("name")
        ]
        court_field.choices = [("", "All courts")] + [
            (c.pk, c.name) for c in Court.objects.filter(program=program).order_by("name")
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end date is before the start date.")
            elif (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
                self.add_error("end", f"Choose at most {MAX_MONTHS} months.")
        return data


def default_period(today: dt.date) -> dict[str, str]:
    """The last twelve whole months up to today."""
    start = (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
    return {"start": start.isoformat(), "end": today.isoformat()}
