"""record_consent and revoke_consent: every 42 CFR 2.31 element, the 2.35 terms, signatures,
refusal, and revocation effective for the very next decision. A refused write saves nothing."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from missioncj.core.models import AuditEvent
from missioncj.court.services.cases import dispose_case
from missioncj.privacy.decisions import Recipient, decide
from missioncj.privacy.models import (
    Answer,
    Category,
    Consent,
    ConsentKind,
    ConsentRecipient,
    ConsentRevocation,
    Purpose,
    RecipientKind,
    SignatureKind,
)
from missioncj.privacy.services.consents import RecipientInput, record_consent, revoke_consent
from missioncj.privacy.states import with_states
from missioncj.privacy.tests.conftest import SIGNED

PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 40).decode()


def counts() -> tuple[int, int, int, int]:
    return (
        Consent.objects.count(),
        ConsentRecipient.objects.count(),
        ConsentRevocation.objects.count(),
        AuditEvent.objects.count(),
    )


def single(world: Any, **overrides: Any) -> dict[str, Any]:
    name = world.north_person.legal_name
    values: dict[str, Any] = {
        "kind": ConsentKind.SINGLE,
        "categories": [Category.ATTENDANCE],
        "recipients": [RecipientInput(kind=RecipientKind.PARTY, name="Harbor Housing")],
        "purpose": Purpose.PATIENT_REQUEST,
        "expires_on": dt.date(2027, 1, 31),
        "signer_name": name,
        "signature_kind": SignatureKind.TYPED,
        "signature_text": name,
        "signed_at": SIGNED,
    }
    values.update(overrides)
    return values


def refused(world: Any, values: dict[str, Any]) -> dict[str, list[str]]:
    before = counts()
    person = world.north_person
    with pytest.raises(ValidationError) as caught:
        record_consent(
            actor=world.user("casemanager"),
            participant=person,
            episode=person.episodes.get(),
            **values,
        )
    assert counts() == before, "a refused consent saved something"
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("missing", "field", "words"),
    [
        ({"categories": []}, "categories", "Choose the information"),
        ({"recipients": []}, "recipients", "Name at least one recipient"),
        ({"purpose": ""}, "purpose", "Choose the purpose"),
        ({"expires_on": None}, "expires_on", "Give an expiry date or an expiry event"),
        ({"signer_name": ""}, "signer_name", "Give the signer's full name"),
        ({"signature_kind": ""}, "signature_kind", "Choose how the consent was signed"),
        ({"signature_text": ""}, "signature_text", "Type the signer's full name"),
        ({"kind": ""}, "kind", "Choose the kind of consent"),
        (
            {"recipients": [RecipientInput(kind=RecipientKind.PARTY)]},
            "recipients",
            "Give the name of the outside person",
        ),
    ],
)
def test_every_element_is_required(world, missing, field, words):
    problems = refused(world, single(world, **missing))
    assert any(words in m for m in problems[field]), problems


def test_a_complete_consent_is_saved_with_its_audit_event(world):
    before = counts()
    person = world.north_person
    consent = record_consent(
        actor=world.user("casemanager"),
        participant=person,
        episode=person.episodes.get(),
        **single(world),
    )
    assert counts() == (before[0] + 1, before[1] + 1, before[2], before[3] + 1)
    assert consent.discloser == "Drug Court"
    assert "revoke this consent at any time" in consent.revocation_terms
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.action == "consent.create"


# --- 42 CFR 2.35 -------------------------------------------------------------------------------


def test_criminal_justice_needs_a_case(world, north_case, consent):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        consent(north_case, court_case=None)
    assert "Choose the court case" in caught.value.message_dict["court_case"][0]
    assert counts() == before


def test_criminal_justice_needs_an_end_date(world, north_case, consent):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        consent(north_case, expires_on=None, revocable_from=None)
    assert "42 CFR 2.35" in caught.value.message_dict["expires_on"][0]
    assert counts() == before


@pytest.mark.parametrize("notes", [Category.CLINICAL_NOTES, Category.COUNSELING_NOTES])
def test_criminal_justice_refuses_notes(world, north_case, consent, notes):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        consent(north_case, categories=[Category.ATTENDANCE, notes])
    assert caught.value.message_dict["categories"]
    assert counts() == before


def test_revocation_before_the_stated_day_is_refused(world, north_case, consent):
    signed = consent(north_case, revocable_from=dt.date(2027, 3, 1))
    before = counts()
    with pytest.raises(ValidationError) as caught:
        revoke_consent(actor=world.user("casemanager"), consent=signed, how="Letter")
    message = caught.value.message_dict["consent"][0]
    assert "cannot be revoked before 01 Mar 2027" in message and "2.35" in message
    assert counts() == before


def test_revocation_after_the_stated_day_is_allowed(world, north_case, consent):
    signed = consent(north_case, revocable_from=dt.date(2026, 10, 1))
    at = dt.datetime(2026, 10, 2, 15, 0, tzinfo=dt.UTC)
    revoke_consent(actor=world.user("casemanager"), consent=signed, how="Letter", revoked_at=at)
    assert ConsentRevocation.objects.get(consent=signed).revoked_at == at


def test_revocation_once_the_case_is_disposed_is_allowed(world, north_case, consent):
    signed = consent(north_case, revocable_from=dt.date(2027, 3, 1))
    dispose_case(
        actor=world.user("casemanager"),
        case=north_case,
        disposition="Dismissed on graduation",
        disposed_on=dt.date(2026, 11, 1),
    )
    revoke_consent(actor=world.user("casemanager"), consent=signed, how="Letter")
    assert ConsentRevocation.objects.filter(consent=signed).exists()
    [(_, state)] = with_states(Consent.objects.filter(pk=signed.pk))
    assert state.code in {"revoked", "ended_with_case"}


# --- counseling notes stand alone ----------------------------------------------------------------


def test_counseling_notes_consent_stands_alone(world):
    problems = refused(
        world,
        single(
            world,
            kind=ConsentKind.COUNSELING_NOTES,
            categories=[Category.COUNSELING_NOTES, Category.ATTENDANCE],
        ),
    )
    assert "covers those notes only" in problems["categories"][0]
    problems = refused(world, single(world, categories=[Category.COUNSELING_NOTES]))
    assert "consent of their own" in problems["categories"][0]
    person = world.north_person
    alone = record_consent(
        actor=world.user("clinician"),
        participant=person,
        episode=person.episodes.get(),
        **single(world, kind=ConsentKind.COUNSELING_NOTES, categories=[Category.COUNSELING_NOTES]),
    )
    assert alone.categories == [Category.COUNSELING_NOTES]


# --- signatures ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signature", "field", "words"),
    [
        ({"signature_text": "Someone Else"}, "signature_text", "must match the signer"),
        (
            {"signature_kind": SignatureKind.DRAWN, "signature_image": ""},
            "signature_image",
            "Draw the signature",
        ),
        (
            {
                "signature_kind": SignatureKind.DRAWN,
                "signature_image": "data:image/jpeg;base64,"
                + base64.b64encode(b"\xff\xd8\xff" + b"\0" * 10).decode(),
            },
            "signature_image",
            "Draw the signature",
        ),
        (
            {"signature_kind": SignatureKind.DRAWN, "signature_image": "data:image/png;base64,!!"},
            "signature_image",
            "Draw the signature",
        ),
        ({"signature_kind": SignatureKind.SCAN}, "signature_scan", "Attach the scan"),
        (
            {
                "signature_kind": SignatureKind.SCAN,
                "signature_scan": b"plain text, not a scan",
                "signature_scan_type": "text/plain",
            },
            "signature_scan",
            "PDF, PNG or JPEG",
        ),
        (
            {
                "signature_kind": SignatureKind.SCAN,
                "signature_scan": b"GIF89a....",
                "signature_scan_type": "application/pdf",
            },
            "signature_scan",
            "PDF, PNG or JPEG",
        ),
        (
            {
                "signature_kind": SignatureKind.SCAN,
                "signature_scan": b"%PDF-" + b"0" * (5 * 1024 * 1024),
                "signature_scan_type": "application/pdf",
            },
            "signature_scan",
            "larger than 5 MB",
        ),
    ],
)
def test_signature_checks(world, signature, field, words):
    problems = refused(world, single(world, **signature))
    assert any(words in m for m in problems[field]), problems


@pytest.mark.parametrize(
    "signature",
    [
        {"signature_text": "  test   NORTH "},
        {"signature_kind": SignatureKind.DRAWN, "signature_image": PNG},
        {
            "signature_kind": SignatureKind.SCAN,
            "signature_scan": b"%PDF-1.7 scan",
            "signature_scan_type": "application/pdf",
        },
        {
            "signature_kind": SignatureKind.SCAN,
            "signature_scan": b"\xff\xd8\xff\xe0 jpeg",
            "signature_scan_type": "image/jpeg",
        },
    ],
)
def test_good_signatures_are_kept(world, signature):
    person = world.north_person
    consent = record_consent(
        actor=world.user("peer"),
        participant=person,
        episode=person.episodes.get(),
        **single(world, **signature),
    )
    consent.refresh_from_db()
    assert consent.signature_kind == signature.get("signature_kind", SignatureKind.TYPED)
    if "signature_scan" in signature:
        assert bytes(consent.signature_scan or b"") == signature["signature_scan"]
    if "signature_image" in signature:
        assert consent.signature_image == PNG


# --- refusal and revocation ----------------------------------------------------------------------


def test_refusal_is_recorded_and_allows_nothing(world, north_case, coordinator_seat, consent):
    before = counts()
    answer = consent(north_case, answer=Answer.REFUSED, signature_kind="", signature_text="")
    assert answer.answer == Answer.REFUSED
    assert counts()[0] == before[0] + 1
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.action == "consent.refuse"
    [(_, state)] = with_states(Consent.objects.filter(pk=answer.pk))
    assert (state.code, state.label) == ("refused", "Refused")
    decision = decide(
        participant=world.north_person,
        recipient=Recipient.for_user(world.user("court")),
        purpose=Purpose.COURT_MONITORING,
        categories=[Category.ATTENDANCE],
    )
    assert not decision.allowed
    with pytest.raises(ValidationError) as caught:
        revoke_consent(actor=world.user("casemanager"), consent=answer, how="Letter")
    assert "nothing to revoke" in caught.value.message_dict["consent"][0]


def test_revocation_is_effective_for_the_very_next_decision(
    world, north_case, coordinator_seat, consent
):
    signed = consent(north_case, revocable_from=dt.date(2026, 10, 1))
    partner = Recipient.for_user(world.user("court"))

    def ask() -> Any:
        return decide(
            participant=world.north_person,
            recipient=partner,
            purpose=Purpose.COURT_MONITORING,
            categories=[Category.DRUG_TESTS],
        )

    assert ask().allowed
    revoke_consent(actor=world.user("casemanager"), consent=signed, how="Signed letter")
    after = ask()
    assert not after.allowed and "revoked" in after.reason
    [(_, state)] = with_states(Consent.objects.filter(pk=signed.pk))
    assert state.code == "revoked" and state.label == "Revoked"
    assert state.reason == after.facts[0].why_not_valid(timezone.now())


def test_states_follow_the_rule(world, north_case, consent):
    """Every reason the rule gives maps to a state word (none falls through to 'Ended')."""
    from missioncj.privacy.decisions import ConsentFacts, RecipientTerm
    from missioncj.privacy.states import state_of

    at = dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC)
    base = ConsentFacts(
        consent_id=1,
        kind=ConsentKind.CRIMINAL_JUSTICE,
        given=True,
        purpose=Purpose.COURT_MONITORING,
        categories=frozenset({"attendance"}),
        recipients=(RecipientTerm(RecipientKind.COURT_TEAM, court_id=1),),
        signed_at=SIGNED,
        time_zone="America/New_York",
        label="the consent",
    )
    from dataclasses import replace

    cases = {
        "in_force": base,
        "refused": replace(base, given=False),
        "not_yet_signed": replace(base, signed_at=at + dt.timedelta(days=1)),
        "revoked": replace(base, revoked_at=at - dt.timedelta(days=1)),
        "expired": replace(base, expires_on=dt.date(2026, 11, 1)),
        "ended_with_case": replace(base, case_closed_on=dt.date(2026, 11, 1)),
        "ended_with_treatment": replace(
            base,
            kind=ConsentKind.TPO,
            expiry_event="end_of_treatment",
            episode_closed_on=dt.date(2026, 11, 1),
        ),
        "used": replace(base, kind=ConsentKind.SINGLE, used=True),
    }
    for code, facts in cases.items():
        assert state_of(facts, at).code == code, code
