"""Forms of the consent pages. Fields are checked lightly here (types, lengths, the upload);
the service names what is missing or wrong for each 42 CFR 2.31 element, shown next to the
field. One form per consent kind: it offers only what that kind may hold."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.html import format_html

from missioncj.core.forms import DateInput, DateTimeInput
from missioncj.court.models import Court, CourtCase, CourtSeat
from missioncj.privacy import recipients as recipient_tokens
from missioncj.privacy.models import (
    Answer,
    Category,
    ConsentKind,
    ExpiryEvent,
    Language,
    Purpose,
    SignatureKind,
)
from missioncj.privacy.services.consents import MAX_SCAN_BYTES
from missioncj.privacy.wording import CATEGORY_DESCRIPTIONS

NOTES = {Category.CLINICAL_NOTES.value, Category.COUNSELING_NOTES.value}


def category_choices(kind: str) -> list[tuple[str, Any]]:
    if kind == ConsentKind.COUNSELING_NOTES:
        values = [Category.COUNSELING_NOTES.value]
    elif kind == ConsentKind.CRIMINAL_JUSTICE:
        values = [c for c in Category.values if c not in NOTES]
    else:
        values = [c for c in Category.values if c != Category.COUNSELING_NOTES]
    return [
        (
            v,
            format_html(
                "{} <span class='help'>{}</span>",
                Category(v).label,
                CATEGORY_DESCRIPTIONS["en"][v],
            ),
        )
        for v in values
    ]


def purpose_choices(kind: str) -> list[tuple[str, str]]:
    if kind == ConsentKind.CRIMINAL_JUSTICE:
        return [(Purpose.COURT_MONITORING.value, Purpose.COURT_MONITORING.label)]
    return [(p.value, p.label) for p in Purpose if p != Purpose.COURT_MONITORING]


def expiry_choices(kind: str) -> list[tuple[str, str]]:
    events = list(ExpiryEvent)
    if kind != ConsentKind.TPO:
        events.remove(ExpiryEvent.NO_EXPIRY)
    return [(e.value, e.label) for e in events]


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.docket_number} · {obj.court.name} ({obj.get_status_display().lower()})"


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(choices=ConsentKind.choices, widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        choices=Answer.choices,
        widget=forms.RadioSelect,
        initial=Answer.GIVEN,
        label="The participant",
        help_text="Refused: the question was asked and the participant said no; it is recorded.",
    )
    court_case = CaseChoiceField(
        queryset=CourtCase.objects.none(),
        to_field_name="public_id",
        required=False,
        label="Court case",
        help_text="The case whose court made the program a condition (42 CFR 2.35).",
    )
    recipients = forms.MultipleChoiceField(
        choices=[], required=False, widget=forms.CheckboxSelectMultiple, label="Who may receive it"
    )
    parties = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Named outside people or organisations",
        help_text="One a line, as they read on the form, e.g. Harbor Clinic, Dr. Ames.",
    )
    categories = forms.MultipleChoiceField(
        choices=[], required=False, widget=forms.CheckboxSelectMultiple, label="The information"
    )
    information = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="More specific description (optional)",
        help_text="E.g. test results from 1 October on; attendance at the DRT group.",
    )
    purpose = forms.ChoiceField(choices=[], widget=forms.RadioSelect, label="Purpose")
    purpose_detail = forms.CharField(
        required=False, max_length=300, label="The purpose in the participant's words"
    )
    expires_on = forms.DateField(required=False, widget=DateInput(), label="Ends on")
    expiry_event = forms.ChoiceField(
        choices=[], required=False, label="Or ends with", help_text="Whichever comes first."
    )
    revocable_from = forms.DateField(
        required=False,
        widget=DateInput(),
        label="Earliest day it may be revoked",
        help_text="No later than final disposition: once the case is disposed it is revocable.",
    )
    discloser = forms.CharField(
        required=False,
        max_length=300,
        label="Who may disclose",
        help_text="Leave empty for this program.",
    )
    language = forms.ChoiceField(
        choices=Language.choices, widget=forms.RadioSelect, initial=Language.ENGLISH
    )
    signer_name = forms.CharField(max_length=200, required=False, label="Signer's full name")
    signer_authority = forms.CharField(
        max_length=200,
        required=False,
        label="Authority to sign (if not the participant)",
        help_text="E.g. legal guardian. Leave empty when the participant signs.",
    )
    signed_at = forms.DateTimeField(widget=DateTimeInput(), label="Signed at")
    signature_kind = forms.ChoiceField(
        choices=SignatureKind.choices,
        required=False,
        widget=forms.RadioSelect,
        label="Signature",
        initial=SignatureKind.DRAWN,
    )
    signature_image = forms.CharField(required=False, widget=forms.HiddenInput)
    signature_text = forms.CharField(
        required=False, max_length=200, label="Typed signature", help_text="The signer's full name."
    )
    signature_scan = forms.FileField(
        required=False,
        label="Scan of the signed paper form",
        help_text="PDF, PNG or JPEG, at most 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )

    def __init__(
        self,
        *args: Any,
        kind: str,
        courts: QuerySet[Court],
        seats: QuerySet[CourtSeat],
        cases: QuerySet[CourtCase],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.consent_kind = kind
        self.fields["kind"].initial = kind
        self._choices("recipients", recipient_tokens.choices(courts, seats, kind))
        self._choices("categories", category_choices(kind))
        self._choices("purpose", purpose_choices(kind))
        self.fields["purpose"].initial = {
            ConsentKind.CRIMINAL_JUSTICE: Purpose.COURT_MONITORING,
            ConsentKind.TPO: Purpose.TPO,
        }.get(ConsentKind(kind), Purpose.PATIENT_REQUEST)
        self._choices("expiry_event", expiry_choices(kind))
        if kind == ConsentKind.COUNSELING_NOTES:
            self.fields["categories"].initial = [Category.COUNSELING_NOTES.value]
        if kind == ConsentKind.CRIMINAL_JUSTICE:
            self.fields["court_case"].queryset = cases  # type: ignore[attr-defined]
            self.fields["expiry_event"].initial = ExpiryEvent.CASE_DISPOSITION
            del self.fields["parties"]
        else:
            del self.fields["court_case"]
            del self.fields["revocable_from"]

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean_signature_scan(self) -> Any:
        upload = self.cleaned_data.get("signature_scan")
        if upload and upload.size > MAX_SCAN_BYTES:
            raise forms.ValidationError("The scan is larger than 5 MB; scan at a lower size.")
        return upload

    def service_kwargs(self) -> dict[str, Any]:
        """Cleaned data as `record_consent` takes it (recipients resolved by the view)."""
        data = dict(self.cleaned_data)
        upload = data.pop("signature_scan", None)
        data.pop("parties", None)
        data.pop("recipients", None)
        data.setdefault("court_case", None)
        if upload:
            data["signature_scan"] = upload.read()
            data["signature_scan_type"] = upload.content_type or ""
        if data.get("signature_kind") != SignatureKind.DRAWN:
            data.pop("signature_image", None)
        signed_somehow = upload or data.get("signature_image") or data.get("signature_text")
        if data.get("answer") == Answer.REFUSED and not signed_somehow:
            # A refusal need not be signed: the way preselected on the form is not a signature.
            data["signature_kind"] = ""
        return data

    def party_names(self) -> list[str]:
        return (self.cleaned_data.get("parties") or "").splitlines()


class RevokeForm(forms.Form):
    how = forms.CharField(
        max_length=300,
        required=False,
        label="How the participant revoked it",
        help_text="E.g. signed letter handed in at the office on 3 March.",
    )
    revoked_at = forms.DateTimeField(
        widget=DateTimeInput(),
        required=False,
        label="Revoked at",
        help_text="Leave empty for now.",
    )


class PeriodForm(forms.Form):
    """The accounting's period: from/to days in the program's time zone (default 3 years)."""

    start = forms.DateField(widget=DateInput(), required=False, label="From")
    end = forms.DateField(widget=DateInput(), required=False, label="To")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            self.add_error("end", "The end of the period must not be before its start.")
        return data
