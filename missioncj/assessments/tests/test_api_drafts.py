"""The assessments API beyond giving one: drafts, one administration with its change figures,
completing, corrections and safety alerts. Every refusal leaves the database as it was."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client

from missioncj.assessments.models import Administration, SafetyAlert
from missioncj.assessments.tests.factories import ON, give, phq9
from missioncj.assessments.tests.test_api import api
from missioncj.core.audit import verify_chain
from missioncj.core.models import AuditEvent


def base(participant: Any) -> str:
    return f"/api/v1/participants/{participant.public_id}"


def send(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body if body is not None else {})
    return getattr(client, method)(url, data=data, content_type="application/json")


def state() -> dict[str, Any]:
    """What a refused request must leave alone."""
    return {
        "audit": AuditEvent.objects.count(),
        "administrations": list(
            Administration.objects.order_by("pk").values_list(
                "pk", "status", "responses", "administered_on", "total", "updated_at"
            )
        ),
        "alerts": list(SafetyAlert.objects.order_by("pk").values_list("pk", "acknowledged_at")),
    }


def locs(response: Any) -> list[tuple[str, ...]]:
    return sorted(tuple(d["loc"]) for d in response.json()["detail"])


def new_draft(client: Client, participant: Any, responses: dict[str, Any]) -> Any:
    body = {
        "instrument": "phq9",
        "responses": responses,
        "status": "draft",
        "administered_on": ON.isoformat(),
    }
    return send(client, "post", f"{base(participant)}/assessments", body)


# --- drafts -------------------------------------------------------------------------------------


def test_post_a_draft_with_partial_answers(world):
    client = api(world.user("casemanager"))
    response = new_draft(client, world.north_person, {"q1": 2, "q2": 1})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["total"], body["scores"], body["band"]) == (
        "draft",
        None,
        None,
        "",
    )
    assert body["responses"] == {"q1": 2, "q2": 1}
    stored = Administration.objects.get(public_id=body["id"])
    assert (stored.status, stored.administered_on) == ("draft", ON)
    event = AuditEvent.objects.filter(action="assessment.draft").get()
    assert (event.actor, event.subject_public_id) == (world.user("casemanager"), body["id"])


def test_status_defaults_to_completed_and_rejects_other_words(world):
    client = api(world.user("casemanager"))
    url = f"{base(world.north_person)}/assessments"
    response = send(client, "post", url, {"instrument": "phq9", "responses": phq9()})
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["total"]) == ("completed", 6)
    before = state()
    response = send(
        client, "post", url, {"instrument": "phq9", "responses": phq9(), "status": "finished"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "status"
    assert state() == before


def test_a_draft_still_refuses_unknown_ids_and_bad_values(world):
    client = api(world.user("casemanager"))
    before = state()
    response = new_draft(client, world.north_person, {"q1": 7, "q2": "often", "q42": 1})
    assert response.status_code == 422
    assert locs(response) == [
        ("body", "payload", "q1"),
        ("body", "payload", "q2"),
        ("body", "payload", "q42"),
    ]
    assert state() == before


def test_put_changes_a_drafts_answers_and_date(world):
    client = api(world.user("casemanager"))
    draft = new_draft(client, world.north_person, {"q1": 2}).json()
    url = f"{base(world.north_person)}/assessments/{draft['id']}"
    moved = ON + dt.timedelta(days=3)
    response = send(
        client, "put", url, {"responses": {"q1": 1, "q3": 3}, "administered_on": moved.isoformat()}
    )
    assert response.status_code == 200, response.content
    assert (response.json()["responses"], response.json()["administered_on"]) == (
        {"q1": 1, "q3": 3},
        moved.isoformat(),
    )
    stored = Administration.objects.get(public_id=draft["id"])
    assert (stored.responses, stored.administered_on, stored.status) == (
        {"q1": 1, "q3": 3},
        moved,
        "draft",
    )
    event = AuditEvent.objects.filter(action="assessment.draft.update").get()
    assert event.before is not None and event.before["responses"] == {"q1": 2}
    assert event.after is not None and event.after["responses"] == {"q1": 1, "q3": 3}
    # The date is kept when left out.
    response = send(client, "put", url, {"responses": {"q1": 0}})
    assert response.json()["administered_on"] == moved.isoformat()


def test_put_with_bad_answers_is_a_422_per_item_and_changes_nothing(world):
    client = api(world.user("casemanager"))
    draft = new_draft(client, world.north_person, {"q1": 2}).json()
    url = f"{base(world.north_person)}/assessments/{draft['id']}"
    before = state()
    response = send(client, "put", url, {"responses": {"q1": 4, "q9": -1, "extra": 0}})
    assert response.status_code == 422
    assert locs(response) == [
        ("body", "payload", "extra"),
        ("body", "payload", "q1"),
        ("body", "payload", "q9"),
    ]
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    response = send(client, "put", url, {"responses": {}, "administered_on": str(tomorrow)})
    assert response.status_code == 422
    assert locs(response) == [("body", "payload", "administered_on")]
    assert state() == before


def test_a_completed_assessment_is_a_409_to_put_and_to_complete(world):
    cm = world.user("casemanager")
    done = give(cm, world.north_person)
    client = api(cm)
    url = f"{base(world.north_person)}/assessments/{done.public_id}"
    before = state()
    response = send(client, "put", url, {"responses": phq9(3, 3, 3, 3, 3, 3, 3, 3, 3)})
    assert response.status_code == 409
    assert response.json() == {
        "detail": "A completed assessment cannot change; record a correction."
    }
    response = send(client, "post", f"{url}/complete", {"responses": phq9()})
    assert response.status_code == 409
    assert "already completed" in response.json()["detail"]
    assert state() == before


# --- completing ---------------------------------------------------------------------------------


def test_completing_an_incomplete_draft_lists_every_missing_item_and_saves_nothing(world):
    client = api(world.user("casemanager"))
    draft = new_draft(client, world.north_person, {"q1": 2, "q2": 1}).json()
    url = f"{base(world.north_person)}/assessments/{draft['id']}/complete"
    before = state()
    response = send(client, "post", url)
    assert response.status_code == 422
    assert locs(response) == [("body", "payload", f"q{n}") for n in range(3, 10)]
    response = send(client, "post", url, {"responses": {**phq9(), "q4": 9}})
    assert response.status_code == 422
    assert locs(response) == [("body", "payload", "q4")]
    assert state() == before
    assert Administration.objects.get(public_id=draft["id"]).responses == {"q1": 2, "q2": 1}


def test_complete_a_draft_as_it_stands_or_with_its_last_answers(world):
    client = api(world.user("casemanager"))
    first = new_draft(client, world.north_person, {"q1": 1}).json()
    url = f"{base(world.north_person)}/assessments/{first['id']}"
    assert send(client, "put", url, {"responses": phq9()}).status_code == 200
    response = client.generic("POST", f"{url}/complete")  # no body at all
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["total"]) == ("completed", 6)
    stored = Administration.objects.get(public_id=first["id"])
    assert (stored.status, stored.total, stored.band) == ("completed", 6, "mild")
    event = AuditEvent.objects.filter(action="assessment.complete").get()
    assert event.subject_public_id == first["id"]

    second = new_draft(client, world.north_person, {"q1": 1}).json()
    url = f"{base(world.north_person)}/assessments/{second['id']}/complete"
    response = send(client, "post", url, {"responses": phq9(3, 3, 3, 3, 3, 0, 0, 0, 0)})
    assert response.status_code == 200
    assert (response.json()["total"], response.json()["band"]) == (15, "moderately_severe")
    assert verify_chain().ok


def test_completing_a_positive_item_9_raises_the_alert(world):
    client = api(world.user("casemanager"))
    draft = new_draft(client, world.north_person, {"q9": 2}).json()
    url = f"{base(world.north_person)}/assessments/{draft['id']}/complete"
    response = send(client, "post", url, {"responses": phq9(0, 0, 0, 0, 0, 0, 0, 0, 2)})
    assert response.status_code == 200
    assert response.json()["safety_alert"] is True
    alert = SafetyAlert.objects.get()
    assert alert.administration.public_id == Administration.objects.get().public_id


# --- one administration -------------------------------------------------------------------------


def test_get_one_with_change_from_previous_and_baseline_is_an_audited_read(world):
    cm = world.user("casemanager")
    first = give(cm, world.north_person, responses=phq9(3, 3, 3, 3, 3, 3, 0, 0, 0), on=ON)
    second = give(
        cm,
        world.north_person,
        responses=phq9(2, 2, 2, 2, 2, 2, 0, 0, 0),
        on=ON + dt.timedelta(days=30),
    )
    third = give(
        cm,
        world.north_person,
        responses=phq9(1, 1, 1, 1, 1, 1, 0, 0, 0),
        on=ON + dt.timedelta(days=40),
    )
    client = api(cm)
    body = client.get(f"{base(world.north_person)}/assessments/{third.public_id}").json()
    assert (body["id"], body["total"], body["band"]) == (str(third.public_id), 6, "mild")
    assert body["change"] == {
        "previous": str(second.public_id),
        "baseline": str(first.public_id),
        "from_previous": -6,
        "from_baseline": -12,
    }
    assert body["corrected_by"] is None
    event = AuditEvent.objects.filter(action="api.assessment.read").get()
    assert (event.actor, event.participant_public_id) == (cm, world.north_person.public_id)
    assert event.after == {"administrations": [str(third.public_id)]}
    body = client.get(f"{base(world.north_person)}/assessments/{first.public_id}").json()
    assert body["change"]["from_baseline"] is None and body["change"]["previous"] is None


def test_get_a_draft_has_no_change_figures(world):
    client = api(world.user("casemanager"))
    draft = new_draft(client, world.north_person, {"q1": 1}).json()
    body = client.get(f"{base(world.north_person)}/assessments/{draft['id']}").json()
    assert (body["status"], body["change"], body["total"]) == ("draft", None, None)


# --- corrections --------------------------------------------------------------------------------


def test_correction_is_a_linked_draft_that_replaces_the_original_once_completed(world):
    cm = world.user("casemanager")
    original = give(cm, world.north_person)
    client = api(cm)
    url = f"{base(world.north_person)}/assessments/{original.public_id}"
    response = send(client, "post", f"{url}/correction")
    assert response.status_code == 201, response.content
    draft = response.json()
    assert (draft["status"], draft["corrects"], draft["responses"]) == (
        "draft",
        str(original.public_id),
        original.responses,
    )
    assert AuditEvent.objects.filter(
        action="assessment.correction.start", subject_public_id=draft["id"]
    ).exists()

    before = state()
    again = send(client, "post", f"{url}/correction")
    assert again.status_code == 409
    assert again.json() == {"detail": "A correction of this assessment is already in draft."}
    of_draft = send(
        client, "post", f"{base(world.north_person)}/assessments/{draft['id']}/correction"
    )
    assert of_draft.status_code == 409
    assert "Only a completed assessment is corrected" in of_draft.json()["detail"]
    assert state() == before

    done = send(
        client,
        "post",
        f"{base(world.north_person)}/assessments/{draft['id']}/complete",
        {"responses": phq9(2, 2, 2, 2, 2, 0, 0, 0, 0)},
    )
    assert done.json()["total"] == 10
    body = client.get(url).json()
    assert (body["corrected_by"], body["change"]) == (
        draft["id"],
        {"previous": None, "baseline": None, "from_previous": None, "from_baseline": None},
    )
    original.refresh_from_db()
    assert (original.status, original.total) == ("completed", 6)


# --- safety alerts ------------------------------------------------------------------------------


def test_list_and_acknowledge_safety_alerts(world):
    cm = world.user("casemanager")
    older = give(cm, world.north_person, responses=phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))
    newer = give(
        cm, world.north_person, "cssrs", {"q1": 1, "q2": 0, "q6": 0}, on=ON + dt.timedelta(days=1)
    )
    client = api(cm)
    listed = client.get(f"{base(world.north_person)}/safety-alerts").json()
    assert [(a["administration"], a["instrument"], a["status"]) for a in listed] == [
        (str(newer.public_id), "cssrs", "open"),
        (str(older.public_id), "phq9", "open"),
    ]
    event = AuditEvent.objects.filter(action="api.safety_alert.list").get()
    assert event.after == {"safety_alerts": [a["id"] for a in listed]}

    url = f"{base(world.north_person)}/safety-alerts/{listed[1]['id']}/acknowledge"
    response = send(client, "post", url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["acknowledged_by"]) == ("acknowledged", "casemanager")
    alert = SafetyAlert.objects.get(public_id=listed[1]["id"])
    assert alert.acknowledged_by == cm and alert.acknowledged_at is not None
    assert AuditEvent.objects.filter(
        action="safety_alert.acknowledge", subject_public_id=listed[1]["id"]
    ).exists()

    before = state()
    again = send(client, "post", url)
    assert again.status_code == 409
    assert again.json() == {"detail": "This alert was already acknowledged."}
    assert state() == before
    listed = client.get(f"{base(world.north_person)}/safety-alerts").json()
    assert [a["status"] for a in listed] == ["open", "acknowledged"]


# --- out of scope -------------------------------------------------------------------------------


def test_out_of_scope_is_a_404_on_every_new_route_and_writes_nothing(world):
    supervisor = world.user("supervisor")
    south_done = give(supervisor, world.south_person, responses=phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))
    south_draft = api(supervisor).post(
        f"{base(world.south_person)}/assessments",
        data=json.dumps({"instrument": "phq9", "responses": {"q1": 1}, "status": "draft"}),
        content_type="application/json",
    )
    draft_id = south_draft.json()["id"]
    alert = SafetyAlert.objects.get()
    client = api(world.user("casemanager"))  # team North: the south person is out of sight
    south = base(world.south_person)
    requests = [
        ("get", f"{south}/assessments/{south_done.public_id}", None),
        ("put", f"{south}/assessments/{draft_id}", {"responses": {"q1": 2}}),
        ("post", f"{south}/assessments/{draft_id}/complete", {"responses": phq9()}),
        ("post", f"{south}/assessments/{south_done.public_id}/correction", None),
        ("get", f"{south}/safety-alerts", None),
        ("post", f"{south}/safety-alerts/{alert.public_id}/acknowledge", None),
        (
            "post",
            f"{south}/assessments",
            {"instrument": "phq9", "responses": {"q1": 1}, "status": "draft"},
        ),
    ]
    before = state()
    for method, url, body in requests:
        response = client.get(url) if method == "get" else send(client, method, url, body)
        assert response.status_code == 404, (method, url)
    assert state() == before


def test_another_participants_rows_are_404_under_a_visible_participant(world):
    """The rows are looked up under the participant in the URL, never by id alone."""
    supervisor = world.user("supervisor")
    south_done = give(supervisor, world.south_person, responses=phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))
    alert = SafetyAlert.objects.get()
    client = api(supervisor)  # sees both people
    north = base(world.north_person)
    before = state()
    for method, url in [
        ("get", f"{north}/assessments/{south_done.public_id}"),
        ("put", f"{north}/assessments/{south_done.public_id}"),
        ("post", f"{north}/assessments/{south_done.public_id}/correction"),
        ("post", f"{north}/safety-alerts/{alert.public_id}/acknowledge"),
    ]:
        body: dict[str, Any] | None = {"responses": {}} if method == "put" else None
        response = client.get(url) if method == "get" else send(client, method, url, body)
        assert response.status_code == 404, (method, url)
    assert state() == before
    assert client.get(f"{north}/safety-alerts").json() == []
