"""The groups API: curricula, group sessions (scoped members), 422 on bad input, attendance."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from missioncj.accounts.services import issue_api_token
from missioncj.care.models import Attendance, GroupSession
from missioncj.care.tests.test_groups_sessions import counts, drt, episode, record, second_north
from missioncj.conftest import World
from missioncj.core.models import AuditEvent


def api(world: World, username: str) -> Client:
    token = issue_api_token(actor=None, user=world.user(username))
    return Client(headers={"Authorization": f"Bearer {token}"})


def post(client: Client, payload: dict[str, Any]) -> Any:
    return client.post(
        "/api/v1/group-sessions", json.dumps(payload), content_type="application/json"
    )


def payload(world: World, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "curriculum": str(drt(world.drug).public_id),
        "session_number": 4,
        "occurred_at": "2026-10-06T18:00:00-04:00",
        "duration_minutes": 90,
        "location": "Courthouse room 2",
        "members": [
            {
                "episode": str(episode(world.north_person).public_id),
                "status": "present",
                "note": "Shared a plan",
            }
        ],
    }
    body.update(overrides)
    return body


def test_curricula_of_my_programs_with_sessions(world):
    body = api(world, "casemanager").get("/api/v1/curricula").json()
    assert {c["kind"]: len(c["sessions"]) for c in body} == {"drt": 13, "peer": 11, "prosocial": 10}
    assert {c["program"] for c in body} == {str(world.drug.public_id)}
    drt_body = next(c for c in body if c["kind"] == "drt")
    assert [s["number"] for s in drt_body["sessions"]] == list(range(1, 14))
    assert drt_body["sessions"][3]["title"] == drt(world.drug).sessions.get(number=4).title
    outsider = api(world, "outsider").get("/api/v1/curricula").json()
    assert {c["program"] for c in outsider} == {str(world.reentry.public_id)}


def test_post_records_once_and_answers_201(world):
    second = second_north(world)
    client = api(world, "casemanager")
    before = counts()
    members = [
        {"episode": str(episode(world.north_person).public_id), "status": "present"},
        {"episode": str(episode(second).public_id), "status": "excused", "note": "Court"},
    ]
    response = post(client, payload(world, members=members, facilitators=["casemanager", "peer"]))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["session_number"] == 4 and body["curriculum_kind"] == "drt"
    assert body["session_title"] == drt(world.drug).sessions.get(number=4).title
    assert body["facilitators"] == ["casemanager", "peer"]
    assert {(m["participant_name"], m["status"]) for m in body["members"]} == {
        ("Test North", "present"),
        ("Test Second", "excused"),
    }
    after = counts()
    assert after["groups"] == before["groups"] + 1
    assert after["attendance"] == before["attendance"] + 2
    group = GroupSession.objects.get(public_id=body["id"])
    assert group.recorded_by == world.user("casemanager")
    assert list(group.facilitators.values_list("username", flat=True).order_by("username")) == [
        "casemanager",
        "peer",
    ]


def test_facilitator_defaults_to_the_caller(world):
    body = post(api(world, "peer"), payload(world)).json()
    assert body["facilitators"] == ["peer"]


BAD: list[tuple[str, Any, str]] = [
    (
        "unknown curriculum",
        lambda w: {"curriculum": "00000000-0000-0000-0000-000000000000"},
        "curriculum",
    ),
    (
        "other program's curriculum",
        lambda w: {"curriculum": str(drt(w.reentry).public_id)},
        "curriculum",
    ),
    ("no session 14", lambda w: {"session_number": 14}, "session_number"),
    ("session 0", lambda w: {"session_number": 0}, "session_number"),
    ("future", lambda w: {"occurred_at": "2099-01-01T10:00:00Z"}, "occurred_at"),
    ("no offset", lambda w: {"occurred_at": "2026-10-06T18:00:00"}, "occurred_at"),
    ("zero minutes", lambda w: {"duration_minutes": 0}, "duration_minutes"),
    ("601 minutes", lambda w: {"duration_minutes": 601}, "duration_minutes"),
    ("no members", lambda w: {"members": []}, "members"),
    (
        "bad status",
        lambda w: {
            "members": [{"episode": str(episode(w.north_person).public_id), "status": "late"}]
        },
        "members",
    ),
    (
        "team south member",
        lambda w: {
            "members": [
                {"episode": str(episode(w.north_person).public_id), "status": "present"},
                {"episode": str(episode(w.south_person).public_id), "status": "present"},
            ]
        },
        "members",
    ),
    (
        "member twice",
        lambda w: {
            "members": [
                {"episode": str(episode(w.north_person).public_id), "status": "present"},
                {"episode": str(episode(w.north_person).public_id), "status": "absent"},
            ]
        },
        "attendance",
    ),
    ("unknown facilitator", lambda w: {"facilitators": ["nobody"]}, "facilitators"),
    ("court facilitator", lambda w: {"facilitators": ["court"]}, "facilitators"),
    (
        "make-up absent",
        lambda w: {
            "is_individual_makeup": True,
            "members": [{"episode": str(episode(w.north_person).public_id), "status": "absent"}],
        },
        "attendance",
    ),
    ("no place", lambda w: {"location": ""}, "location"),
]


@pytest.mark.parametrize(("overrides", "field"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_422_with_field_details_and_nothing_saved(world, overrides, field):
    client = api(world, "casemanager")
    body = payload(world, **overrides(world))
    before = counts()
    response = post(client, body)
    assert response.status_code == 422, response.content
    details = response.json()["detail"]
    assert any(field in d["loc"] for d in details), details
    assert all(d["msg"] for d in details)
    assert counts() == before


def test_lists_and_detail_show_only_visible_groups_and_members(world):
    group = record(
        world,
        actor="supervisor",
        attendance=[
            (episode(world.north_person), "present", "North note"),
            (episode(world.south_person), "present", "South note"),
        ],
    )
    cm = api(world, "casemanager")
    listing = cm.get("/api/v1/group-sessions").json()
    assert listing["count"] == 1
    [item] = listing["items"]
    assert [m["participant_name"] for m in item["members"]] == ["Test North"]
    one = cm.get(f"/api/v1/group-sessions/{group.public_id}").json()
    assert [m["note"] for m in one["members"]] == ["North note"]
    reads = AuditEvent.objects.filter(action="api.group_session.read")
    assert [e.participant_public_id for e in reads] == [world.north_person.public_id]
    sup = api(world, "supervisor").get(f"/api/v1/group-sessions/{group.public_id}").json()
    assert sorted(m["participant_name"] for m in sup["members"]) == ["Test North", "Test South"]
    for username in ("outsider", "court", "evaluator"):
        client = api(world, username)
        assert client.get(f"/api/v1/group-sessions/{group.public_id}").status_code == 404
        assert client.get("/api/v1/group-sessions").json()["count"] == 0


def test_paging(world):
    for day in range(3):
        record(world, occurred_at=_at(day))
    body = api(world, "casemanager").get("/api/v1/group-sessions", {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["items"]) == 2
    page2 = (
        api(world, "casemanager").get("/api/v1/group-sessions", {"page_size": 2, "page": 2}).json()
    )
    assert len(page2["items"]) == 1
    assert page2["items"][0]["occurred_at"] < body["items"][-1]["occurred_at"]


def _at(day: int) -> Any:
    import datetime as dt

    return dt.datetime(2026, 10, 6 + day, 22, 0, tzinfo=dt.UTC)


def test_participant_attendance(world):
    record(world, attendance=[(episode(world.north_person), "absent", "Sick")])
    record(
        world,
        occurred_at=_at(1),
        is_individual_makeup=True,
        attendance=[(episode(world.north_person), "makeup", "Caught up")],
    )
    url = f"/api/v1/participants/{world.north_person.public_id}/attendance"
    body = api(world, "peer").get(url).json()
    assert body["count"] == 2
    assert [
        (i["status"], i["session_number"], i["is_individual_makeup"]) for i in body["items"]
    ] == [
        ("makeup", 4, True),
        ("absent", 4, False),
    ]
    assert Attendance.objects.filter(participant=world.north_person).count() == 2
    assert api(world, "cm.south").get(url).status_code == 404
    assert api(world, "outsider").get(url).status_code == 404
