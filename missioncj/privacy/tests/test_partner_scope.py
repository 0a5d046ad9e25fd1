"""A court partner reaches exactly the participants and categories a consent in force names
them for — through the home page, the list, search, counts, participant pages and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from missioncj.accounts.services import issue_api_token
from missioncj.privacy.models import Category
from missioncj.privacy.tests.partner_world import (  # noqa: F401
    HIDDEN,
    VISIBLE,
    partner_world_fixture,
)

LIST = reverse("privacy:partner_participants")
HOME = reverse("privacy:partner_home")


def page(person: Any) -> str:
    return reverse("privacy:partner_participant", kwargs={"public_id": person.public_id})


def api_url(person: Any | None = None) -> str:
    base = "/api/v1/partner/participants"
    return f"{base}/{person.public_id}" if person is not None else base


def api_client(world: Any, username: str = "court") -> Client:
    token = issue_api_token(actor=None, user=world.user(username))
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_list_and_counts_show_exactly_the_consented(world, login, partner_world):
    html = login("court").get(LIST).content.decode()
    assert "3 participants with a consent naming you" in html
    for key in VISIBLE:
        assert page(partner_world.person(key)) in html
        assert f"Test {key}" in html
        assert partner_world.cases[key].docket_number in html
    for key in HIDDEN:
        assert f"Test {key}" not in html, key
        assert page(partner_world.person(key)) not in html
        assert partner_world.cases[key].docket_number not in html
    assert "Test North" not in html and "Test South" not in html


def test_home_counts_courts_and_docket_only_for_consented(world, login, partner_world):
    response = login("court").get(HOME)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Harbor Drug Court" in html and "Court coordinator" in html
    assert "3 participants with a consent naming you" in html
    assert "9:30 AM" in html and "Status hearing" in html
    # On the docket: Coord (consented), Judgeonly and Noconsent (not).
    assert "Test Coord" in html
    assert "Test Judgeonly" not in html and "Test Noconsent" not in html


@pytest.mark.parametrize("key", HIDDEN)
def test_search_outside_consent_finds_nothing(world, login, partner_world, key):
    client = login("court")
    person = partner_world.person(key)
    for query in (person.last_name, partner_world.cases[key].docket_number):
        html = client.get(LIST, {"q": query}).content.decode()
        assert "3 participants with a consent naming you" in html
        assert "0 found" in html
        assert page(person) not in html
        body = api_client(world).get(api_url(), {"q": query}).json()
        assert body["count"] == 0 and body["items"] == [] and body["total"] == 3


def test_search_inside_consent_by_name_and_docket(world, login, partner_world):
    client = login("court")
    coord = partner_world.person("Coord")
    for query in ("coord", "26CR1001", "test coo"):
        html = client.get(LIST, {"q": query}).content.decode()
        assert "1 found" in html and page(coord) in html, query
    body = api_client(world).get(api_url(), {"q": "Team"}).json()
    assert [item["name"] for item in body["items"]] == ["Test Team"]


@pytest.mark.parametrize("key", HIDDEN)
def test_detail_outside_consent_is_404(world, login, partner_world, key):
    person = partner_world.person(key)
    assert login("court").get(page(person)).status_code == 404
    assert api_client(world).get(api_url(person)).status_code == 404


def test_staff_participants_are_404_too(world, login, partner_world):
    for person in (world.north_person, world.south_person, world.reentry_person):
        assert login("court").get(page(person)).status_code == 404
        assert api_client(world).get(api_url(person)).status_code == 404


LABELS = {c.value: c.label for c in Category}


@pytest.mark.parametrize("key", list(VISIBLE))
def test_detail_shows_only_consented_categories(world, login, partner_world, key):
    person = partner_world.person(key)
    granted = {c.value for c in VISIBLE[key]}
    response = login("court").get(page(person))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Test {key}" in html and partner_world.cases[key].docket_number in html
    body = api_client(world).get(api_url(person)).json()
    assert set(body["categories"]) == granted
    assert {s["category"] for s in body["sections"]} == granted
    for value, label in LABELS.items():
        assert (f'id="heading-{value}"' in html) == (value in granted), value
        assert (label in html) == (value in granted), label
        assert (label in str(body)) == (value in granted), label
    assert "42 CFR part 2" in html and "42 CFR part 2" in body["notice"]


def test_unseated_partner_sees_only_person_named(world, login, partner_world):
    from missioncj.court.services.seats import end_seat

    end_seat(actor=world.user("supervisor"), seat=partner_world.seat)
    html = login("court").get(LIST).content.decode()
    assert "1 participant with a consent naming you" in html
    assert "Test Person" in html and "Test Coord" not in html and "Test Team" not in html
    assert login("court").get(page(partner_world.person("Coord"))).status_code == 404
