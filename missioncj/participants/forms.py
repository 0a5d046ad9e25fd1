from __future__ import annotations

from typing import Any

from django import forms

from missioncj.accounts.scope import scope_of
from missioncj.core.forms import DateInput
from missioncj.participants.models import (
    DischargeReason,
    EpisodeStatus,
    IdentifierKind,
    Participant,
)
from missioncj.programs.models import Team

PERSON_WIDGETS = {"date_of_birth": DateInput()}


class PersonForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = [
            "first_name",
            "middle_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "sex",
            "gender_identity",
            "race",
            "ethnicity",
            "veteran_status",
            "preferred_language",
        ]
        widgets = PERSON_WIDGETS


def teams_for(user: Any) -> Any:
    scope = scope_of(user)
    return Team.objects.filter(pk__in=scope.team_ids).select_related(
        "program"
    ) | Team.objects.filter(program_id__in=scope.program_ids)


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.program.name} · {obj.name}"


class ReferralForm(PersonForm):
    """A new participant: who they are and where they were referred."""

    team = TeamChoiceField(queryset=Team.objects.none(), label="Program and team")
    referral_date = forms.DateField(widget=DateInput())
    referral_source = forms.CharField(
        max_length=120, required=False, help_text="Judge, attorney, jail classification …"
    )
    identifier_kind = forms.ChoiceField(
        choices=IdentifierKind.choices, required=False, label="Identifier type"
    )
    identifier_value = forms.CharField(max_length=64, required=False, label="Identifier")
    phone = forms.CharField(max_length=32, required=False, label="Mobile phone")
    consent_to_text = forms.BooleanField(required=False, label="Agrees to text messages")
    # Shown with the possible matches (participants/referral_matches.py), never on its own.
    confirm_new = forms.BooleanField(
        required=False, label="This is a new person, not one of the possible matches"
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = teams_for(user).select_related("program").order_by("program__name", "name")
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        if teams.count() == 1:
            self.fields["team"].initial = teams.first()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("identifier_value") and not data.get("identifier_kind"):
            self.add_error("identifier_kind", "Choose the type of identifier.")
        return data


class IdentifierForm(forms.Form):
    kind = forms.ChoiceField(choices=IdentifierKind.choices, label="Type")
    value = forms.CharField(max_length=64, label="Number")
    issuer = forms.CharField(max_length=120, required=False, label="Issued by")


class PhoneForm(forms.Form):
    number = forms.CharField(max_length=32)
    label = forms.CharField(max_length=40, required=False)
    consent_to_text = forms.BooleanField(required=False, label="Agrees to text messages")


class AddressForm(forms.Form):
    line1 = forms.CharField(max_length=200, label="Street address")
    line2 = forms.CharField(max_length=200, required=False, label="Apartment, unit")
    city = forms.CharField(max_length=100)
    state = forms.CharField(max_length=40)
    postal_code = forms.CharField(max_length=12, required=False)
    kind = forms.CharField(
        max_length=40,
        required=False,
        label="Kind of place",
        help_text="home, shelter, sober house …",
    )


class CollateralForm(forms.Form):
    name = forms.CharField(max_length=150)
    relationship = forms.CharField(max_length=80)
    phone = forms.CharField(max_length=32, required=False)
    email = forms.EmailField(required=False)
    notes = forms.CharField(max_length=300, required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (EpisodeStatus.SCREENING, "Start screening"),
            (EpisodeStatus.ENROLLED, "Enroll"),
            (EpisodeStatus.NOT_ENROLLED, "Close: not enrolled"),
            (EpisodeStatus.DISCHARGED, "Discharge"),
        ],
        label="Change",
    )
    date = forms.DateField(widget=DateInput())
    reason = forms.ChoiceField(
        choices=[("", "—"), *DischargeReason.choices], required=False, label="Discharge reason"
    )
    note = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NewEpisodeForm(forms.Form):
    team = TeamChoiceField(queryset=Team.objects.none(), label="Program and team")
    referral_date = forms.DateField(widget=DateInput())
    referral_source = forms.CharField(max_length=120, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = teams_for(user).select_related("program").order_by("program__name", "name")
        self.fields["team"].queryset = qs  # type: ignore[attr-defined]


class AssignTeamForm(forms.Form):
    team = TeamChoiceField(queryset=Team.objects.none(), label="Team")

    def __init__(self, *args: Any, user: Any, program: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = teams_for(user).filter(program=program).select_related("program").order_by("name")
        self.fields["team"].queryset = qs  # type: ignore[attr-defined]


class SearchForm(forms.Form):
    q = forms.CharField(
        max_length=100,
        required=False,
        label="Name or identifier",
        error_messages={"max_length": "Type at most 100 characters of the name or identifier."},
    )


class BreakGlassForm(forms.Form):
    """Opening a restricted record: a reason, then typing OPEN to confirm (checked by the
    service, so the API asks the same)."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Why do you need this record now?",
        help_text="At least 15 characters. Your reason is recorded and a supervisor reviews it.",
    )
    confirm = forms.CharField(
        required=False,
        label="Type OPEN to confirm",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
