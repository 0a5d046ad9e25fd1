"""The hearings API: scoped docket reads (audited LIST), hearing creation with DST answers,
docket entries and results; 422 lists each problem, 404 out of scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from missioncj.accounts.services import issue_api_token
from missioncj.core.models import AuditEvent
from missioncj.court.models import DocketEntry, Hearing
from missioncj.court.services import docket_entries as services
from missioncj.court.tests.hearings_helpers import counts, entry_state, hearing, make_case, today

DRUG_STAFF = {"director", "supervisor", "casemanager", "peer", "clinician"}
PERSONAS = [*sorted(DRUG_STAFF), "court", "evaluator", "admin", "outsider"]


def api(world, username: str) -> Client:
    token = issue_api_token(actor=None, user=world.user(username))
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def docket(world, court):
    supervisor = world.user("supervisor")
    make_case(court, world.north_person, "26-CR-0101", supervisor)
    day = dt.date(2026, 12, 10)
    row = hearing(court, supervisor, day, dt.time(23, 30))
    for person in (world.north_person, world.south_person):
        services.add_to_docket(actor=supervisor, hearing=row, participant=person)
    return row


@pytest.mark.parametrize("username", PERSONAS)
def test_docket_by_persona(world, court, docket, username):
    client = api(world, username)
    before = AuditEvent.objects.filter(action="api.docket.read").count()
    response = client.get(f"/api/v1/courts/{court.public_id}/docket", {"date": "2026-12-10"})
    if username not in DRUG_STAFF:
        assert response.status_code == 404
        assert AuditEvent.objects.filter(action="api.docket.read").count() == before
        return
    assert response.status_code == 200
    body = response.json()
    [item] = body["hearings"]
    assert (item["local_time"], item["starts_at"][:16]) == ("23:30", "2026-12-11T04:30")
    names = sorted(e["name"] for e in item["entries"])
    expected = (
        ["Test North", "Test South"] if username in {"director", "supervisor"} else ["Test North"]
    )
    assert names == expected
    north = next(e for e in item["entries"] if e["name"] == "Test North")
    assert north["docket_number"] == "26-CR-0101"
    event = AuditEvent.objects.filter(action="api.docket.read").latest("pk")
    assert event.actor == world.user(username) and event.kind == "list"
    assert event.after is not None and len(event.after["shown"]) == len(expected)


def test_docket_uses_the_local_date_not_the_utc_date(world, court, docket):
    client = api(world, "supervisor")
    url = f"/api/v1/courts/{court.public_id}/docket"
    assert len(client.get(url, {"date": "2026-12-10"}).json()["hearings"]) == 1
    assert client.get(url, {"date": "2026-12-11"}).json()["hearings"] == []


def test_create_hearing_and_fold_answer(world, court):
    client = api(world, "supervisor")
    url = f"/api/v1/courts/{court.public_id}/hearings"
    before = counts()
    response = client.post(
        url, {"local_date": "2026-11-01", "local_time": "01:30"}, content_type="application/json"
    )
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"][-1] == "fold" and "earlier (EDT)" in problem["msg"]
    assert counts() == before
    response = client.post(
        url,
        {"local_date": "2026-11-01", "local_time": "01:30", "fold": 0},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["starts_at"].startswith("2026-11-01T05:30")
    outsider = api(world, "outsider").post(
        url, {"local_date": "2026-12-01", "local_time": "09:00"}, content_type="application/json"
    )
    assert outsider.status_code == 404
    casemanager = api(world, "casemanager").post(
        url, {"local_date": "2026-12-01", "local_time": "09:00"}, content_type="application/json"
    )
    assert casemanager.status_code == 422
    assert Hearing.objects.count() == 1


def test_add_to_docket_and_record_result(world, court):
    supervisor = world.user("supervisor")
    past = hearing(court, supervisor, today(court) - dt.timedelta(days=2))
    client = api(world, "casemanager")
    url = f"/api/v1/hearings/{past.public_id}/docket"
    out_of_scope = client.post(
        url, {"participant": str(world.south_person.public_id)}, content_type="application/json"
    )
    assert out_of_scope.status_code == 404
    assert (
        api(world, "outsider")
        .post(
            url,
            {"participant": str(world.reentry_person.public_id)},
            content_type="application/json",
        )
        .status_code
        == 404
    )
    response = client.post(
        url, {"participant": str(world.north_person.public_id)}, content_type="application/json"
    )
    assert response.status_code == 201
    entry_id = response.json()["id"]
    result_url = f"/api/v1/docket-entries/{entry_id}/result"
    before = (counts(), entry_state())
    bad = client.post(
        result_url,
        {"appearance": "maybe", "next_date": past.local_date.isoformat(), "outcome": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert {p["loc"][-1] for p in bad.json()["detail"]} == {"appearance", "next_date"}
    assert (counts(), entry_state()) == before
    assert (
        api(world, "peer.south")
        .post(result_url, {"appearance": "appeared"}, content_type="application/json")
        .status_code
        == 404
    )
    ok = client.post(
        result_url,
        {"appearance": "remote", "outcome": "Continued"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["appearance"] == "remote"
    assert DocketEntry.objects.get(public_id=entry_id).appearance == "remote"


def test_participant_hearings_lists_history_newest_first(world, court):
    supervisor = world.user("supervisor")
    for days in (14, 7):
        row = hearing(court, supervisor, today(court) - dt.timedelta(days=days))
        services.add_to_docket(actor=supervisor, hearing=row, participant=world.north_person)
    response = api(world, "peer").get(
        f"/api/v1/participants/{world.north_person.public_id}/hearings"
    )
    dates = [item["local_date"] for item in response.json()]
    assert dates == sorted(dates, reverse=True) and len(dates) == 2
    assert (
        api(world, "court")
        .get(f"/api/v1/participants/{world.north_person.public_id}/hearings")
        .status_code
        == 404
    )
