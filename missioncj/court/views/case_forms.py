"""Forms of the court-case pages. Fields are checked lightly here (types, lengths); the
services give the specific messages (a docket number used twice, a negative amount, a unit
without an amount …), shown next to the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from missioncj.core.forms import DateInput
from missioncj.court.models import (
    OPEN_CASE_STATUSES,
    CaseStatus,
    ChargeLevel,
    ConditionKind,
    ConditionStatus,
    ConditionUnit,
    Court,
)
from missioncj.programs.models import Intercept

OPEN_CHOICES = [(s.value, s.label) for s in OPEN_CASE_STATUSES]
CLOSED_CHOICES = [(s.value, s.label) for s in (CaseStatus.DISPOSED, CaseStatus.DISMISSED)]


class CourtChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        judge = f" · {obj.judge}" if obj.judge else ""
        return f"{obj.name}{judge}"


class CourtForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="E.g. Drug Court, Part 3.")
    location = forms.CharField(max_length=300, required=False, help_text="Building, street, room.")
    judge = forms.CharField(max_length=150, required=False, label="Presiding judge")


class CaseForm(forms.Form):
    court = CourtChoiceField(queryset=Court.objects.none(), to_field_name="public_id")
    docket_number = forms.CharField(max_length=60, label="Docket number")
    judge = forms.CharField(
        max_length=150, required=False, help_text="Leave empty for the court's presiding judge."
    )
    status = forms.ChoiceField(choices=OPEN_CHOICES)
    intercept = forms.TypedChoiceField(
        choices=Intercept.choices,
        coerce=int,
        label="Referral intercept",
        help_text="Where on the Sequential Intercept Model the referral came from.",
    )
    opened_on = forms.DateField(widget=DateInput(), label="Opened on")
    attorney_name = forms.CharField(max_length=150, required=False, label="Attorney")
    attorney_phone = forms.CharField(max_length=32, required=False, label="Attorney's phone")
    attorney_email = forms.CharField(max_length=254, required=False, label="Attorney's e-mail")
    probation_officer_name = forms.CharField(
        max_length=150, required=False, label="Probation officer"
    )
    probation_officer_phone = forms.CharField(
        max_length=32, required=False, label="Probation officer's phone"
    )
    probation_officer_email = forms.CharField(
        max_length=254, required=False, label="Probation officer's e-mail"
    )

    def __init__(self, *args: Any, courts: QuerySet[Court], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts  # type: ignore[attr-defined]
        first = courts.first()
        if first is not None and "court" not in self.initial:
            self.fields["court"].initial = first.public_id


class CaseEditForm(CaseForm):
    status = forms.ChoiceField(choices=CaseStatus.choices)
    disposed_on = forms.DateField(
        widget=DateInput(), required=False, label="Disposed on", help_text="Disposed cases only."
    )
    disposition = forms.CharField(max_length=300, required=False, help_text="Disposed cases only.")


class DisposeForm(forms.Form):
    status = forms.ChoiceField(choices=CLOSED_CHOICES, label="Outcome")
    disposed_on = forms.DateField(widget=DateInput(), label="Disposed on")
    disposition = forms.CharField(
        max_length=300, help_text="E.g. dismissed on graduation; sentenced to probation."
    )


class ChargeForm(forms.Form):
    statute = forms.CharField(max_length=80, help_text="E.g. 893.13(6)(a).")
    description = forms.CharField(max_length=300)
    level = forms.ChoiceField(choices=ChargeLevel.choices)
    degree = forms.CharField(max_length=20, required=False, help_text="Class or degree, e.g. F3.")
    disposition = forms.CharField(max_length=120, required=False)
    disposition_on = forms.DateField(widget=DateInput(), required=False, label="Disposition date")


class ConditionForm(forms.Form):
    kind = forms.ChoiceField(choices=ConditionKind.choices, label="Ordered")
    description = forms.CharField(
        max_length=300, help_text="As the court ordered it, e.g. 40 hours at the food bank."
    )
    ordered_on = forms.DateField(widget=DateInput(), label="Ordered on")
    due_on = forms.DateField(widget=DateInput(), required=False, label="Due by")
    unit = forms.ChoiceField(choices=ConditionUnit.choices, required=False, label="Measured in")
    required = forms.DecimalField(
        required=False,
        max_digits=12,
        decimal_places=4,
        label="Amount required",
        help_text="Hours, dollars or sessions; leave empty when not measured.",
    )
    protected_party = forms.CharField(
        max_length=150, required=False, help_text="No-contact orders: who is protected."
    )


class ProgressForm(forms.Form):
    on = forms.DateField(widget=DateInput(), label="Date")
    amount = forms.DecimalField(
        max_digits=12, decimal_places=4, help_text="Hours worked, dollars paid or sessions."
    )
    note = forms.CharField(max_length=300, required=False)


class ConditionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ConditionStatus.choices)
    note = forms.CharField(
        max_length=300, required=False, help_text="Why, and who decided (e.g. judge at review)."
    )
