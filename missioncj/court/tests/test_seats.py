"""Seating court partners: the services (who may, bad input, audit), the court-team page per
persona, and the API."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from missioncj.accounts.services import issue_api_token
from missioncj.core.models import AuditEvent
from missioncj.court.models import CourtSeat, Seat
from missioncj.court.services.seats import assign_seat, end_seat

PERSONAS = ["director", "supervisor", "casemanager", "peer", "clinician", "court", "evaluator"]
CONFIGURERS = {"director", "supervisor"}


def url(court) -> str:
    return reverse("court:seats", args=[court.program.public_id, court.public_id])


def api(world, username: str) -> Client:
    token = issue_api_token(actor=None, user=world.user(username))
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_assign_and_end_are_audited(world, court):
    seat = assign_seat(
        actor=world.user("director"), court=court, user=world.user("court"), seat=Seat.JUDGE
    )
    assert seat.active and seat.assigned_by == world.user("director")
    created = AuditEvent.objects.get(action="court_seat.create")
    assert created.actor == world.user("director")
    end_seat(actor=world.user("supervisor"), seat=seat)
    seat.refresh_from_db()
    assert not seat.active
    assert AuditEvent.objects.filter(action="court_seat.end").count() == 1
    again = assign_seat(
        actor=world.user("director"), court=court, user=world.user("court"), seat=Seat.JUDGE
    )
    assert again.pk == seat.pk and again.active
    assert AuditEvent.objects.filter(action="court_seat.reopen").count() == 1


@pytest.mark.parametrize(
    ("actor", "user", "seat", "message"),
    [
        ("casemanager", "court", Seat.JUDGE, "director or supervisor"),
        ("director", "casemanager", Seat.JUDGE, "not a court partner"),
        ("director", "court", "bailiff", "role at the court"),
    ],
)
def test_refused_assignments_change_nothing(world, court, actor, user, seat, message):
    before = (CourtSeat.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as refused:
        assign_seat(actor=world.user(actor), court=court, user=world.user(user), seat=seat)
    assert message in " ".join(refused.value.messages)
    assert (CourtSeat.objects.count(), AuditEvent.objects.count()) == before


def test_seat_twice_and_end_twice_are_refused(world, court):
    seat = assign_seat(actor=None, court=court, user=world.user("court"), seat=Seat.PROBATION)
    with pytest.raises(ValidationError, match="already holds"):
        assign_seat(actor=None, court=court, user=world.user("court"), seat=Seat.PROBATION)
    end_seat(actor=world.user("director"), seat=seat)
    with pytest.raises(ValidationError, match="already ended"):
        end_seat(actor=world.user("director"), seat=seat)
    with pytest.raises(ValidationError, match="director or supervisor"):
        end_seat(actor=world.user("casemanager"), seat=seat)


@pytest.mark.parametrize("username", PERSONAS)
def test_court_team_page_per_persona(world, login, court, username):
    client = login(username)
    response = client.get(url(court))
    if username not in CONFIGURERS:
        assert response.status_code == 404
        before = CourtSeat.objects.count()
        post = client.post(url(court), {"user": "court", "seat": Seat.JUDGE})
        assert post.status_code == 404 and CourtSeat.objects.count() == before
        return
    assert response.status_code == 200
    assert "Corey Coordinator (court)" in response.content.decode()
    done = client.post(url(court), {"user": "court", "seat": Seat.JUDGE}, follow=True)
    assert "seated as judge" in done.content.decode()
    seat = CourtSeat.objects.get(court=court, user=world.user("court"), seat=Seat.JUDGE)
    assert seat.active
    end_url = reverse(
        "court:seat_end", args=[world.drug.public_id, court.public_id, seat.public_id]
    )
    assert client.get(end_url).status_code == 405
    ended = client.post(end_url, follow=True)
    assert "no longer sits as judge" in ended.content.decode()
    seat.refresh_from_db()
    assert not seat.active


def test_page_bad_input_says_so_and_changes_nothing(world, login, court):
    client = login("director")
    for data, message in (
        ({"user": "casemanager", "seat": Seat.JUDGE}, "Choose a court partner of this program"),
        ({"user": "court", "seat": "bailiff"}, "Choose the role at the court from the list"),
        ({"seat": Seat.JUDGE}, "Choose the court partner to seat"),
    ):
        before = AuditEvent.objects.count()
        response = client.post(url(court), data)
        assert response.status_code == 422
        assert message in response.content.decode()
        assert CourtSeat.objects.count() == 0 and AuditEvent.objects.count() == before


def test_other_programs_court_is_404(world, login, reentry_court):
    assert login("director").get(url(reentry_court)).status_code == 404
    assert login("outsider").get(url(reentry_court)).status_code == 404


@pytest.mark.parametrize("username", PERSONAS)
def test_api_seats_per_persona(world, court, username):
    client = api(world, username)
    base = f"/api/v1/courts/{court.public_id}/seats"
    body = json.dumps({"user": "court", "seat": "coordinator"})
    created = client.post(base, data=body, content_type="application/json")
    if username not in CONFIGURERS:
        assert created.status_code == 404
        assert client.get(base).status_code == 404
        assert CourtSeat.objects.count() == 0
        return
    assert created.status_code == 201, created.content
    seat = created.json()
    assert seat["seat"] == "coordinator" and seat["active"] and seat["user"] == "court"
    assert [s["id"] for s in client.get(base).json()] == [seat["id"]]
    ended = client.post(f"/api/v1/court-seats/{seat['id']}/end")
    assert ended.status_code == 200 and ended.json()["active"] is False
    twice = client.post(f"/api/v1/court-seats/{seat['id']}/end")
    assert twice.status_code == 422


def test_api_bad_input_is_422_and_changes_nothing(world, court):
    client = api(world, "director")
    base = f"/api/v1/courts/{court.public_id}/seats"
    for payload in ({"user": "casemanager", "seat": "judge"}, {"user": "court", "seat": "x"}):
        response = client.post(base, data=json.dumps(payload), content_type="application/json")
        assert response.status_code == 422, payload
    assert CourtSeat.objects.count() == 0
