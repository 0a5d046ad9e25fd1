"""Consents under 42 CFR Part 2: every §2.31 element, the §2.35 criminal-justice terms, the
recipients named, and revocation. A refusal is a consent row too (answer `refused`), so the
record shows that the question was asked.

A consent row is never edited after it is recorded: a change is a new consent, and revocation
is its own row (`ConsentRevocation`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from missioncj.core.models import PublicModel
from missioncj.court.models import Court, CourtCase, Seat
from missioncj.participants.models import Episode, Participant


class Category(models.TextChoices):
    """The information a consent describes, as categories the system can filter by."""

    ATTENDANCE = "attendance", "Attendance and contacts"
    DRUG_TESTS = "drug_tests", "Drug and alcohol test results"
    PHASE = "phase", "Phase and compliance"
    RESPONSES = "responses", "Incentives and sanctions"
    ASSESSMENTS = "assessments", "Assessment scores"
    PLAN = "plan", "Treatment-plan progress"
    DIAGNOSES = "diagnoses", "Diagnoses"
    CLINICAL_NOTES = "clinical_notes", "Clinical notes"
    COUNSELING_NOTES = "counseling_notes", "SUD counseling notes"


class ConsentKind(models.TextChoices):
    CRIMINAL_JUSTICE = "criminal_justice", "Criminal-justice consent (42 CFR 2.35)"
    TPO = "tpo", "Treatment, payment and health care operations"
    SINGLE = "single", "One specific disclosure"
    COUNSELING_NOTES = "counseling_notes", "SUD counseling notes (stands alone)"


class Answer(models.TextChoices):
    GIVEN = "given", "Signed"
    REFUSED = "refused", "Refused"


class Purpose(models.TextChoices):
    COURT_MONITORING = "court_monitoring", "To monitor progress in the court case"
    TPO = "tpo", "For treatment, payment and health care operations"
    PATIENT_REQUEST = "patient_request", "At the request of the patient"
    OTHER = "other", "Another stated purpose"


class ExpiryEvent(models.TextChoices):
    NONE = "", "No event (the date only)"
    CASE_DISPOSITION = "case_disposition", "Final disposition of the court case"
    END_OF_TREATMENT = "end_of_treatment", "End of treatment in this program"
    NO_EXPIRY = "none", "None (treatment, payment and operations consents only)"


class SignatureKind(models.TextChoices):
    DRAWN = "drawn", "Drawn on screen"
    TYPED = "typed", "Typed name"
    SCAN = "scan", "Scan of a paper form"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Español"


class Consent(PublicModel):
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="consents")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="consents")
    kind = models.CharField(max_length=20, choices=ConsentKind.choices)
    answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.GIVEN)
    discloser = models.CharField(max_length=300, help_text="who may make the disclosure")
    categories = models.JSONField(default=list, help_text="Category values")
    information = models.TextField(
        blank=True, help_text="anything more specific about the information, in plain words"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    purpose_detail = models.CharField(max_length=300, blank=True)
    court_case = models.ForeignKey(
        CourtCase, null=True, blank=True, on_delete=models.PROTECT, related_name="consents"
    )
    expires_on = models.DateField(null=True, blank=True)
    expiry_event = models.CharField(
        max_length=20, choices=ExpiryEvent.choices, blank=True, default=ExpiryEvent.NONE
    )
    revocable_from = models.DateField(
        null=True,
        blank=True,
        help_text="criminal-justice consents: the earliest day it may be revoked "
        "(it is always revocable once the case is finally disposed)",
    )
    revocation_terms = models.TextField(help_text="the right to revoke and how, as stated")
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)
    signer_name = models.CharField(max_length=200)
    signer_authority = models.CharField(
        max_length=200, blank=True, help_text="blank when the participant signed"
    )
    signature_kind = models.CharField(max_length=10, choices=SignatureKind.choices)
    signature_text = models.CharField(max_length=200, blank=True)
    signature_image = models.TextField(blank=True, help_text="PNG data URL from the signature pad")
    signature_scan = models.BinaryField(null=True, blank=True)
    signature_scan_type = models.CharField(max_length=40, blank=True)
    signed_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-signed_at", "-pk"]
        indexes = [models.Index(fields=["participant", "signed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.signed_at:%Y-%m-%d}"


class RecipientKind(models.TextChoices):
    PERSON = "person", "A named person (with an account)"
    SEAT = "seat", "A role at a court"
    COURT_TEAM = "court_team", "A court's whole team"
    PARTY = "party", "A named outside person or organisation"
    PROVIDER_CLASS = "provider_class", "Treating providers, payers and program operations"


class ConsentRecipient(models.Model):
    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(max_length=20, choices=RecipientKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    court = models.ForeignKey(
        Court, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    seat = models.CharField(max_length=12, choices=Seat.choices, blank=True)
    name = models.CharField(max_length=200, help_text="as it reads on the form")

    def __str__(self) -> str:
        return self.name


class ConsentRevocation(PublicModel):
    consent = models.OneToOneField(Consent, on_delete=models.PROTECT, related_name="revocation")
    revoked_at = models.DateTimeField()
    how = models.CharField(max_length=300, help_text="e.g. signed letter, form at the office")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"revoked {self.revoked_at:%Y-%m-%d}"
