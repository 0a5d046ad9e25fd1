"""Forms for the drug-test pages (phone first: one column, few fields per screen)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from missioncj.core.forms import DateInput, DateTimeInput
from missioncj.court.models import (
    Analyte,
    AnalyteOutcome,
    Confirmation,
    DrugTest,
    Specimen,
    TestReason,
    TestStatus,
    Validity,
)

POSITIVE_ROWS = 3


class NoticeForm(forms.Form):
    reason = forms.ChoiceField(choices=TestReason.choices, initial=TestReason.RANDOM)
    specimen = forms.ChoiceField(choices=Specimen.choices, initial=Specimen.URINE)
    notified_at = forms.DateTimeField(
        widget=DateTimeInput(),
        required=False,
        label="Notified at",
        help_text="Program time. Leave empty for now.",
    )
    note = forms.CharField(max_length=300, required=False)


class OpenTestField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.local_date:%d %b %Y} · {obj.get_reason_display()} · notified"


class CollectionForm(forms.Form):
    test = OpenTestField(
        queryset=DrugTest.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label="New test (no notice recorded)",
        label="Test",
    )
    reason = forms.ChoiceField(
        choices=TestReason.choices,
        initial=TestReason.WALK_IN,
        help_text="For a new test only.",
    )
    collected_at = forms.DateTimeField(widget=DateTimeInput(), label="Collected at")
    specimen = forms.ChoiceField(choices=Specimen.choices, initial=Specimen.URINE)
    observed = forms.BooleanField(required=False, label="Collection observed")
    panel = forms.CharField(max_length=60, required=False, help_text="E.g. 12-panel + EtG.")
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, open_tests: QuerySet[DrugTest], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["test"].queryset = open_tests  # type: ignore[attr-defined]


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (s.value, s.label) for s in (TestStatus.MISSED, TestStatus.REFUSED, TestStatus.EXCUSED)
        ],
        widget=forms.RadioSelect,
        label="What happened",
    )
    reason = forms.CharField(max_length=300, help_text="E.g. did not answer the call-in line.")


_NON_NEGATIVE = [
    (AnalyteOutcome.POSITIVE.value, AnalyteOutcome.POSITIVE.label),
    (AnalyteOutcome.PRESCRIBED.value, AnalyteOutcome.PRESCRIBED.label),
]


class ResultsForm(forms.Form):
    """Most panels are all negative: tick what was tested negative, and give any positive or
    prescribed analyte on its own row."""

    resulted_at = forms.DateTimeField(widget=DateTimeInput(), label="Resulted at")
    validity = forms.ChoiceField(
        choices=Validity.choices, initial=Validity.VALID, label="Specimen validity"
    )
    negative = forms.MultipleChoiceField(
        choices=Analyte.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Tested negative",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, POSITIVE_ROWS + 1):
            self.fields[f"analyte_{i}"] = forms.ChoiceField(
                choices=[("", "—"), *Analyte.choices],
                required=False,
                label=f"Not negative ({i}): analyte",
            )
            self.fields[f"result_{i}"] = forms.ChoiceField(
                choices=_NON_NEGATIVE, required=False, label=f"Result ({i})"
            )
            self.fields[f"level_{i}"] = forms.DecimalField(
                required=False, min_value=0, decimal_places=3, label=f"Level ({i}), ng/mL"
            )
            self.fields[f"cutoff_{i}"] = forms.DecimalField(
                required=False, min_value=0, decimal_places=3, label=f"Cutoff ({i}), ng/mL"
            )
            self.fields[f"confirm_{i}"] = forms.BooleanField(
                required=False, label=f"Sent for confirmation ({i})"
            )

    def results(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        rows: list[dict[str, Any]] = [
            {"analyte": a, "result": AnalyteOutcome.NEGATIVE} for a in data["negative"]
        ]
        for i in range(1, POSITIVE_ROWS + 1):
            analyte = data.get(f"analyte_{i}")
            if not analyte:
                continue
            rows.append(
                {
                    "analyte": analyte,
                    "result": data.get(f"result_{i}") or AnalyteOutcome.POSITIVE,
                    "level": data.get(f"level_{i}"),
                    "cutoff": data.get(f"cutoff_{i}"),
                    "confirmation": Confirmation.PENDING if data.get(f"confirm_{i}") else "",
                }
            )
        return rows


class ConfirmationForm(forms.Form):
    analyte = forms.ChoiceField(choices=[])
    confirmed = forms.TypedChoiceField(
        choices=[("yes", "Confirmed positive"), ("no", "Not confirmed (negative)")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Confirmation result",
    )
    confirmed_at = forms.DateTimeField(widget=DateTimeInput(), label="Confirmed on")

    def __init__(self, *args: Any, analytes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["analyte"].choices = analytes  # type: ignore[attr-defined]


class RandomStartForm(forms.Form):
    starts_on = forms.DateField(widget=DateInput(), label="Start random call-ins on")
