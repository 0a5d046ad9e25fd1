"""The participants JSON API: create, list and paging, OpenAPI, and refusing bad input cleanly."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from missioncj.accounts.models import User
from missioncj.accounts.services import issue_api_token
from missioncj.care.models import Contact
from missioncj.conftest import World, make_participant
from missioncj.core.models import AuditEvent
from missioncj.participants.models import Episode, EpisodeStatus, Identifier, Participant, Phone

URL = "/api/v1/participants"


def api_client(user: User) -> Client:
    token = issue_api_token(actor=None, user=user)
    return Client(headers={"Authorization": f"Bearer {token}"})


def post_json(client: Client, url: str, payload: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def counts() -> dict[str, int]:
    return {
        "participants": Participant.objects.count(),
        "episodes": Episode.objects.count(),
        "identifiers": Identifier.objects.count(),
        "phones": Phone.objects.count(),
        "contacts": Contact.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def error_locs(response: Any) -> list[list[Any]]:
    body = response.json()
    assert isinstance(body["detail"], list) and body["detail"], body
    for entry in body["detail"]:
        assert entry["msg"], entry
    return [entry["loc"] for entry in body["detail"]]


def names_field(response: Any, field: str) -> bool:
    return any(field in loc for loc in error_locs(response))


def valid_payload(world: World, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "first_name": "Avery",
        "middle_name": "Q",
        "last_name": "Apitest",
        "preferred_name": "Ave",
        "date_of_birth": "1988-03-14",
        "sex": "female",
        "race": "asian",
        "ethnicity": "not_hispanic",
        "veteran_status": "veteran",
        "preferred_language": "Spanish",
        "team": str(world.north.public_id),
        "referral_date": "2026-10-01",
        "referral_source": "Judge Hale",
        "identifiers": [
            {"kind": "court_docket", "value": "24CR-API-1", "issuer": "Circuit Court"},
            {"kind": "booking", "value": "BK-77"},
        ],
        "phones": [{"number": "555-0142", "label": "mobile", "consent_to_text": True}],
    }
    payload.update(overrides)
    return payload


# --- create -------------------------------------------------------------------------------------


def test_create_participant(world):
    casemanager = world.user("casemanager")
    client = api_client(casemanager)
    response = post_json(client, URL, valid_payload(world))
    assert response.status_code == 201, response.content
    body = response.json()

    participant = Participant.objects.get(public_id=body["id"])
    assert participant.legal_name == "Avery Q Apitest"
    assert participant.display_name == "Ave Apitest"
    assert participant.date_of_birth == dt.date(1988, 3, 14)
    assert participant.veteran_status == "veteran"
    assert participant.preferred_language == "Spanish"
    assert participant.created_by == casemanager
    assert body["last_name"] == "Apitest"
    assert body["sex"] == "female"

    identifiers = {(i.kind, i.value, i.issuer) for i in participant.identifiers.all()}
    assert identifiers == {
        ("court_docket", "24CR-API-1", "Circuit Court"),
        ("booking", "BK-77", ""),
    }
    assert {(i["kind"], i["value"]) for i in body["identifiers"]} == {
        ("court_docket", "24CR-API-1"),
        ("booking", "BK-77"),
    }
    phone = participant.phones.get()
    assert (phone.number, phone.label, phone.consent_to_text) == ("555-0142", "mobile", True)
    assert phone.consent_recorded_at is not None

    episode = participant.episodes.get()
    assert episode.status == EpisodeStatus.REFERRED
    assert episode.program == world.drug
    assert episode.team == world.north
    assert episode.referral_date == dt.date(2026, 10, 1)
    assert episode.referral_source == "Judge Hale"
    assert body["episodes"] == [
        {
            "id": str(episode.public_id),
            "program": "Drug Court",
            "team": "Team North",
            "status": "referred",
            "referral_date": "2026-10-01",
            "enrolled_date": None,
            "closed_date": None,
            "discharge_reason": "",
        }
    ]

    events = AuditEvent.objects.filter(participant_public_id=participant.public_id).order_by("pk")
    actions = [e.action for e in events]
    assert actions == [
        "participant.create",
        "episode.open",
        "identifier.create",
        "identifier.create",
        "phone.create",
    ]
    assert all(e.actor == casemanager for e in events)
    create = events[0]
    assert create.after is not None
    assert create.after["last_name"] == "Apitest"
    assert create.after["date_of_birth"] == "1988-03-14"
    opened = events[1]
    assert opened.subject_public_id == str(episode.public_id)
    assert opened.after is not None and opened.after["team"] == str(world.north.public_id)


def test_create_minimal_participant_uses_defaults(world):
    client = api_client(world.user("supervisor"))
    payload = {
        "first_name": "Min",
        "last_name": "Imal",
        "date_of_birth": "1970-01-01",
        "team": str(world.south.public_id),
        "referral_date": "2026-10-02",
    }
    response = post_json(client, URL, payload)
    assert response.status_code == 201, response.content
    participant = Participant.objects.get(public_id=response.json()["id"])
    assert (participant.sex, participant.race, participant.preferred_language) == (
        "unknown",
        "unknown",
        "English",
    )
    assert not participant.identifiers.exists()
    assert not participant.phones.exists()
    assert participant.episodes.get().team == world.south


def test_created_participant_is_visible_only_in_scope(world):
    response = post_json(api_client(world.user("casemanager")), URL, valid_payload(world))
    new_id = response.json()["id"]
    assert api_client(world.user("peer")).get(f"{URL}/{new_id}").status_code == 200
    assert api_client(world.user("supervisor")).get(f"{URL}/{new_id}").status_code == 200
    assert api_client(world.user("cm.south")).get(f"{URL}/{new_id}").status_code == 404
    assert api_client(world.user("outsider")).get(f"{URL}/{new_id}").status_code == 404
    assert api_client(world.user("court")).get(f"{URL}/{new_id}").status_code == 404


@pytest.mark.parametrize("username", ["court", "evaluator", "admin"])
def test_roles_without_a_caseload_cannot_create(world, username):
    client = api_client(world.user(username))
    before = counts()
    response = post_json(client, URL, valid_payload(world))
    assert response.status_code == 422
    assert names_field(response, "team")
    assert counts() == before


def test_duplicate_identifier_in_one_request_rolls_everything_back(world):
    client = api_client(world.user("casemanager"))
    payload = valid_payload(
        world,
        last_name="Dupli",
        identifiers=[
            {"kind": "court_docket", "value": "24CR-DUP"},
            {"kind": "booking", "value": "BK-1"},
            {"kind": "court_docket", "value": "24CR-DUP"},
        ],
    )
    before = counts()
    response = post_json(client, URL, payload)
    assert response.status_code == 422
    assert names_field(response, "value")
    assert "already recorded" in response.json()["detail"][0]["msg"]
    assert counts() == before
    assert not Participant.objects.filter(last_name="Dupli").exists()
    assert not Identifier.objects.filter(value__in=["24CR-DUP", "BK-1"]).exists()
    assert not Phone.objects.filter(number="555-0142").exists()
    assert (
        not AuditEvent.objects.filter(action="participant.create")
        .exclude(participant_public_id__in=Participant.objects.values("public_id"))
        .exists()
    )
    # The same payload without the repeat goes through: the refusal was about the duplicate.
    payload["identifiers"] = payload["identifiers"][:2]
    assert post_json(client, URL, payload).status_code == 201


def _future(days: int = 3) -> str:
    return (timezone.now().date() + dt.timedelta(days=days)).isoformat()


BAD_INPUT: list[tuple[str, dict[str, Any], str]] = [
    ("missing last_name", {"last_name": None}, "last_name"),
    ("empty first_name", {"first_name": ""}, "first_name"),
    ("last_name too long", {"last_name": "x" * 101}, "last_name"),
    ("date_of_birth in the future", {"date_of_birth": "FUTURE"}, "date_of_birth"),
    ("date_of_birth too long ago", {"date_of_birth": "1900-01-01"}, "date_of_birth"),
    ("date_of_birth not a date", {"date_of_birth": "14/03/1988"}, "date_of_birth"),
    ("missing date_of_birth", {"date_of_birth": None}, "date_of_birth"),
    ("unknown team", {"team": "RANDOM"}, "team"),
    ("team not a uuid", {"team": "north"}, "team"),
    ("team of another program", {"team": "REENTRY"}, "team"),
    ("team of another team in the program", {"team": "SOUTH"}, "team"),
    ("future referral_date", {"referral_date": "FUTURE"}, "referral_date"),
    ("missing referral_date", {"referral_date": None}, "referral_date"),
    ("unknown sex", {"sex": "robot"}, "sex"),
    ("unknown race", {"race": "martian"}, "race"),
    ("unknown identifier kind", {"identifiers": [{"kind": "ssn", "value": "1"}]}, "kind"),
    ("empty identifier value", {"identifiers": [{"kind": "booking", "value": ""}]}, "value"),
    ("phone too short", {"phones": [{"number": "12"}]}, "number"),
]


@pytest.mark.parametrize(
    ("change", "field"), [(c, f) for _, c, f in BAD_INPUT], ids=[i for i, _, _ in BAD_INPUT]
)
def test_invalid_input_is_422_naming_the_field_and_saves_nothing(world, change, field):
    client = api_client(world.user("casemanager"))
    payload = valid_payload(world)
    for key, value in change.items():
        if value is None:
            del payload[key]
        elif value == "FUTURE":
            payload[key] = _future()
        elif value == "RANDOM":
            payload[key] = str(uuid.uuid4())
        elif value == "REENTRY":
            payload[key] = str(world.reentry_team.public_id)
        elif value == "SOUTH":
            payload[key] = str(world.south.public_id)
        else:
            payload[key] = value
    before = counts()
    response = post_json(client, URL, payload)
    assert response.status_code == 422, response.content
    assert names_field(response, field), response.json()
    assert counts() == before


def test_not_json_is_refused(world):
    client = api_client(world.user("casemanager"))
    before = counts()
    response = client.post(URL, data="{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert counts() == before


# --- list and paging ----------------------------------------------------------------------------


@pytest.fixture
def six_north(world: World) -> list[Participant]:
    """North plus five more on Team North, so the case manager sees six."""
    extra = [
        make_participant(world.user("casemanager"), world.drug, world.north, name)
        for name in ("Adams", "Baker", "Clark", "Davis", "Evans")
    ]
    return sorted([world.north_person, *extra], key=lambda p: (p.last_name, p.first_name))


def test_paging(world, six_north):
    client = api_client(world.user("casemanager"))
    seen: list[str] = []
    for page, size in [(1, 4), (2, 4)]:
        body = client.get(URL, {"page": page, "page_size": size}).json()
        assert body["count"] == 6
        assert body["page"] == page
        assert body["page_size"] == size
        seen.extend(item["id"] for item in body["items"])
    assert seen == [str(p.public_id) for p in six_north]  # ordered by name, no overlap

    body = client.get(URL, {"page": 3, "page_size": 4}).json()
    assert body["count"] == 6
    assert body["items"] == []

    body = client.get(URL).json()
    assert (body["page"], body["page_size"], body["count"], len(body["items"])) == (1, 50, 6, 6)

    body = client.get(URL, {"page": 2, "page_size": 5}).json()
    assert [item["last_name"] for item in body["items"]] == ["North"]


def test_paging_with_search(world, six_north):
    client = api_client(world.user("supervisor"))
    body = client.get(f"{URL}?q=Test&page_size=2").json()
    assert body["count"] == 7  # six on North and one on South
    assert len(body["items"]) == 2
    body = client.get(f"{URL}?q=Test&page=4&page_size=2").json()
    assert [item["last_name"] for item in body["items"]] == ["South"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"page": "x"}, "page"),
        ({"page_size": 0}, "page_size"),
        ({"page_size": 201}, "page_size"),
    ],
)
def test_bad_paging_is_422(world, params, field):
    response = api_client(world.user("casemanager")).get(URL, params)
    assert response.status_code == 422
    assert names_field(response, field)


def test_list_and_read_are_audited(world):
    casemanager = world.user("casemanager")
    client = api_client(casemanager)
    client.get(URL)
    event = AuditEvent.objects.get(action="api.participant.list")
    assert event.actor == casemanager
    assert event.after == {"shown": [str(world.north_person.public_id)]}

    client.get(f"{URL}/{world.north_person.public_id}")
    read = AuditEvent.objects.get(action="api.participant.read")
    assert read.participant_public_id == world.north_person.public_id
    assert read.actor == casemanager

    client.get(f"{URL}/{world.south_person.public_id}")  # 404: no read recorded
    assert AuditEvent.objects.filter(action="api.participant.read").count() == 1


def test_get_participant_body(world):
    body = api_client(world.user("casemanager")).get(f"{URL}/{world.north_person.public_id}")
    data = body.json()
    episode = world.north_person.episodes.get()
    assert data["id"] == str(world.north_person.public_id)
    assert data["first_name"] == "Test"
    assert data["date_of_birth"] == "1990-05-17"
    assert [i["kind"] for i in data["identifiers"]] == ["court_docket"]
    assert [(e["id"], e["status"], e["enrolled_date"]) for e in data["episodes"]] == [
        (str(episode.public_id), "enrolled", "2026-09-05")
    ]


# --- OpenAPI ------------------------------------------------------------------------------------


def test_openapi_document(world):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    paths = doc["paths"]
    assert set(paths["/api/v1/participants"]) >= {"get", "post"}
    assert "get" in paths["/api/v1/participants/{participant_id}"]
    assert set(paths["/api/v1/participants/{participant_id}/contacts"]) >= {"get", "post"}

    schemes = doc["components"]["securitySchemes"]
    bearer = [name for name, s in schemes.items() if s == {"type": "http", "scheme": "bearer"}]
    assert bearer, schemes
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert {bearer[0]: []} in operation.get("security", []), f"{method} {path} is open"

    create = paths["/api/v1/participants"]["post"]
    schema_ref = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = doc["components"]["schemas"][schema_ref.rsplit("/", 1)[-1]]
    assert {"first_name", "last_name", "date_of_birth", "team", "referral_date"} <= set(
        schema["required"]
    )
    # The document describes the API; it holds no participant data.
    text = response.content.decode()
    assert "North" not in text
    assert str(world.north_person.public_id) not in text
