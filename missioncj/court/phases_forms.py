"""Forms of the court-phase pages. Limits and messages come from the services, so a form only
parses (numbers, dates, choices) and the service says what is wrong with a value."""

from __future__ import annotations

from typing import Any

from django import forms

from missioncj.core.forms import DateInput
from missioncj.court.models import Court, CourtPhase, Magnitude, ResponseKind
from missioncj.court.services.phase_moves import DECIDED_BY_MAX, REASON_MAX
from missioncj.court.services.responses import TEXT_MAX


class PhaseForm(forms.Form):
    name = forms.CharField(max_length=80, required=False)
    min_days = forms.IntegerField(label="Minimum days in the phase", help_text="0: no minimum")
    negative_days = forms.IntegerField(
        label="Consecutive clean days to advance", help_text="0: not a criterion"
    )
    attendance_percent = forms.IntegerField(
        label="Group attendance in the phase (%)", help_text="0: not a criterion"
    )
    no_sanctions_days = forms.IntegerField(
        label="Days without a sanction", help_text="0: not a criterion"
    )
    tasks = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Tasks to complete",
        help_text="One per line, e.g. State ID obtained",
    )
    tests_per_week = forms.DecimalField(label="Random tests per week", decimal_places=None)
    hearing_every_days = forms.IntegerField(label="Status hearing at least every … days")

    def clean_tasks(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["tasks"].splitlines() if line.strip()]

    @staticmethod
    def initial_for(phase: CourtPhase) -> dict[str, Any]:
        return {
            "name": phase.name,
            "min_days": phase.min_days,
            "negative_days": phase.negative_days,
            "attendance_percent": phase.attendance_percent,
            "no_sanctions_days": phase.no_sanctions_days,
            "tasks": "\n".join(phase.tasks or []),
            "tests_per_week": phase.tests_per_week,
            "hearing_every_days": phase.hearing_every_days,
        }


class NewPhaseForm(PhaseForm):
    number = forms.IntegerField(label="Phase number")
    field_order = ["number", "name"]


def _decided_by() -> forms.CharField:
    return forms.CharField(
        max_length=DECIDED_BY_MAX,
        required=False,
        label="Decided by",
        help_text="e.g. the judge's name",
    )


def _reason(help_text: str) -> forms.CharField:
    return forms.CharField(
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason",
        help_text=help_text,
    )


class StartForm(forms.Form):
    court = forms.ChoiceField(label="Court")
    on = forms.DateField(widget=DateInput(), label="Date")
    decided_by = _decided_by()
    reason = _reason("Optional: defaults to “Started at enrollment”.")

    def __init__(self, *args: Any, courts: list[Court], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["court"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(c.public_id), c.name) for c in courts]
        self.courts = {str(c.public_id): c for c in courts}


class PromoteForm(forms.Form):
    on = forms.DateField(widget=DateInput(), label="Date")
    decided_by = _decided_by()
    reason = _reason("Required when not every criterion is met.")


class DemoteForm(forms.Form):
    to_number = forms.TypedChoiceField(coerce=int, label="Return to")
    on = forms.DateField(widget=DateInput(), label="Date")
    decided_by = _decided_by()
    reason = _reason("Why the participant returns to an earlier phase (required).")

    def __init__(self, *args: Any, phases: list[CourtPhase], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_number"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(p.number, str(p)) for p in phases]


class TaskForm(forms.Form):
    task = forms.ChoiceField(label="Task done")
    done_on = forms.DateField(widget=DateInput(), label="Done on")

    def __init__(self, *args: Any, tasks: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["task"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(t, t) for t in tasks]

    def clean_task(self) -> str:
        return str(self.cleaned_data["task"])


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(choices=ResponseKind.choices, label="Kind")
    behaviour = forms.CharField(
        max_length=TEXT_MAX, required=False, label="Behaviour", help_text="what prompted it"
    )
    response = forms.CharField(
        max_length=TEXT_MAX, required=False, label="Response", help_text="what was given or imposed"
    )
    magnitude = forms.ChoiceField(choices=Magnitude.choices, label="Magnitude")
    jail_days = forms.IntegerField(required=False, label="Jail days (sanctions only)")
    decided_on = forms.DateField(widget=DateInput(), label="Decided on")
    delivered_on = forms.DateField(
        widget=DateInput(), required=False, label="Delivered on", help_text="empty if not yet"
    )
    decided_by = _decided_by()
    hearing = forms.ChoiceField(required=False, label="At hearing (optional)")

    def __init__(self, *args: Any, hearings: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["hearing"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Not at a hearing")] + [
            (str(h.public_id), f"{h.court.name} · {h.get_kind_display()} {h.local_date:%d %b %Y}")
            for h in hearings
        ]
        self.hearings = {str(h.public_id): h for h in hearings}


class DeliveredForm(forms.Form):
    delivered_on = forms.DateField(widget=DateInput(), label="Delivered on")
