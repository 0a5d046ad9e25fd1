"""Forms of the fidelity pages: the report filters and the criteria settings. The service
(`update_outcome_settings` → `fidelity.check_criteria`) does the real validation; its messages
land next to the criterion's field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from missioncj.core.forms import DateInput
from missioncj.outcomes.fidelity import KINDS, Criterion, criteria_problems
from missioncj.programs.models import Program, Team

DEFAULT_WEEKS = 13


class FilterForm(forms.Form):
    start = forms.DateField(widget=DateInput(), required=False, label="From")
    end = forms.DateField(widget=DateInput(), required=False, label="To")
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label="All teams",
        label="Team",
    )

    def __init__(self, *args: Any, program: Program, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ModelChoiceField)
        team_field.queryset = (
            Team.objects.filter(program=program).select_related("program").order_by("name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        end = data.get("end") or self.today
        start = data.get("start") or end - dt.timedelta(weeks=DEFAULT_WEEKS - 1)
        if start > end:
            self.add_error("start", "The start must be on or before the end.")
        data["start"], data["end"] = start, end
        return data

    def values(self) -> tuple[dt.date, dt.date, Team | None]:
        """The chosen range and team, or the defaults (the last 13 weeks, all teams)."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"], self.cleaned_data["team"]
        return self.today - dt.timedelta(weeks=DEFAULT_WEEKS - 1), self.today, None


def _name(key: str, part: str) -> str:
    return f"{key}_{part}"


class CriteriaForm(forms.Form):
    """One row per criterion: include it, its weight, its target; and the high-fidelity line."""

    high_fidelity_percent = forms.IntegerField(
        label="High fidelity at or above (score 0 to 100)",
        help_text="A participant whose score reaches this is classed high fidelity.",
    )

    def __init__(
        self, *args: Any, current: list[Criterion], high_percent: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        chosen = {c.key: c for c in current}
        self.fields["high_fidelity_percent"].initial = high_percent
        for key, kind in KINDS.items():
            item = chosen.get(key)
            self.fields[_name(key, "on")] = forms.BooleanField(
                required=False, label=f"Count “{kind.label}”", initial=item is not None
            )
            self.fields[_name(key, "weight")] = forms.FloatField(
                required=False, label=f"{kind.label}: weight", initial=item.weight if item else 1
            )
            self.fields[_name(key, "target")] = forms.FloatField(
                required=False,
                label=f"{kind.label}: target ({kind.unit})",
                help_text=kind.explain,
                initial=item.target if item else kind.high,
            )

    def rows(self) -> list[dict[str, Any]]:
        """(criterion, its three bound fields) for the template."""
        return [
            {"kind": kind, **{p: self[_name(key, p)] for p in ("on", "weight", "target")}}
            for key, kind in KINDS.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        criteria = [
            {
                "key": key,
                "weight": data.get(_name(key, "weight")),
                "target": data.get(_name(key, "target")),
            }
            for key in KINDS
            if data.get(_name(key, "on"))
        ]
        if not criteria:
            raise forms.ValidationError("Count at least one criterion.")
        data["fidelity_criteria"] = criteria
        return data

    def place_problems(self, criteria: list[dict[str, Any]]) -> None:
        """Put each criteria problem next to the field it is about."""
        for index, part, message in criteria_problems(criteria):
            key = criteria[index]["key"] if index is not None else None
            name = _name(key, part) if key in KINDS and part in ("weight", "target") else None
            self.add_error(name, message)
