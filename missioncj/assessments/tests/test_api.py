"""The assessments API: instruments, giving one (422 listing every problem), listing scores."""

from __future__ import annotations

import json

from django.test import Client

from missioncj.accounts.services import issue_api_token
from missioncj.assessments.models import Administration, SafetyAlert
from missioncj.assessments.tests.factories import phq9
from missioncj.core.models import AuditEvent


def api(user):
    return Client(headers={"Authorization": f"Bearer {issue_api_token(actor=None, user=user)}"})


def post(client, participant, body):
    return client.post(
        f"/api/v1/participants/{participant.public_id}/assessments",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_instruments_with_loinc_and_items(world):
    body = api(world.user("casemanager")).get("/api/v1/instruments").json()
    phq = next(i for i in body if i["code"] == "phq9")
    assert (phq["loinc_panel"], phq["loinc_total"]) == ("44249-1", "44261-6")
    assert len(phq["items"]) == 9 and phq["items"][8]["options"][3]["label"] == "Nearly every day"
    lsir = next(i for i in body if i["code"] == "lsir")
    assert lsir["score_entry_only"] and lsir["items"][0]["kind"] == "number"
    pcl = next(i for i in body if i["code"] == "pcl5")
    assert pcl["loinc_total"] is None and pcl["unverified"]


def test_give_and_list(world):
    client = api(world.user("casemanager"))
    person = world.north_person
    response = post(
        client, person, {"instrument": "phq9", "responses": phq9(), "administered_on": "2026-10-01"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["total"], body["band"], body["loinc_total"]) == (6, "mild", "44261-6")
    listed = client.get(f"/api/v1/participants/{person.public_id}/assessments").json()
    assert [a["id"] for a in listed] == [body["id"]]
    event = AuditEvent.objects.filter(action="api.assessment.list").get()
    assert event.participant_public_id == person.public_id


def test_every_problem_is_a_422_with_its_item_and_nothing_is_saved(world):
    client = api(world.user("casemanager"))
    before = AuditEvent.objects.count()
    responses = {**phq9(), "q1": 5, "q10": 1}
    del responses["q9"]
    response = post(client, world.north_person, {"instrument": "phq9", "responses": responses})
    assert response.status_code == 422
    locs = {tuple(d["loc"]) for d in response.json()["detail"]}
    assert locs == {
        ("body", "payload", "q1"),
        ("body", "payload", "q10"),
        ("body", "payload", "q9"),
    }
    assert not Administration.objects.exists()
    assert AuditEvent.objects.count() == before
    response = post(client, world.north_person, {"instrument": "nope", "responses": {}})
    assert response.status_code == 422


def test_api_cssrs_positive_raises_alert(world):
    client = api(world.user("supervisor"))
    body = {"instrument": "cssrs", "responses": {"q1": 0, "q2": 0, "q6": 1, "q6b": 1}}
    response = post(client, world.south_person, body)
    assert response.status_code == 201
    assert response.json()["band"] == "high" and response.json()["safety_alert"] is True
    assert SafetyAlert.objects.count() == 1
    # hidden items answered are refused by the API (the page drops them instead)
    body = {"instrument": "cssrs", "responses": {"q1": 0, "q2": 0, "q3": 1, "q6": 0}}
    response = post(client, world.south_person, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "q3"


def test_out_of_scope_is_404_and_saves_nothing(world):
    client = api(world.user("casemanager"))
    assert (
        client.get(f"/api/v1/participants/{world.south_person.public_id}/assessments").status_code
        == 404
    )
    response = post(client, world.south_person, {"instrument": "phq9", "responses": phq9()})
    assert response.status_code == 404
    assert not Administration.objects.exists()
