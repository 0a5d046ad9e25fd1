from __future__ import annotations

from typing import Any

from django import forms

from missioncj.care.models import (
    COMPONENT_CODES,
    COMPONENT_LABELS,
    Location,
    Modality,
    WithWhom,
    components_from_codes,
)
from missioncj.core.forms import DateTimeInput
from missioncj.participants.models import OPEN_STATUSES, CollateralContact, Episode

COMPONENT_CHOICES = [(COMPONENT_CODES[flag], label) for flag, label in COMPONENT_LABELS.items()]


class EpisodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.program.name} ({obj.get_status_display().lower()})"


class ContactForm(forms.Form):
    episode = EpisodeChoiceField(queryset=Episode.objects.none(), label="Program")
    occurred_at = forms.DateTimeField(widget=DateTimeInput(), label="When")
    duration_minutes = forms.IntegerField(min_value=1, max_value=24 * 60, label="Minutes")
    modality = forms.ChoiceField(choices=Modality.choices, label="How")
    location = forms.ChoiceField(choices=Location.choices, label="Where")
    with_whom = forms.ChoiceField(choices=WithWhom.choices, label="With")
    collateral = forms.ModelChoiceField(
        queryset=CollateralContact.objects.none(), required=False, label="Collateral contact"
    )
    components = forms.MultipleChoiceField(
        choices=COMPONENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        label="MISSION-CJ components served",
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)
    draft = forms.BooleanField(required=False, label="Save as a draft (sign later)")

    def __init__(self, *args: Any, episodes: Any, participant: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["episode"].queryset = episodes  # type: ignore[attr-defined]
        # Preselect the one episode there is, or else the one still open (a person back
        # after a discharge): a contact belongs to the current episode almost always.
        listed = list(episodes)
        open_ones = [e for e in listed if e.status in OPEN_STATUSES]
        for choices in (listed, open_ones):
            if len(choices) == 1:
                self.fields["episode"].initial = choices[0]
                break
        self.fields["collateral"].queryset = participant.collaterals.all()  # type: ignore[attr-defined]

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        return {
            "episode": data["episode"],
            "occurred_at": data["occurred_at"],
            "duration_minutes": data["duration_minutes"],
            "modality": data["modality"],
            "location": data["location"],
            "with_whom": data["with_whom"],
            "collateral": data["collateral"],
            "components": components_from_codes(data["components"]),
            "note": data["note"],
        }


class AddendumForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Addendum")
