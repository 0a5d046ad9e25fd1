"""Forms for the program's own directory entries: phone first (one column, plain inputs),
checking left to the services so a form, the API and an import say the same thing."""

from __future__ import annotations

from typing import Any

from django import forms

from missioncj.linkage.directory_fields import WEEKDAYS
from missioncj.linkage.models import PhoneType, ServiceCategory

FREE = [("", "Not known"), ("yes", "Free"), ("no", "Fees apply")]


def _text(label: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, **kwargs)


def _area(label: str) -> forms.CharField:
    return _text(label, widget=forms.Textarea(attrs={"rows": 3}))


class OrganizationForm(forms.Form):
    name = _text("Name")
    alternate_name = _text("Also known as")
    description = _area("Description")
    website = _text("Web site", widget=forms.URLInput)
    email = _text("E-mail", widget=forms.EmailInput)
    phone = _text("Main phone (optional)", widget=forms.TextInput(attrs={"type": "tel"}))


class ServiceForm(forms.Form):
    organization = forms.ChoiceField(label="Organization")
    name = _text("Name")
    description = _area("What it offers")
    categories = forms.MultipleChoiceField(
        label="Categories",
        required=False,
        choices=ServiceCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    eligibility_description = _area("Who can use it")
    minimum_age = _text("Minimum age", widget=forms.NumberInput)
    maximum_age = _text("Maximum age", widget=forms.NumberInput)
    free = forms.ChoiceField(label="Cost", choices=FREE, required=False)
    fees_description = _text("Fees (what and how much)")
    application_process = _text("How to apply")
    wait_time = _text("Usual wait")
    languages = _text("Languages", help_text="Separate with commas, e.g. English, Spanish")
    interpretation_services = _text("Interpretation")
    url = _text("Web page", widget=forms.URLInput)
    email = _text("E-mail", widget=forms.EmailInput)
    status = forms.ChoiceField(
        label="Status",
        choices=[
            ("active", "Active"),
            ("inactive", "Inactive"),
            ("temporarily closed", "Closed for now"),
        ],
    )

    def __init__(self, *args: Any, organizations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = organizations  # type: ignore[attr-defined]


class LocationForm(forms.Form):
    organization = forms.ChoiceField(label="Organization")
    name = _text("Name of the place")
    address_1 = _text("Street address")
    address_2 = _text("Suite, floor")
    city = _text("City or town")
    state_province = _text("State")
    postal_code = _text("ZIP code")
    latitude = _text("Latitude", help_text="Decimal degrees, e.g. 41.5012")
    longitude = _text("Longitude", help_text="Decimal degrees, e.g. -71.2987")
    transportation = _text("Getting there (bus lines, parking)")
    accessibility = _text(
        "Accessibility", help_text="Separate with commas, e.g. Wheelchair accessible"
    )
    description = _area("Notes")

    def __init__(self, *args: Any, organizations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = organizations  # type: ignore[attr-defined]


class HoursForm(forms.Form):
    weekday = forms.ChoiceField(label="Day", choices=list(enumerate(WEEKDAYS)))
    opens_at = _text("Opens", widget=forms.TimeInput(attrs={"type": "time"}))
    closes_at = _text("Closes", widget=forms.TimeInput(attrs={"type": "time"}))
    location = forms.ChoiceField(label="Where", required=False)
    description = _text("Note (e.g. walk-in only)")

    def __init__(self, *args: Any, locations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Wherever the service is"), *locations]
        self.fields["location"].choices = choices  # type: ignore[attr-defined]


class PhoneForm(forms.Form):
    number = _text("Number", widget=forms.TextInput(attrs={"type": "tel"}))
    extension = _text("Extension")
    type = forms.ChoiceField(label="Kind", choices=PhoneType.choices)
    description = _text("Note (e.g. after hours)")
