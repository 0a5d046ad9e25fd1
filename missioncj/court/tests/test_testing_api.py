"""Drug-test API: list and record tests, results with a 422 naming each problem, and who is
called on a day in a program; scoped (404 out of scope, nothing changed) and audited."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from missioncj.accounts.services import issue_api_token
from missioncj.core.models import AuditEvent
from missioncj.court.models import AnalyteResult, DrugTest
from missioncj.court.services import random_testing as services
from missioncj.court.tests.testing_factories import ET, collected, episode_of, move, phase

COLLECTED = dt.datetime(2026, 10, 6, 10, 30, tzinfo=ET)


def api(world, username: str) -> Client:
    token = issue_api_token(actor=None, user=world.user(username))
    return Client(headers={"Authorization": f"Bearer {token}"})


def post(client: Client, url: str, body: dict) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def state() -> tuple:
    return (
        list(DrugTest.objects.order_by("pk").values_list("pk", "outcome", "updated_at")),
        AnalyteResult.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def cm(world):
    return world.user("casemanager")


def test_record_and_list_tests(world, cm):
    client = api(world, "casemanager")
    person = world.north_person
    url = f"/api/v1/participants/{person.public_id}/drug-tests"
    response = post(
        client,
        url,
        {
            "reason": "for_cause",
            "specimen": "oral_fluid",
            "notified_at": "2026-10-06T08:00:00-04:00",
            "collected_at": "2026-10-06T13:00:00-04:00",
            "observed": True,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["outcome"], body["specimen"]) == (
        "collected",
        "pending",
        "oral_fluid",
    )
    notice = post(client, url, {"note": "call-in"})
    assert notice.status_code == 201 and notice.json()["status"] == "notified"
    listed = client.get(url)
    assert listed.status_code == 200
    items = listed.json()["items"]
    assert listed.json()["count"] == 2
    assert {i["id"] for i in items} == {body["id"], notice.json()["id"]}
    event = AuditEvent.objects.filter(action="api.drug_test.list").latest("pk")
    assert event.actor == cm and event.participant_public_id == person.public_id


def test_a_naive_time_is_refused(world):
    client = api(world, "casemanager")
    before = state()
    response = post(
        client,
        f"/api/v1/participants/{world.north_person.public_id}/drug-tests",
        {"collected_at": "2026-10-06T13:00:00"},
    )
    assert response.status_code == 422
    assert "UTC offset" in response.content.decode()
    assert state() == before


def test_results_and_each_problem_named(world, cm):
    test = collected(cm, episode_of(world.north_person), COLLECTED)
    client = api(world, "casemanager")
    url = f"/api/v1/drug-tests/{test.public_id}/results"
    before = state()
    response = post(
        client,
        url,
        {
            "resulted_at": "2026-10-07T10:00:00-04:00",
            "results": [
                {"analyte": "thc", "result": "negative"},
                {"analyte": "moonshine", "result": "positive"},
                {"analyte": "cocaine", "result": "positive", "level": -5},
            ],
        },
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    by_loc = {tuple(d["loc"]): d["msg"] for d in detail}
    assert by_loc[("body", "payload", "results", 1, "analyte")] == "Unknown analyte “moonshine”."
    assert "cannot be negative" in by_loc[("body", "payload", "results", 2, "level")]
    assert state() == before
    response = post(
        client,
        url,
        {
            "resulted_at": "2026-10-09T10:00:00-04:00",
            "validity": "dilute",
            "results": [
                {"analyte": "thc", "result": "negative"},
                {"analyte": "fentanyl", "result": "positive", "level": 5, "cutoff": 1},
            ],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["outcome"], body["validity"]) == ("positive", "dilute")
    assert body["turnaround_hours"] == 71.5
    assert body["flags"] == ["result 2 d 23 h 30 min after collection — over the 48-hour benchmark"]
    assert {r["analyte"] for r in body["results"]} == {"thc", "fentanyl"}


@pytest.mark.parametrize("username", ["outsider", "court", "evaluator", "admin", "cm.south"])
def test_results_out_of_scope_is_404_and_changes_nothing(world, cm, username):
    test = collected(cm, episode_of(world.north_person), COLLECTED)
    client = api(world, username)
    before = state()
    response = post(
        client,
        f"/api/v1/drug-tests/{test.public_id}/results",
        {
            "resulted_at": "2026-10-07T10:00:00-04:00",
            "results": [{"analyte": "thc", "result": "negative"}],
        },
    )
    assert response.status_code == 404
    assert state() == before


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("director", {"North", "South"}),
        ("supervisor", {"North", "South"}),
        ("casemanager", {"North"}),
        ("peer", {"North"}),
        ("clinician", {"North"}),
        ("court", None),
        ("evaluator", None),
        ("admin", None),
        ("outsider", None),
    ],
)
def test_random_calls_per_persona(world, court, cm, username, sees):
    daily = phase(court, 1, "7")
    for person, actor in ((world.north_person, cm), (world.south_person, world.user("cm.south"))):
        episode = episode_of(person)
        move(episode, daily, dt.date(2026, 9, 7), actor)
        services.start_random_testing(actor=actor, episode=episode, starts_on=dt.date(2026, 9, 7))
    client = api(world, username)
    url = f"/api/v1/programs/{world.drug.public_id}/random-calls"
    before = AuditEvent.objects.count()
    response = client.get(url, {"date": "2026-10-14"})
    if sees is None:
        assert response.status_code == 404
        assert AuditEvent.objects.count() == before
        return
    assert response.status_code == 200
    body = response.json()
    assert body["date"] == "2026-10-14"
    assert {c["name"].split()[-1] for c in body["calls"]} == sees
    assert "seed" not in response.content.decode()
    event = AuditEvent.objects.filter(action="api.random_calls.list").latest("pk")
    assert event.after is not None
    assert event.after["day"] == "2026-10-14" and len(event.after["shown"]) == len(sees)
    # before the schedules start nobody is called
    assert client.get(url, {"date": "2026-09-06"}).json()["calls"] == []


def test_random_calls_match_the_schedule(world, cm):
    episode = episode_of(world.north_person)
    schedule = services.start_random_testing(
        actor=cm, episode=episode, starts_on=dt.date(2026, 9, 7)
    )
    days = set(services.schedule_days(schedule, dt.date(2026, 9, 7), dt.date(2026, 9, 20), []))
    assert len(days) == 4
    client = api(world, "casemanager")
    url = f"/api/v1/programs/{world.drug.public_id}/random-calls"
    for offset in range(14):
        day = dt.date(2026, 9, 7) + dt.timedelta(days=offset)
        calls = client.get(url, {"date": day.isoformat()}).json()["calls"]
        assert bool(calls) is (day in days), day
    assert schedule.seed not in client.get(url).content.decode()
