"""Staffing packets: what is in the PDF (read back with pypdf), what never is, the notice on
every page, and the disclosure records."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from pypdf import PdfReader

from missioncj.privacy.decisions import Recipient
from missioncj.privacy.models import Category, Channel, Disclosure
from missioncj.privacy.packets import build_packet
from missioncj.privacy.tests.packet_helpers import DAY, SECRETS, docket, full_record
from missioncj.privacy.wording import NOTICE_MARK


def pages(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def north(world, drug_court, north_case):
    full_record(world, drug_court, north_case, world.north_person, world.user("casemanager"))
    return world.north_person


def test_smoke(world, north, drug_court, consent):
    consent(north_case := north.court_cases.get())
    result = build_packet(
        actor=world.user("supervisor"),
        court=drug_court,
        day=DAY,
        recipient=Recipient.for_court(drug_court),
    )
    text = pages(result.pdf)
    print(len(text))
    for t in text:
        print(t[:3000])
        print("-----")
    assert False
