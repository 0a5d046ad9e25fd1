"""Forms of the court calendar and dockets (hearings, series, results, staffing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from missioncj.core.forms import DateInput
from missioncj.court.hearing_times import problem_at
from missioncj.court.models import Appearance, Court, HearingKind

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
FOLD_QUESTION = "This time happens twice that night: earlier ({0}) or later ({1})?"


def _required(what: str) -> dict[str, str]:
    return {"required": what, "invalid": what}


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%H:%M", **kwargs)  # type: ignore[arg-type]


def time_field(label: str = "Time (local)") -> forms.TimeField:
    return forms.TimeField(
        widget=TimeInput(),
        label=label,
        error_messages=_required("Enter the local time, e.g. 09:00."),
    )


def _fold(value: Any) -> int:
    return int(value)


class HearingForm(forms.Form):
    kind = forms.ChoiceField(choices=HearingKind.choices, initial=HearingKind.STATUS)
    local_date = forms.DateField(
        widget=DateInput(), label="Date", error_messages=_required("Enter the date of the hearing.")
    )
    local_time = time_field()
    room = forms.CharField(max_length=120, required=False)
    fold = forms.TypedChoiceField(
        choices=[("", ""), ("0", "earlier"), ("1", "later")],
        coerce=_fold,
        empty_value=None,
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, court: Court, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.court = court

    def ask_fold(self) -> None:
        """After the service says the time happens twice: ask which, naming the two offsets."""
        data = self.cleaned_data
        day, time = data.get("local_date"), data.get("local_time")
        if not isinstance(day, dt.date) or not isinstance(time, dt.time):
            return
        problem = problem_at(day, time, self.court.program.zone)
        if problem is None or problem.kind != "fold":
            return
        field = self.fields["fold"]
        field.widget = forms.Select()
        field.choices = [  # type: ignore[attr-defined]
            ("", "Choose …"),
            ("0", f"Earlier ({problem.earlier})"),
            ("1", f"Later ({problem.later})"),
        ]
        # The bound field was made while validating; it keeps its own copy of the label.
        self["fold"].label = FOLD_QUESTION.format(problem.earlier, problem.later)


class SeriesForm(forms.Form):
    kind = forms.ChoiceField(choices=HearingKind.choices, initial=HearingKind.STATUS)
    weekday = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int, initial=3, label="Every")
    local_time = time_field()
    every_weeks = forms.IntegerField(
        min_value=1, max_value=8, initial=1, label="Every how many weeks"
    )
    starts_on = forms.DateField(
        widget=DateInput(), label="From", error_messages=_required("Enter the first date.")
    )
    ends_on = forms.DateField(
        widget=DateInput(),
        required=False,
        label="Until (optional)",
        help_text="Without an end, hearings are laid out 26 weeks ahead; extend the series later.",
    )
    room = forms.CharField(max_length=120, required=False)


class DocketSearchForm(forms.Form):
    """Find someone to put on a docket by typing part of their name (or an identifier)."""

    q = forms.CharField(
        label="Add a participant",
        max_length=100,
        error_messages={
            "required": "Type part of a name to find someone to add.",
            "max_length": "Type at most 100 characters of the name.",
        },
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "placeholder": "Name or docket no."}
        ),
    )


class AddToDocketForm(forms.Form):
    """The person picked from the search, by public id; the view checks it against who the user
    may add (`court.docket.addable_person`)."""

    participant = forms.UUIDField(
        error_messages={
            "required": "Choose a participant to add.",
            "invalid": "Choose a participant from the search results.",
        }
    )


class AddToHearingForm(forms.Form):
    hearing = forms.ChoiceField(
        label="Hearing", error_messages=_required("Choose an upcoming hearing.")
    )

    def __init__(self, *args: Any, hearings: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hearing"].choices = [("", "Choose …"), *hearings]  # type: ignore[attr-defined]


class ResultForm(forms.Form):
    appearance = forms.ChoiceField(
        choices=[("", "Choose …"), *[(v, label) for v, label in Appearance.choices if v]],
        required=False,
    )
    outcome = forms.CharField(
        max_length=300,
        required=False,
        label="Outcome",
        help_text="What the court decided (e.g. continued in phase; incentive given).",
    )
    next_date = forms.DateField(widget=DateInput(), required=False, label="Next court date")
    schedule_next = forms.BooleanField(
        required=False, label="Put them on the docket of the next court date"
    )


class StaffingForm(forms.Form):
    entry = forms.UUIDField(widget=forms.HiddenInput)
    recommendation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Team recommendation",
    )
    staffing_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Staffing notes (court record, not a clinical note)",
    )


class RescheduleForm(HearingForm):
    kind = None  # type: ignore[assignment]


class CancelForm(forms.Form):
    reason = forms.CharField(max_length=300, required=False, label="Reason (optional)")
