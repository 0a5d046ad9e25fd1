"""Print for a recipient: linked from the participant page for staff who see the participant,
its court choice limited to the courts of the participant's own cases, and the consent's
signed date in the program's time zone (in the PDF and on the partner page)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from missioncj.court.services.courts import create_court
from missioncj.privacy.models import Category, Channel, Disclosure, Purpose

# 22:30 on 6 September in New York (the drug court's zone) is already 7 September in UTC.
EVENING = dt.datetime(2026, 9, 7, 2, 30, tzinfo=dt.UTC)


def print_url(person) -> str:
    return reverse("privacy:print", args=[person.public_id])


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


@pytest.fixture
def other_court(world):
    """A court of the same program that none of North's cases is at."""
    return create_court(actor=None, program=world.drug, name="Bayside Mental Health Court")


@pytest.mark.parametrize("username", ["casemanager", "supervisor"])
def test_participant_page_links_to_print(world, login, username):
    html = login(username).get(reverse("participants:detail", args=[world.north_person.public_id]))
    assert print_url(world.north_person) in html.content.decode()


@pytest.mark.parametrize("username", ["court", "outsider", "cm.south"])
def test_no_print_for_those_who_do_not_see_the_participant(world, login, username):
    assert login(username).get(print_url(world.north_person)).status_code == 404


def test_court_choice_lists_only_the_participants_courts(
    world, login, drug_court, other_court, north_case
):
    html = login("supervisor").get(print_url(world.north_person)).content.decode()
    assert "Harbor Drug Court" in html
    assert "Bayside Mental Health Court" not in html
    # Posting another court the user may see is refused with a message; nothing recorded.
    response = login("supervisor").post(
        print_url(world.north_person),
        {"recipient": "court", "court": str(other_court.public_id), "purpose": "court_monitoring"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert Disclosure.objects.count() == 0


def test_print_for_the_court_is_its_case_and_signed_on_the_local_day(
    world, login, drug_court, north_case, consent
):
    consent(north_case, signed_at=EVENING, categories=[Category.ATTENDANCE])
    response = login("casemanager").post(
        print_url(world.north_person),
        {
            "recipient": "court",
            "court": str(drug_court.public_id),
            "seat": "",
            "purpose": Purpose.COURT_MONITORING,
        },
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    text = text_of(response.content)
    assert "26CR0001" in text
    assert "Signed 6 Sep 2026" in text and "Signed 7 Sep 2026" not in text
    assert Disclosure.objects.get().channel == Channel.PRINT


def test_partner_page_shows_the_local_signed_day(
    world, login, drug_court, north_case, coordinator_seat, consent
):
    consent(north_case, signed_at=EVENING, categories=[Category.ATTENDANCE])
    page = reverse("privacy:partner_participant", args=[world.north_person.public_id])
    html = login("court").get(page).content.decode()
    assert "Signed 6 Sep 2026" in html and "Signed 7 Sep 2026" not in html
