"""SUD counseling notes: kept apart, readable by the author and the team's clinicians only."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from missioncj.accounts.models import Role
from missioncj.accounts.services import grant_role, issue_api_token
from missioncj.care.models import CounselingNote
from missioncj.care.services.counseling import write_counseling_note
from missioncj.core.models import AuditEvent

SECRET = "Discussed relapse triggers zanzibar"
PERMITTED = {"clinician"}
PERSONAS = ["director", "supervisor", "casemanager", "peer", "clinician", "court", "evaluator"]
PERSONAS += ["admin", "outsider", "cm.south"]


@pytest.fixture
def noted(world):
    write_counseling_note(
        actor=world.user("clinician"),
        participant=world.north_person,
        session_on=dt.date(2026, 10, 1),
        note=SECRET,
    )
    return world


def api(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {issue_api_token(actor=None, user=user)}"})


def state() -> tuple[int, int]:
    return AuditEvent.objects.count(), CounselingNote.objects.count()


@pytest.mark.parametrize("username", PERSONAS)
def test_page_and_api_by_persona(noted, login, username):
    world = noted
    user = world.user(username)
    page = reverse("care:counseling_notes", args=[world.north_person.public_id])
    url = f"/api/v1/participants/{world.north_person.public_id}/counseling-notes"
    web, client = login(username), api(user)
    response = web.get(page)
    listed = client.get(url)
    if username in PERMITTED:
        assert response.status_code == 200 and SECRET in response.content.decode()
        assert [n["note"] for n in listed.json()] == [SECRET]
        reads = AuditEvent.objects.filter(actor=user, action__endswith="counseling_note.list")
        assert {e.action for e in reads} == {"counseling_note.list", "api.counseling_note.list"}
        return
    assert response.status_code == 404 and listed.status_code == 404
    before = state()
    assert web.post(page, {"session_on": "2026-10-02", "note": "nope"}).status_code == 404
    body = json.dumps({"session_on": "2026-10-02", "note": "nope"})
    assert client.post(url, body, "application/json").status_code == 404
    assert state() == before
    # Nowhere else either: not on the participant page (for those who see it), nor in search.
    detail = web.get(reverse("participants:detail", args=[world.north_person.public_id]))
    assert SECRET not in detail.content.decode()
    assert "Counseling notes (" not in detail.content.decode()


def test_never_in_timeline_search_or_participant_api(noted, login):
    world = noted
    client = login("clinician")
    html = client.get(reverse("participants:detail", args=[world.north_person.public_id]))
    html = html.content.decode()
    assert SECRET not in html
    assert "Counseling notes (1)" in html  # a count and a link, nothing more
    found = client.get(reverse("participants:search"), {"q": "zanzibar"}).content.decode()
    assert "No one in your caseload matches" in found
    body = api(world.user("clinician")).get(f"/api/v1/participants/{world.north_person.public_id}")
    assert SECRET not in body.content.decode()
    event = AuditEvent.objects.get(action="counseling_note.sign")
    assert SECRET not in json.dumps(event.after)


def test_clinician_of_another_team_and_break_glass_do_not_reach_notes(noted):
    world = noted
    grant_role(
        actor=None,
        user=world.user("cm.south"),
        program=world.drug,
        role=Role.CLINICIAN,
        team=world.south,
    )
    user = world.user("cm.south")
    assert not CounselingNote.objects.visible_to(user).exists()
    assert not CounselingNote.objects.visible_to(world.user("director")).exists()
    assert CounselingNote.objects.visible_to(world.user("clinician")).count() == 1


def test_bad_input_changes_nothing(noted, login):
    world = noted
    page = reverse("care:counseling_notes", args=[world.north_person.public_id])
    url = f"/api/v1/participants/{world.north_person.public_id}/counseling-notes"
    web, client = login("clinician"), api(world.user("clinician"))
    before = state()
    response = web.post(page, {"session_on": "2026-10-02", "note": "   "})
    assert response.status_code == 422 and "Write the note" in response.content.decode()
    response = web.post(page, {"session_on": "2099-01-01", "note": "Future"})
    assert response.status_code == 422 and "in the future" in response.content.decode()
    response = web.post(page, {"session_on": "2020-01-01", "note": "Too early"})
    assert response.status_code == 422 and "before the referral" in response.content.decode()
    response = client.post(
        url, json.dumps({"session_on": "2026-10-02", "note": ""}), "application/json"
    )
    assert response.status_code == 422
    assert state() == before
    with pytest.raises(ValidationError):
        write_counseling_note(
            actor=world.user("casemanager"),
            participant=world.north_person,
            session_on=dt.date(2026, 10, 2),
            note="Case managers do not write these",
        )
    assert state() == before


def test_signed_notes_cannot_be_changed_through_any_route(noted, login):
    # There is no edit route: the only write is a new signed note.
    world = noted
    note = CounselingNote.objects.get()
    response = api(world.user("clinician")).put(
        f"/api/v1/participants/{world.north_person.public_id}/counseling-notes",
        json.dumps({"session_on": "2026-10-01", "note": "changed"}),
        "application/json",
    )
    assert response.status_code == 405
    note.refresh_from_db()
    assert note.note == SECRET and note.signed_at is not None
