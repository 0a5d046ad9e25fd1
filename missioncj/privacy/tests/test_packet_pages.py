"""The staffing-packet page, its download and the API, per persona; bad input is a clear 4xx
and records nothing."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.urls import reverse

from missioncj.court.tests.phases_helpers import api_client
from missioncj.privacy.models import Disclosure
from missioncj.privacy.tests.packet_helpers import DAY, docket


@pytest.fixture
def docketed(world, drug_court, north_case, south_case, consent):
    docket(drug_court, world.north_person, world.user("casemanager"))
    docket(drug_court, world.south_person, world.user("cm.south"))
    consent(north_case)
    return drug_court


def page_url(court):
    return reverse("privacy:packet", args=[court.public_id, DAY])


def download_url(court):
    return reverse("privacy:packet_download", args=[court.public_id, DAY])


def api_url(court):
    return f"/api/v1/courts/{court.public_id}/packets"


@pytest.mark.parametrize(
    ("username", "status"),
    [("supervisor", 200), ("casemanager", 200), ("court", 404), ("outsider", 404)],
)
def test_page_per_persona(login, docketed, username, status):
    response = login(username).get(page_url(docketed))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Test North" in html and "Drug and alcohol test results" in html
        assert "does not include: incentives and sanctions" in html
    assert Disclosure.objects.count() == 0


def test_supervisor_sees_who_is_left_out_and_why(login, docketed):
    html = login("supervisor").get(page_url(docketed)).content.decode()
    assert "Test South: No consent names" in html
    assert "1 participant left out: no consent in force." in html


def test_docket_page_links_to_the_packet(login, docketed):
    html = login("supervisor").get(reverse("court:docket", args=[docketed.public_id, DAY]))
    assert page_url(docketed) in html.content.decode()


@pytest.mark.parametrize(
    ("username", "status"),
    [("supervisor", 200), ("casemanager", 200), ("court", 404), ("outsider", 404)],
)
def test_download_per_persona(world, login, docketed, username, status):
    response = login(username).post(download_url(docketed))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        row = Disclosure.objects.get()
        assert row.participant == world.north_person and row.actor == world.user(username)
        assert row.sha256 == hashlib.sha256(response.content).hexdigest()
    else:
        assert Disclosure.objects.count() == 0


def test_download_is_not_a_get(login, docketed):
    assert login("supervisor").get(download_url(docketed)).status_code == 405
    assert Disclosure.objects.count() == 0


def test_download_of_someone_not_on_the_docket_is_refused(world, login, docketed):
    response = login("supervisor").post(
        download_url(docketed), {"participant": str(world.reentry_person.public_id)}
    )
    assert response.status_code == 400
    assert "not on this docket" in response.content.decode()
    assert Disclosure.objects.count() == 0


@pytest.mark.parametrize(
    ("username", "status"),
    [("supervisor", 200), ("casemanager", 200), ("court", 404), ("outsider", 404)],
)
def test_api_per_persona(world, docketed, username, status):
    client = api_client(world.user(username))
    response = client.post(
        api_url(docketed), json.dumps({"date": DAY.isoformat()}), content_type="application/json"
    )
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert Disclosure.objects.get().sha256 == hashlib.sha256(response.content).hexdigest()
    else:
        assert Disclosure.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"date": "11/05/2026"}, "YYYY-MM-DD"),
        ({"date": "2026-11-06"}, "no hearing on"),
        ({"date": "2026-11-05", "seat": "bailiff"}, "Choose a seat"),
        ({"date": "2026-11-05", "participant": "nope"}, "not on this docket"),
    ],
)
def test_api_bad_input_is_a_clear_422_and_records_nothing(world, docketed, body, message):
    client = api_client(world.user("supervisor"))
    response = client.post(api_url(docketed), json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert message in json.dumps(response.json())
    assert Disclosure.objects.count() == 0


def test_api_participant_not_on_docket(world, docketed):
    client = api_client(world.user("supervisor"))
    body = {"date": DAY.isoformat(), "participant": str(world.reentry_person.public_id)}
    response = client.post(api_url(docketed), json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert "not on this docket" in json.dumps(response.json())
    assert Disclosure.objects.count() == 0
