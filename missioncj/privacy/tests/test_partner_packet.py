"""A court partner downloads the staffing packet of a court where they hold a seat: only the
participants whose consent names them (seat, person or the court's team), one disclosure each
with the PDF's digest; no seat at that court, or not a court partner, is a 404."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from pypdf import PdfReader

from missioncj.accounts.models import Role
from missioncj.accounts.services import create_user, grant_role
from missioncj.court.models import Seat
from missioncj.court.services.docket_entries import add_to_docket
from missioncj.court.services.seats import assign_seat
from missioncj.privacy.models import Channel, Disclosure, Purpose
from missioncj.privacy.tests.partner_world import (  # noqa: F401
    partner_world_fixture,
)
from missioncj.privacy.wording import NOTICE_MARK

STAFF = ["director", "supervisor", "casemanager", "evaluator", "admin", "outsider"]


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def packet_url(court, day) -> str:
    return reverse("privacy:partner_packet", args=[court.public_id, day])


@pytest.fixture
def docketed(world, partner_world):
    """On the upcoming hearing: Coord (seat), Team (court team), Person (the partner by name),
    Judgeonly and Othercourt (consents naming others) and Noconsent."""
    for key in ("Team", "Person", "Othercourt"):
        add_to_docket(
            actor=world.user("supervisor"),
            hearing=partner_world.hearing,
            participant=partner_world.person(key),
        )
    return partner_world


def test_home_offers_the_packet_of_each_court_day(login, docketed):
    html = login("court").get(reverse("privacy:partner_home")).content.decode()
    hearing = docketed.hearing
    assert html.count(packet_url(docketed.court, hearing.local_date)) == 1
    assert "staffing packet" in html


def test_partner_gets_only_consented_participants(world, login, docketed):
    hearing = docketed.hearing
    before = Disclosure.objects.count()
    response = login("court").post(packet_url(docketed.court, hearing.local_date))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    for key in ("Coord", "Team", "Person"):
        assert f"Test {key}" in text, key
    for key in ("Judgeonly", "Othercourt", "Noconsent"):
        assert f"Test {key}" not in text, key
    assert NOTICE_MARK in text and "Consent relied on" in text
    rows = list(Disclosure.objects.order_by("pk")[before:])
    digest = hashlib.sha256(response.content).hexdigest()
    assert sorted(r.participant.last_name for r in rows) == ["Coord", "Person", "Team"]
    for row in rows:
        assert row.channel == Channel.PACKET
        assert row.sha256 == digest and row.size_bytes == len(response.content)
        assert row.actor == world.user("court") and row.recipient_user == world.user("court")
        assert row.purpose == Purpose.COURT_MONITORING


def test_a_partner_without_a_seat_at_that_court_gets_404(world, login, docketed):
    judge = create_user(actor=None, username="judge.bayside", password="x" * 12)
    grant_role(actor=None, user=judge, program=world.drug, role=Role.COURT_PARTNER)
    TOTP.activate(judge, generate_totp_secret())  # pages require MFA, as for every persona
    assign_seat(actor=None, court=docketed.other_court, user=judge, seat=Seat.JUDGE)
    world.users["judge.bayside"] = judge
    day = docketed.hearing.local_date
    assert login("judge.bayside").post(packet_url(docketed.court, day)).status_code == 404
    # The seated coordinator has no seat at the other court either.
    assert login("court").post(packet_url(docketed.other_court, day)).status_code == 404
    assert Disclosure.objects.filter(channel=Channel.PACKET).count() == 0


@pytest.mark.parametrize("username", STAFF)
def test_staff_get_404_on_the_partner_route(login, docketed, username):
    response = login(username).post(packet_url(docketed.court, docketed.hearing.local_date))
    assert response.status_code == 404
    assert Disclosure.objects.filter(channel=Channel.PACKET).count() == 0


def test_download_is_not_a_get(login, docketed):
    response = login("court").get(packet_url(docketed.court, docketed.hearing.local_date))
    assert response.status_code == 405
    assert Disclosure.objects.filter(channel=Channel.PACKET).count() == 0


def test_a_day_without_a_hearing_is_a_clear_400(login, docketed):
    day = docketed.hearing.local_date + dt.timedelta(days=1)
    response = login("court").post(packet_url(docketed.court, day))
    assert response.status_code == 400
    assert "has no hearing on" in response.content.decode()
    assert Disclosure.objects.filter(channel=Channel.PACKET).count() == 0
