"""Linkage forms: one column, big targets; the services do the real validation (their
messages land next to the field)."""

from __future__ import annotations

from typing import Any

from django import forms

from missioncj.care.models import PlanGoal
from missioncj.core.forms import DateInput
from missioncj.linkage.models import (
    ConfirmedBy,
    Meeting,
    ReferralStatus,
    Service,
    ServiceCategory,
    Strength,
    SupportRole,
    Urgency,
)
from missioncj.linkage.services.referrals import stuck_statuses


def _optional(field: forms.Field) -> forms.Field:
    field.required = False
    return field


class TieForm(forms.Form):
    role = forms.ChoiceField(choices=SupportRole.choices, label="Role")
    name = forms.CharField(max_length=200, label="Name", required=False)
    strength = forms.TypedChoiceField(
        choices=Strength.choices, coerce=int, label="Strength of the tie", initial=2
    )
    phone = forms.CharField(max_length=40, required=False, label="Phone")
    email = forms.CharField(max_length=254, required=False, label="E-mail")
    since = forms.DateField(widget=DateInput(), required=False, label="Since")
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        required=False,
        to_field_name="public_id",
        label="Directory service (optional)",
    )
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        to_field_name="public_id",
        label="Mutual-help meeting (optional)",
        help_text="A home group's regular meeting.",
    )
    note = forms.CharField(max_length=300, required=False, label="Note")

    def __init__(self, *args: Any, services: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]


class EndTieForm(forms.Form):
    ended_on = forms.DateField(widget=DateInput(), label="Ended on")
    note = forms.CharField(max_length=300, required=False, label="Why (optional)")


class ReferralForm(forms.Form):
    need = forms.ChoiceField(choices=ServiceCategory.choices, label="Need")
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        required=False,
        to_field_name="public_id",
        label="Directory service",
        help_text="Or leave empty and name a place that is not in the directory.",
    )
    place_name = forms.CharField(max_length=300, required=False, label="Place (off-directory)")
    place_contact = forms.CharField(
        max_length=300,
        required=False,
        label="How to reach the place",
        help_text="Phone, address or person.",
    )
    plan_goal = forms.ModelChoiceField(
        queryset=PlanGoal.objects.none(),
        required=False,
        to_field_name="public_id",
        label="Plan goal it serves (optional)",
    )
    urgency = forms.ChoiceField(choices=Urgency.choices, initial=Urgency.ROUTINE, label="Urgency")
    warm_handoff = forms.BooleanField(required=False, label="Warm hand-off: the peer goes along")
    referred_on = forms.DateField(widget=DateInput(), label="Referred on")
    note = forms.CharField(max_length=300, required=False, label="Note")

    def __init__(self, *args: Any, services: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["plan_goal"].queryset = goals  # type: ignore[attr-defined]


class StepForm(forms.Form):
    status = forms.ChoiceField(choices=ReferralStatus.choices, label="New status")
    on = forms.DateField(widget=DateInput(), label="On")
    confirmed_by = forms.ChoiceField(choices=ConfirmedBy.choices, label="Confirmed by")
    confirmer_name = forms.CharField(
        max_length=200,
        required=False,
        label="Confirmer's name",
        help_text="Required when the receiving provider confirmed it.",
    )
    note = forms.CharField(max_length=300, required=False, label="Note")

    def __init__(self, *args: Any, moves: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Show only the legal moves; any other value still reaches the service, which
        # refuses it with a message that says what the referral can move to.
        labels = dict(ReferralStatus.choices)
        self.fields["status"].widget.choices = [(m, labels[m]) for m in moves]


class SettingsForm(forms.Form):
    def __init__(self, *args: Any, current: dict[str, int | None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ReferralStatus.choices)
        for status in stuck_statuses():
            self.fields[status] = forms.IntegerField(
                required=False,
                label=f"Days a referral may stay {str(labels[status]).lower()}",
                initial=current.get(status),
                help_text="Blank: never flagged in this status.",
            )
