"""Recording a disclosure: the SHA-256 of what was sent, the consents relied on, the audit
event; refused when the consent no longer covers it; a single-disclosure consent used once;
the database refuses to change consents, revocations and disclosures (0002_append_only)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import IntegrityError, connection, transaction

from missioncj.core.models import AuditEvent, AuditKind
from missioncj.privacy.decisions import Recipient, decide
from missioncj.privacy.models import (
    Category,
    Channel,
    Consent,
    ConsentKind,
    Disclosure,
    Purpose,
    RecipientKind,
)
from missioncj.privacy.services.consents import RecipientInput, revoke_consent
from missioncj.privacy.services.disclosures import DisclosureRefused, record_disclosure
from missioncj.privacy.tests.conftest import SIGNED


def _decide(world, recipient, categories, purpose=Purpose.COURT_MONITORING):
    return decide(
        participant=world.north_person, recipient=recipient, purpose=purpose, categories=categories
    )


def test_a_disclosure_records_digest_consents_and_audit(world, north_case, consent):
    made = consent(north_case)
    decision = _decide(world, Recipient.for_court(north_case.court), [Category.DRUG_TESTS])
    content = b"%PDF-1.7 packet bytes"
    disclosure = record_disclosure(
        actor=world.user("supervisor"),
        decision=decision,
        channel=Channel.PACKET,
        content=content,
        description="Staffing packet",
    )
    assert disclosure.sha256 == hashlib.sha256(content).hexdigest()
    assert disclosure.size_bytes == len(content)
    assert list(disclosure.consents.all()) == [made]
    assert disclosure.categories == [Category.DRUG_TESTS]
    assert disclosure.recipient_court_id == north_case.court_id
    event = AuditEvent.objects.get(kind=AuditKind.DISCLOSE)
    assert (event.after or {})["sha256"] == disclosure.sha256
    assert event.participant_public_id == world.north_person.public_id


def test_revoked_between_decision_and_sending_is_refused(world, north_case, consent):
    made = consent(north_case, revocable_from=dt.date(2026, 9, 6))
    decision = _decide(world, Recipient.for_court(north_case.court), [Category.ATTENDANCE])
    assert decision.allowed
    revoke_consent(actor=world.user("casemanager"), consent=made, how="signed letter")
    before = (Disclosure.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DisclosureRefused, match="revoked"):
        record_disclosure(
            actor=world.user("supervisor"),
            decision=decision,
            channel=Channel.PACKET,
            content=b"x",
            description="Staffing packet",
        )
    assert (Disclosure.objects.count(), AuditEvent.objects.count()) == before


def test_a_denied_decision_is_never_recorded(world, north_case):
    decision = _decide(world, Recipient.for_court(north_case.court), [Category.ATTENDANCE])
    assert not decision.allowed
    with pytest.raises(DisclosureRefused, match="No consent names"):
        record_disclosure(
            actor=world.user("supervisor"),
            decision=decision,
            channel=Channel.PRINT,
            content=b"x",
            description="Print",
        )
    assert not Disclosure.objects.exists()


def test_a_single_disclosure_consent_is_used_once(world, north_case, consent):
    consent(
        north_case,
        kind=ConsentKind.SINGLE,
        court_case=None,
        purpose=Purpose.PATIENT_REQUEST,
        categories=[Category.ASSESSMENTS],
        recipients=[RecipientInput(kind=RecipientKind.PARTY, name="Harbor Housing Authority")],
        revocable_from=None,
    )
    party = Recipient.for_party("Harbor Housing Authority")
    first = _decide(world, party, [Category.ASSESSMENTS], Purpose.PATIENT_REQUEST)
    record_disclosure(
        actor=world.user("casemanager"),
        decision=first,
        channel=Channel.PRINT,
        content=b"scores",
        description="Scores for the housing application",
    )
    again = _decide(world, party, [Category.ASSESSMENTS], Purpose.PATIENT_REQUEST)
    assert not again.allowed and "one disclosure" in again.reason
    with pytest.raises(DisclosureRefused):
        record_disclosure(
            actor=world.user("casemanager"),
            decision=first,
            channel=Channel.PRINT,
            content=b"scores",
            description="the same decision, replayed",
        )
    assert Disclosure.objects.count() == 1


def test_the_database_refuses_to_change_consents_and_disclosures(world, north_case, consent):
    made = consent(north_case, revocable_from=dt.date(2026, 9, 6))
    revocation = revoke_consent(actor=world.user("casemanager"), consent=made, how="letter")
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.filter(pk=made.pk).update(categories=["diagnoses"])
    with pytest.raises(IntegrityError), transaction.atomic():
        type(revocation).objects.filter(pk=revocation.pk).update(how="changed")
    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError), transaction.atomic():
            Consent.objects.filter(pk=made.pk).delete()
    stored = Consent.objects.get(pk=made.pk)
    assert stored.categories == ["attendance", "drug_tests", "phase"]
    assert stored.signed_at == SIGNED


def test_the_database_refuses_to_change_a_disclosure(world, north_case, consent):
    consent(north_case)
    decision = _decide(world, Recipient.for_court(north_case.court), [Category.PHASE])
    disclosure = record_disclosure(
        actor=world.user("supervisor"),
        decision=decision,
        channel=Channel.PACKET,
        content=b"a",
        description="Staffing packet",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Disclosure.objects.filter(pk=disclosure.pk).update(sha256="0" * 64)
    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError), transaction.atomic():
            Disclosure.objects.filter(pk=disclosure.pk).delete()
    assert Disclosure.objects.get(pk=disclosure.pk).sha256 == hashlib.sha256(b"a").hexdigest()
