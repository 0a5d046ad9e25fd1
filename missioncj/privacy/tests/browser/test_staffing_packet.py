"""The supervisor opens the staffing packet of a hearing day from the court's docket, sees who
is included and who is left out (and why), and downloads the whole docket as one PDF: the bytes
received are the ones the accounting of disclosures holds for each participant included."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from missioncj.care.tests.browser.conftest import sign_in
from missioncj.conftest import World, make_participant
from missioncj.court.models import CaseStatus, Court, CourtCase
from missioncj.court.services.cases import open_case
from missioncj.privacy.models import Category, Disclosure
from missioncj.privacy.tests.packet_helpers import DAY, docket, full_record
from missioncj.privacy.wording import NOTICE_MARK, notice_text

pytestmark = pytest.mark.browser

ALL = [c.value for c in Category if c not in (Category.CLINICAL_NOTES, Category.COUNSELING_NOTES)]


def pdf_pages(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_staffing_packet_for_a_hearing_day(
    page: Page,
    world: World,
    drug_court: Court,
    north_case: CourtCase,
    south_case: CourtCase,
    consent,
    demo_mode: None,
) -> None:
    casemanager = world.user("casemanager")
    full_record(world, drug_court, north_case, world.north_person, casemanager)
    consent(north_case, categories=ALL)
    east = make_participant(casemanager, world.drug, world.north, "East")
    east_case = open_case(
        actor=casemanager,
        participant=east,
        court=drug_court,
        docket_number="26CR0003",
        status=CaseStatus.POST_PLEA,
        opened_on=dt.date(2026, 9, 1),
    )
    docket(drug_court, east, casemanager)
    consent(east_case, categories=[Category.ATTENDANCE])
    docket(drug_court, world.south_person, world.user("cm.south"))  # no consent: left out

    supervisor = world.user("supervisor")
    sign_in(page, supervisor)
    page.goto(f"/courts/{drug_court.public_id}/docket/{DAY.isoformat()}/")
    page.get_by_role("link", name="Staffing packet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Staffing packet · {DAY:%A} 5 Nov 2026"
    )

    included = page.get_by_role("region", name="Included (2)")
    rows = included.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Test North")).to_contain_text("Drug and alcohol test results")
    expect(rows.filter(has_text="Test East")).to_contain_text("Attendance and contacts")
    expect(rows.filter(has_text="Test East")).not_to_contain_text("Drug and alcohol test results")
    expect(included).not_to_contain_text("Test South")
    left_out = page.get_by_role("region", name="Left out (1)")
    expect(left_out.get_by_role("listitem")).to_have_count(1)
    expect(left_out.get_by_role("listitem")).to_contain_text("Test South: No consent names")
    expect(left_out).to_contain_text("1 participant left out: no consent in force.")
    assert not Disclosure.objects.exists()  # showing the page discloses nothing

    with page.expect_download() as info:
        page.get_by_role("button", name="Download the whole docket (PDF)").click()
    download = info.value
    assert download.suggested_filename == f"staffing-packet-{DAY.isoformat()}.pdf"
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF")

    digest = hashlib.sha256(pdf).hexdigest()
    rows_sent = Disclosure.objects.order_by("participant__last_name")
    assert [d.participant.last_name for d in rows_sent] == ["East", "North"]
    for row in rows_sent:
        assert row.sha256 == digest, row.participant
        assert row.channel == "packet" and row.recipient_court == drug_court
        assert row.size_bytes == len(pdf) and row.actor == supervisor
    assert not Disclosure.objects.filter(participant=world.south_person).exists()

    texts = pdf_pages(pdf)
    assert len(texts) >= 2
    phrase = " ".join(notice_text().split())[:80]
    for number, text in enumerate(texts, start=1):
        assert NOTICE_MARK in text and phrase in text, f"page {number} has no notice"
    joined = " ".join(texts)
    assert "Test North" in joined and "Test East" in joined
    assert "South" not in joined and south_case.docket_number not in joined
    assert "1 participant left out" in joined
