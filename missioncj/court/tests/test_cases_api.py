"""Court cases over the JSON API: open with charges, read one case, add charges, conditions and
progress; 422 listing each problem with nothing saved; 404 out of scope; reads audited."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from missioncj.accounts.services import issue_api_token
from missioncj.core.models import AuditEvent, AuditKind
from missioncj.court.models import Charge, Condition, ConditionProgress, CourtCase


def api(world, username: str) -> Client:
    token = issue_api_token(actor=None, user=world.user(username))
    return Client(headers={"Authorization": f"Bearer {token}"})


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json")


def state() -> dict[str, Any]:
    return {
        "cases": CourtCase.objects.count(),
        "charges": Charge.objects.count(),
        "conditions": Condition.objects.count(),
        "progress": ConditionProgress.objects.count(),
        "audit": AuditEvent.objects.exclude(kind__in=[AuditKind.LOGIN, AuditKind.TOKEN]).count(),
    }


def base(person: Any) -> str:
    return f"/api/v1/participants/{person.public_id}/court-cases"


def open_case(client: Client, world, court, docket: str = "26CR500") -> dict[str, Any]:
    response = post(
        client,
        base(world.north_person),
        {
            "court": str(court.public_id),
            "docket_number": docket,
            "status": "post_plea",
            "opened_on": "2026-09-08",
            "attorney_name": "Public Defender",
            "charges": [
                {"statute": "316.193", "description": "DUI", "level": "misdemeanor"},
                {"statute": "322.34", "description": "Suspended licence", "level": "misdemeanor"},
            ],
        },
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_open_read_and_build_a_case(world, court):
    client = api(world, "casemanager")
    body = open_case(client, world, court)
    assert body["judge"] == "Hon. R. Ortiz"
    assert [c["statute"] for c in body["charges"]] == ["316.193", "322.34"]
    case_url = f"{base(world.north_person)}/{body['id']}"
    response = post(
        client,
        f"{case_url}/conditions",
        {
            "kind": "community_service",
            "description": "Food bank",
            "ordered_on": "2026-09-10",
            "due_on": "2027-02-01",
            "unit": "hours",
            "required": 40,
        },
    )
    assert response.status_code == 201
    condition = response.json()
    assert condition["compliance"] == "0 of 40 hours, 0%"
    response = post(
        client,
        f"{case_url}/conditions/{condition['id']}/progress",
        {"on": "2026-10-01", "amount": "32"},
    )
    assert response.status_code == 201
    assert response.json()["compliance"] == "32 of 40 hours, 80%"
    assert response.json()["percent"] == 80
    response = post(
        client,
        f"{case_url}/charges",
        {"statute": "893.13", "description": "Possession", "level": "felony", "degree": "F3"},
    )
    assert response.status_code == 201
    response = post(client, f"{case_url}/conditions/{condition['id']}/status", {"status": "met"})
    assert response.status_code == 200 and response.json()["status"] == "met"

    got = client.get(case_url)
    assert got.status_code == 200
    detail = got.json()
    assert len(detail["charges"]) == 3
    assert detail["conditions"][0]["progress"][0]["amount"] in ("32.00", 32.0, "32")
    event = AuditEvent.objects.filter(action="api.court.case.read").get()
    assert (event.actor, event.participant_public_id) == (
        world.user("casemanager"),
        world.north_person.public_id,
    )
    listing = client.get(base(world.north_person)).json()
    assert listing["count"] == 1
    assert listing["items"][0]["conditions"][0]["compliance"] == "32 of 40 hours, 80%"
    assert AuditEvent.objects.filter(action="api.court.cases.list").count() == 1


def test_422_lists_each_problem_and_saves_nothing(world, court):
    client = api(world, "casemanager")
    before = state()
    response = post(
        client,
        base(world.north_person),
        {
            "court": str(court.public_id),
            "docket_number": "",
            "opened_on": "2026-09-08",
            "attorney_email": "nope",
            "charges": [{"statute": "", "description": "Theft", "level": "felony"}],
        },
    )
    assert response.status_code == 422
    fields = {tuple(d["loc"])[-1] for d in response.json()["detail"]}
    assert {"docket_number", "attorney_email", "charges.0.statute"} <= fields
    assert state() == before

    case = open_case(client, world, court)
    before = state()
    url = f"{base(world.north_person)}/{case['id']}/conditions"
    response = post(
        client,
        url,
        {
            "kind": "fees",
            "description": "",
            "ordered_on": "2026-09-10",
            "unit": "dollars",
            "required": -20,
        },
    )
    assert response.status_code == 422
    messages = {d["loc"][-1]: d["msg"] for d in response.json()["detail"]}
    assert "more than zero" in messages["required"]
    assert "Describe the condition" in messages["description"]
    response = post(
        client,
        url,
        {"kind": "fees", "description": "Costs", "ordered_on": "2026-09-10", "unit": "dollars"},
    )
    assert response.status_code == 422
    assert "Give the number of dollars required" in response.json()["detail"][0]["msg"]
    response = post(
        client,
        url,
        {"kind": "fees", "description": "Costs", "ordered_on": "2026-09-10", "required": 20},
    )
    assert response.status_code == 422
    assert "Say what the amount 20 counts" in response.json()["detail"][0]["msg"]
    assert state() == before


def test_duplicate_docket_is_422_with_a_clear_message(world, court):
    client = api(world, "casemanager")
    open_case(client, world, court)
    before = state()
    response = post(
        api(world, "supervisor"),
        base(world.south_person),
        {"court": str(court.public_id), "docket_number": "26CR500", "opened_on": "2026-09-08"},
    )
    assert response.status_code == 422
    assert "already recorded in Drug Court, Part 3" in response.json()["detail"][0]["msg"]
    assert state() == before


def test_a_court_of_another_program_is_refused(world, court, reentry_court):
    before = state()
    response = post(
        api(world, "casemanager"),
        base(world.north_person),
        {"court": str(reentry_court.public_id), "docket_number": "X1", "opened_on": "2026-09-08"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "court"
    assert state() == before


@pytest.mark.parametrize("username", ["peer", "court", "evaluator", "admin", "outsider"])
def test_out_of_scope_is_404_and_changes_nothing(world, court, username):
    case = open_case(api(world, "casemanager"), world, court)
    client = api(world, "supervisor")
    south = post(
        client,
        base(world.south_person),
        {"court": str(court.public_id), "docket_number": "S1", "opened_on": "2026-09-08"},
    ).json()
    other = api(world, username)
    before = state()
    south_url = f"{base(world.south_person)}/{south['id']}"
    assert other.get(base(world.south_person)).status_code == 404
    assert other.get(south_url).status_code == 404
    assert (
        post(
            other, f"{south_url}/charges", {"statute": "1", "description": "x", "level": "felony"}
        ).status_code
        == 404
    )
    # The north case asked for under the south participant is not found either.
    crossed = f"{base(world.south_person)}/{case['id']}"
    assert api(world, "supervisor").get(crossed).status_code == 404
    assert state() == before
