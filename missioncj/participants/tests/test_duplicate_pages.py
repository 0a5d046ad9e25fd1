"""Possible matches where people need them: the new-referral form (htmx box and the confirm
step without JavaScript) and `GET /api/v1/participants/duplicates`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from missioncj.accounts.services import issue_api_token
from missioncj.conftest import World
from missioncj.core.models import AuditEvent
from missioncj.participants.models import Participant
from missioncj.participants.referral_matches import details_key

API = "/api/v1/participants/duplicates"


def referral(world: World, **overrides: Any) -> dict[str, Any]:
    """A referral of someone very like Test North (born 1990-05-17, Team North)."""
    data: dict[str, Any] = {
        "first_name": "Tess",
        "last_name": "North",
        "date_of_birth": "1990-05-17",
        "sex": "unknown",
        "race": "unknown",
        "ethnicity": "unknown",
        "veteran_status": "unknown",
        "preferred_language": "English",
        "team": world.north.pk,
        "referral_date": "2026-10-01",
        "identifier_kind": "court_docket",
        "identifier_value": "",
    }
    data.update(overrides)
    return data


def test_referral_with_a_possible_match_asks_before_creating(world: World, login):
    client = login("casemanager")
    before = Participant.objects.count()
    response = client.post(reverse("participants:create"), referral(world))
    page = response.content.decode()
    assert response.status_code == 200
    assert Participant.objects.count() == before
    assert "Possible matches already on file" in page
    assert reverse("participants:detail", args=[world.north_person.public_id]) in page
    assert reverse("participants:new_episode", args=[world.north_person.public_id]) in page
    assert "same date of birth" in page
    assert re.search(
        r'id="id_confirm_new_errors"[^>]*>.*Someone on file may be this person', page, re.S
    )
    # What was typed is kept.
    assert 'value="Tess"' in page


def test_confirming_a_new_person_creates_the_referral(world: World, login):
    client = login("casemanager")
    data = referral(world, confirm_new="on", matches_for=details_key("Tess", "North", "1990-05-17"))
    response = client.post(reverse("participants:create"), data)
    created = Participant.objects.get(first_name="Tess")
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:detail", args=[created.public_id])


def test_a_confirmation_for_other_details_does_not_count(world: World, login):
    client = login("casemanager")
    data = referral(
        world,
        first_name="Test",
        confirm_new="on",
        matches_for=details_key("Tess", "North", "1990-05-17"),
    )
    before = Participant.objects.count()
    response = client.post(reverse("participants:create"), data)
    assert response.status_code == 200
    assert Participant.objects.count() == before
    assert "Someone on file may be this person" in response.content.decode()


def test_referral_without_matches_is_created_at_once(world: World, login):
    client = login("casemanager")
    data = referral(world, first_name="Ingrid", last_name="Solvang", date_of_birth="1968-12-01")
    response = client.post(reverse("participants:create"), data)
    assert response.status_code == 302
    assert Participant.objects.filter(last_name="Solvang").exists()


def test_people_out_of_scope_are_never_offered(world: World, login):
    # The outsider (re-entry program) refers someone exactly like Test North of the drug court:
    # only Test Reentry, of the outsider's own program (same first name and birth date), shows.
    client = login("outsider")
    data = referral(world, first_name="Test", team=world.reentry_team.pk)
    response = client.post(reverse("participants:create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert str(world.reentry_person.public_id) in page
    assert str(world.north_person.public_id) not in page
    assert "Test North" not in page


def test_possible_matches_box(world: World, login):
    client = login("casemanager")
    url = reverse("participants:possible_matches")
    response = client.get(
        url, {"first_name": "Tess", "last_name": "Nort", "date_of_birth": "1990-05-17"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Test North" in page and "<html" not in page
    assert 'name="confirm_new"' in page
    assert f'value="{details_key("Tess", "Nort", "1990-05-17")}"' in page
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.after is not None
    assert event.action == "participant.duplicates"
    assert event.after["shown"] == [str(world.north_person.public_id)]


@pytest.mark.parametrize(
    "details",
    [
        {"first_name": "Tess", "last_name": "North"},
        {"first_name": "Tess", "last_name": "", "date_of_birth": "1990-05-17"},
        {"first_name": "Tess", "last_name": "North", "date_of_birth": "1990-02-30"},
        {"first_name": "Tess", "last_name": "North", "date_of_birth": "2999-01-01"},
    ],
)
def test_possible_matches_box_waits_for_complete_details(world: World, login, details):
    client = login("casemanager")
    before = AuditEvent.objects.count()
    response = client.get(reverse("participants:possible_matches"), details)
    assert response.status_code == 200
    assert "Test North" not in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_possible_matches_box_needs_sign_in(world: World):
    response = Client().get(reverse("participants:possible_matches"), {"first_name": "Tess"})
    assert response.status_code == 302


# --- API --------------------------------------------------------------------------------------


def api(world: World, username: str) -> Client:
    token = issue_api_token(actor=None, user=world.user(username))
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_api_answers_candidates_with_score_and_reasons(world: World):
    response = api(world, "supervisor").get(
        API, {"first_name": "Tset", "last_name": "South", "date_of_birth": "1990-05-17"}
    )
    assert response.status_code == 200
    body = response.json()
    first = body["items"][0]
    assert body["count"] == len(body["items"]) >= 1
    assert first["id"] == str(world.south_person.public_id)
    assert set(first) == {
        "id",
        "first_name",
        "middle_name",
        "last_name",
        "preferred_name",
        "date_of_birth",
        "score",
        "reasons",
    }
    assert first["date_of_birth"] == "1990-05-17"
    assert 80 <= first["score"] <= 100
    assert "same date of birth" in first["reasons"]
    scores = [item["score"] for item in body["items"]]
    assert scores == sorted(scores, reverse=True)


def test_api_finds_by_identifier_and_honours_limit(world: World):
    docket = world.south_person.identifiers.get().value
    client = api(world, "supervisor")
    response = client.get(
        f"{API}?first_name=Anyone&last_name=Else&identifier={docket}&identifier=OTHER-1"
    )
    assert [i["id"] for i in response.json()["items"]] == [str(world.south_person.public_id)]
    response = client.get(API, {"first_name": "Test", "last_name": "North", "limit": "1"})
    assert response.json()["count"] == 1


def test_api_keeps_to_the_callers_scope(world: World):
    for username, person in (("casemanager", world.south_person), ("outsider", world.north_person)):
        query: dict[str, Any] = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "date_of_birth": person.date_of_birth.isoformat(),
            "identifier": person.identifiers.get().value,
            "limit": 50,
        }
        response = api(world, username).get(API, query)
        assert response.status_code == 200
        assert str(person.public_id) not in response.content.decode()
    response = api(world, "court").get(API, {"first_name": "Test", "last_name": "North"})
    assert response.json() == {"count": 0, "items": []}


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"first_name": "Test"}, "last_name", "Enter the last name to look for."),
        (
            {"first_name": "Test", "last_name": "North", "date_of_birth": "1990-02-30"},
            "date_of_birth",
            "1990-02-30 is not a real date.",
        ),
        (
            {"first_name": "Test", "last_name": "North", "date_of_birth": "17/05/1990"},
            "date_of_birth",
            "Give the date of birth as YYYY-MM-DD.",
        ),
        (
            {"first_name": "Test", "last_name": "North", "date_of_birth": "2999-01-01"},
            "date_of_birth",
            "Date of birth cannot be in the future.",
        ),
        ({"first_name": "Test", "last_name": "North", "limit": 500}, "limit", "between 1 and 50"),
    ],
)
def test_api_refuses_bad_input_clearly(world: World, query: dict[str, Any], field, message):
    client = api(world, "supervisor")
    before = AuditEvent.objects.count()
    response = client.get(API, query)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert any(d["loc"] == ["query", field] and message in d["msg"] for d in detail), detail
    assert AuditEvent.objects.count() == before


def test_api_reports_every_bad_parameter_at_once(world: World):
    response = api(world, "supervisor").get(API, {"date_of_birth": "1990-13-01"})
    assert response.status_code == 422
    fields = {tuple(d["loc"]) for d in response.json()["detail"]}
    assert fields == {("query", "first_name"), ("query", "last_name"), ("query", "date_of_birth")}


def test_api_needs_a_token(world: World):
    response = Client().get(API, {"first_name": "Test", "last_name": "North"})
    assert response.status_code == 401


def test_api_route_does_not_shadow_a_participant(world: World):
    person = world.north_person
    response = api(world, "casemanager").get(f"/api/v1/participants/{person.public_id}")
    assert response.status_code == 200
    assert response.json()["date_of_birth"] == dt.date(1990, 5, 17).isoformat()


# --- likely duplicate pairs (directors and supervisors) -----------------------------------------


def test_supervisor_sees_likely_pairs_in_the_program(world: World, login):
    from missioncj.participants import services as people

    born = dt.date(1984, 3, 11)
    william = people.create_participant(
        actor=world.user("supervisor"),
        program=world.drug,
        team=world.south,
        referral_date=dt.date(2026, 9, 1),
        first_name="William",
        last_name="Okafor",
        date_of_birth=born,
    )
    bill = people.create_participant(
        actor=world.user("supervisor"),
        program=world.drug,
        team=world.north,
        referral_date=dt.date(2026, 9, 1),
        first_name="Bill",
        last_name="Okafor",
        date_of_birth=dt.date(1984, 11, 3),
    )
    # The same details in the other program: never paired with the drug court's people.
    people.create_participant(
        actor=world.user("outsider"),
        program=world.reentry,
        team=world.reentry_team,
        referral_date=dt.date(2026, 9, 1),
        first_name="William",
        last_name="Okafor",
        date_of_birth=born,
    )
    response = login("supervisor").get(reverse("participants:duplicate_pairs"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<tr>") == 2  # the header and one pair
    assert str(william.public_id) in page and str(bill.public_id) in page
    assert "first name is a nickname (Bill / William)" in page or "(William / Bill)" in page
    assert "day and month of birth swapped" in page
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.after is not None
    assert event.action == "participant.duplicate_pairs"
    assert set(event.after["shown"]) == {str(william.public_id), str(bill.public_id)}


@pytest.mark.parametrize("username", ["casemanager", "outsider", "court", "evaluator", "admin"])
def test_likely_pairs_are_for_directors_and_supervisors(world: World, login, username):
    assert login(username).get(reverse("participants:duplicate_pairs")).status_code == 404


def test_likely_pairs_of_another_program_are_not_found(world: World, login):
    url = reverse("participants:duplicate_pairs")
    client = login("supervisor")
    assert client.get(url, {"program": str(world.reentry.public_id)}).status_code == 404
    assert client.get(url, {"program": "not-an-id"}).status_code == 404
    assert client.get(url, {"program": str(world.drug.public_id)}).status_code == 200
