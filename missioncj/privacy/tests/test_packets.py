"""Staffing packets: what is in the PDF (read back with pypdf), what never is, the notice on
every page, and the disclosure records."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from missioncj.court.models import CaseStatus, CourtCase
from missioncj.privacy import packets
from missioncj.privacy.decisions import Recipient
from missioncj.privacy.models import Category, Channel, Disclosure, Purpose, RecipientKind
from missioncj.privacy.packets import build_packet, print_for_recipient
from missioncj.privacy.services.consents import RecipientInput, revoke_consent
from missioncj.privacy.tests.packet_helpers import DAY, GOAL, SECRETS, docket, full_record
from missioncj.privacy.wording import NOTICE_MARK, notice_text

ALL = [c.value for c in Category if c not in (Category.CLINICAL_NOTES, Category.COUNSELING_NOTES)]
EARLY = {"revocable_from": dt.date(2026, 9, 7)}


def pages(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def whole(pdf: bytes) -> str:
    return " ".join(pages(pdf))


@pytest.fixture
def north(world, drug_court, north_case):
    full_record(world, drug_court, north_case, world.north_person, world.user("casemanager"))
    return world.north_person


@pytest.fixture
def south(world, drug_court, south_case):
    docket(drug_court, world.south_person, world.user("cm.south"))
    return world.south_person


def packet(world, court, **kw):
    return build_packet(
        actor=world.user("supervisor"),
        court=court,
        day=DAY,
        recipient=Recipient.for_court(court),
        **kw,
    )


def test_notice_on_every_page_of_a_long_packet(world, north, south, drug_court, consent):
    consent(north.court_cases.get(), categories=ALL)
    consent(south.court_cases.get(), categories=ALL)
    result = packet(world, drug_court)
    texts = pages(result.pdf)
    assert len(texts) >= 3
    phrase = " ".join(notice_text().split())[:80]
    for number, text in enumerate(texts, start=1):
        assert NOTICE_MARK in text, number
        assert phrase in text, number
    joined = " ".join(texts)
    assert GOAL in joined and "None recorded." in joined
    assert "Consent relied on" in joined and "official duties" in joined


def test_no_note_text_and_no_notes_categories_ever(world, north, drug_court, consent):
    consent(north.court_cases.get(), categories=ALL)
    # A counseling-notes consent of its own, naming the court: still never in a packet.
    consent(
        north.court_cases.get(),
        kind="counseling_notes",
        categories=[Category.COUNSELING_NOTES],
        purpose=Purpose.COURT_MONITORING,
        court_case=None,
        revocable_from=None,
    )
    text = whole(packet(world, drug_court).pdf)
    for secret in SECRETS:
        assert secret not in text
    assert "counseling notes" not in text.lower()
    assert "Clinical notes" not in text


def test_unconsented_category_is_absent(world, north, drug_court, consent):
    consent(north.court_cases.get(), categories=[Category.ATTENDANCE, Category.PHASE])
    text = whole(packet(world, drug_court).pdf)
    assert "Attendance and contacts" in text
    for absent in ("Drug and alcohol test results", "Cocaine", "Urine", "clean time", GOAL):
        assert absent not in text, absent


def test_participant_without_consent_is_left_out_by_count_only(
    world, north, south, drug_court, consent
):
    consent(north.court_cases.get())
    result = packet(world, drug_court)
    text = whole(result.pdf)
    assert "Test North" in text
    assert "Test South" not in text and "South" not in text and "26CR0002" not in text
    assert "1 participant left out: no consent in force." in text
    assert [o.participant for o in result.left_out] == [south]
    assert "No consent names" in result.left_out[0].reason


def test_disclosure_per_participant_with_digest_and_consents(
    world, north, south, drug_court, consent
):
    first = consent(north.court_cases.get())
    second = consent(south.court_cases.get())
    result = packet(world, drug_court)
    digest = hashlib.sha256(result.pdf).hexdigest()
    rows = list(Disclosure.objects.order_by("participant__last_name"))
    assert [d.participant for d in rows] == [north, south]
    for row, used in zip(rows, (first, second), strict=True):
        assert row.sha256 == digest and row.size_bytes == len(result.pdf)
        assert row.channel == Channel.PACKET and row.recipient_court == drug_court
        assert list(row.consents.all()) == [used]
        assert set(row.categories) == {"attendance", "drug_tests", "phase"}
    assert {d.pk for d in result.disclosures} == {d.pk for d in rows}


@pytest.mark.parametrize("how", ["revoked", "expired", "disposed"])
def test_consent_no_longer_in_force_is_excluded_next_time(
    world, north, south, drug_court, consent, how
):
    consent(south.court_cases.get())
    if how == "expired":
        # Ended 20 Nov, a week before "now" (consent rows are never edited, so no later move).
        consent(north.court_cases.get(), expires_on=dt.date(2026, 11, 20), **EARLY)
    else:
        first = consent(north.court_cases.get(), **EARLY)
        assert "Test North" in whole(packet(world, drug_court).pdf)
    if how == "revoked":
        revoke_consent(actor=world.user("supervisor"), consent=first, how="signed letter")
    elif how == "disposed":
        CourtCase.objects.filter(participant=north).update(
            status=CaseStatus.DISPOSED, disposed_on=dt.date(2026, 11, 3)
        )
    before = Disclosure.objects.filter(participant=north).count()
    result = packet(world, drug_court)
    assert "Test North" not in whole(result.pdf)
    assert [o.participant for o in result.left_out] == [north]
    assert how.rstrip("d") in result.left_out[0].reason or "ended" in result.left_out[0].reason
    assert Disclosure.objects.filter(participant=north).count() == before


def test_revocation_racing_the_render_drops_the_participant(
    world, north, south, drug_court, consent, monkeypatch
):
    first = consent(north.court_cases.get(), **EARLY)
    consent(south.court_cases.get())
    real = packets.render_pdf
    calls = []

    def racing(plan, actor, title):
        calls.append([i.participant for i in plan.included])
        if len(calls) == 1:
            revoke_consent(actor=world.user("supervisor"), consent=first, how="phone, then letter")
        return real(plan, actor, title)

    monkeypatch.setattr(packets, "render_pdf", racing)
    result = packet(world, drug_court)
    assert calls == [[north, south], [south]]
    assert "Test North" not in whole(result.pdf)
    rows = list(Disclosure.objects.all())
    assert [d.participant for d in rows] == [south]
    assert rows[0].sha256 == hashlib.sha256(result.pdf).hexdigest()


def test_one_participant_packet_and_not_on_docket(world, north, south, drug_court, consent):
    consent(north.court_cases.get())
    consent(south.court_cases.get())
    result = packet(world, drug_court, participants=[south])
    assert "Test South" in whole(result.pdf) and "Test North" not in whole(result.pdf)
    assert Disclosure.objects.get().participant == south
    with pytest.raises(ValidationError, match="not on this docket"):
        packet(world, drug_court, participants=[world.reentry_person])
    assert Disclosure.objects.count() == 1


def test_print_for_a_named_party(world, north, consent):
    consent(
        north.court_cases.get(),
        kind="single",
        purpose=Purpose.PATIENT_REQUEST,
        court_case=None,
        expiry_event="",
        revocable_from=None,
        categories=[Category.PLAN],
        recipients=[RecipientInput(kind=RecipientKind.PARTY, name="Harbor Legal Aid")],
    )
    result = print_for_recipient(
        actor=world.user("casemanager"),
        participant=north,
        recipient=Recipient.for_party("harbor legal aid"),
        purpose=Purpose.PATIENT_REQUEST,
    )
    text = whole(result.pdf)
    assert GOAL in text and "Cocaine" not in text and NOTICE_MARK in text
    row = Disclosure.objects.get()
    assert row.channel == Channel.PRINT and row.sha256 == hashlib.sha256(result.pdf).hexdigest()
    # A single-disclosure consent is used up: the second print is refused, nothing recorded.
    with pytest.raises(ValidationError, match="one disclosure"):
        print_for_recipient(
            actor=world.user("casemanager"),
            participant=north,
            recipient=Recipient.for_party("Harbor Legal Aid"),
            purpose=Purpose.PATIENT_REQUEST,
        )
    assert Disclosure.objects.count() == 1


def test_the_running_title_keeps_a_court_name_with_an_apostrophe(world, north, drug_court, consent):
    from missioncj.court.services.courts import update_court

    court = update_court(
        actor=world.user("director"), court=drug_court, name="St. Mary's Drug Court"
    )
    consent(north.court_cases.get(), categories=ALL)
    texts = pages(packet(world, court).pdf)
    assert all("St. Mary's Drug Court" in text for text in texts)
    assert not any("u0027" in text for text in texts)
