"""Restricted records: who sees, who gets the mask, who gets a 404, and break-the-glass."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from missioncj.accounts.models import Role
from missioncj.accounts.services import create_user, grant_role, issue_api_token
from missioncj.care.alerts import alerts_for_user
from missioncj.core.models import AuditEvent, AuditKind
from missioncj.participants.models import BreakGlassGrant, Participant
from missioncj.privacy.services import restricted as services

NAME = "Test North"
DOB = "17 May 1990"
TEAM = {"casemanager", "peer", "clinician"}
MASK_WITH_FORM = {"director", "supervisor", "clin.south"}
MASK_ONLY = {"cm.south"}
NOT_FOUND = {"court", "evaluator", "admin", "outsider"}
EVERYONE = sorted(TEAM | MASK_WITH_FORM | MASK_ONLY | NOT_FOUND)
REASON = "Participant in crisis at the ER, team unreachable"


@pytest.fixture
def restricted(world):
    user = create_user(actor=None, username="clin.south", password="x" * 12)
    grant_role(actor=None, user=user, program=world.drug, role=Role.CLINICIAN, team=world.south)
    TOTP.activate(user, generate_totp_secret())  # pages require MFA, as for every persona
    world.users["clin.south"] = user
    services.restrict_participant(
        actor=world.user("director"), participant=world.north_person, reason="Staff relative"
    )
    world.north_person.refresh_from_db()
    return world


def api(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {issue_api_token(actor=None, user=user)}"})


def detail_url(world) -> str:
    return reverse("participants:detail", args=[world.north_person.public_id])


def counts() -> tuple[int, int, int]:
    return (
        AuditEvent.objects.count(),
        BreakGlassGrant.objects.count(),
        Participant.objects.filter(restricted=True).count(),
    )


@pytest.mark.parametrize("username", EVERYONE)
def test_lists_search_counts_and_api_by_persona(restricted, login, username):
    world = restricted
    user = world.user(username)
    sees = username in TEAM
    pid = str(world.north_person.public_id)
    assert Participant.objects.visible_to(user).filter(pk=world.north_person.pk).exists() == sees
    client = api(user)
    body = client.get("/api/v1/participants").json()
    assert (pid in {i["id"] for i in body["items"]}) == sees
    assert body["count"] == Participant.objects.visible_to(user).count()
    assert client.get("/api/v1/participants", {"q": "North"}).json()["count"] == int(sees)
    assert client.get(f"/api/v1/participants/{pid}").status_code == (200 if sees else 404)
    web = login(username)
    caseload = web.get(reverse("care:caseload")).content.decode()
    assert (detail_url(world) in caseload) == sees
    assert (NAME in caseload) == sees
    html = web.get(reverse("participants:search"), {"q": "North"}).content.decode()
    assert (NAME in html) == sees
    assert DOB not in html or sees
    masked_row = "Restricted record" in html
    assert masked_row == (username in MASK_WITH_FORM)
    assert (detail_url(world) in html) == (sees or username in MASK_WITH_FORM)


@pytest.mark.parametrize("username", EVERYONE)
def test_participant_page_by_persona(restricted, login, username):
    world = restricted
    response = login(username).get(detail_url(world))
    html = response.content.decode()
    if username in NOT_FOUND:
        assert response.status_code == 404
        assert "Restricted" not in html
        return
    assert response.status_code == 200
    if username in TEAM:
        assert NAME in html and "Restricted</span>" in html  # the badge
        return
    assert "Restricted record" in html
    assert NAME not in html and "North" not in html and DOB not in html
    assert "26CR" not in html and "First meeting" not in html
    form = reverse("privacy:break_glass", args=[world.north_person.public_id])
    assert (form in html) == (username in MASK_WITH_FORM)
    assert not AuditEvent.objects.filter(action="participant.read", actor=world.user(username))


def test_unrestricted_other_team_stays_404_for_team_staff(restricted, login):
    # The mask is only for restricted records; an ordinary other-team record is a plain 404.
    south = reverse("participants:detail", args=[restricted.south_person.public_id])
    assert login("casemanager").get(south).status_code == 404


def test_break_glass_needs_a_reason_and_confirmation(restricted, login):
    url = reverse("privacy:break_glass", args=[restricted.north_person.public_id])
    client = login("director")
    others = {name: login(name) for name in ("cm.south", "court", "outsider")}
    before = counts()
    response = client.post(url, {"reason": "need it", "confirm": "OPEN"})
    assert response.status_code == 422
    assert "at least 15 characters" in response.content.decode()
    response = client.post(url, {"reason": REASON, "confirm": "yes"})
    assert response.status_code == 422
    assert "Type OPEN to confirm" in response.content.decode()
    assert NAME not in response.content.decode()
    assert counts() == before
    # A role that is not pre-authorised is refused; someone outside the program gets a 404.
    response = others["cm.south"].post(url, {"reason": REASON, "confirm": "OPEN"})
    assert response.status_code == 422
    assert "may not open restricted records" in response.content.decode()
    assert others["court"].post(url, {"reason": REASON, "confirm": "OPEN"}).status_code == 404
    assert others["outsider"].post(url, {"reason": REASON, "confirm": "OPEN"}).status_code == 404
    assert counts() == before


def test_break_glass_opens_for_a_while_audited_banner_then_masked(restricted, login):
    world = restricted
    client = login("clin.south")
    url = reverse("privacy:break_glass", args=[world.north_person.public_id])
    response = client.post(url, {"reason": REASON, "confirm": "open"})
    assert response.status_code == 302
    grant = BreakGlassGrant.objects.get()
    assert grant.user == world.user("clin.south") and grant.reason == REASON
    assert grant.expires_at - grant.opened_at == dt.timedelta(minutes=60)
    event = AuditEvent.objects.get(kind=AuditKind.BREAK_GLASS)
    assert event.after is not None and event.after["reason"] == REASON
    assert event.actor == world.user("clin.south")
    assert event.participant_public_id == world.north_person.public_id

    html = client.get(detail_url(world)).content.decode()
    assert NAME in html
    assert "You opened this restricted record at" in html and REASON in html
    assert "access ends at" in html
    # The banner is on every page of the record, not just the main one.
    safety = reverse("care:safety_plan", args=[world.north_person.public_id])
    assert "You opened this restricted record at" in client.get(safety).content.decode()
    assert (
        "You opened this restricted record"
        not in client.get(reverse("care:caseload")).content.decode()
    )
    assert (
        api(world.user("clin.south"))
        .get(f"/api/v1/participants/{world.north_person.public_id}")
        .status_code
        == 200
    )

    # Time travel: the grant ran out an hour ago.
    past = timezone.now() - dt.timedelta(hours=2)
    BreakGlassGrant.objects.filter(pk=grant.pk).update(
        opened_at=past, expires_at=past + dt.timedelta(minutes=60)
    )
    html = client.get(detail_url(world)).content.decode()
    assert "Restricted record" in html and NAME not in html
    assert (
        api(world.user("clin.south"))
        .get(f"/api/v1/participants/{world.north_person.public_id}")
        .status_code
        == 404
    )


def test_configured_minutes_and_roles(restricted, login, settings):
    settings.MISSIONCJ_BREAK_GLASS_MINUTES = 15
    settings.MISSIONCJ_BREAK_GLASS_ROLES = ["director"]
    with pytest.raises(ValidationError):
        services.break_glass(
            actor=restricted.user("supervisor"),
            participant=restricted.north_person,
            reason=REASON,
            confirm="OPEN",
        )
    grant = services.break_glass(
        actor=restricted.user("director"),
        participant=restricted.north_person,
        reason=REASON,
        confirm="OPEN",
    )
    assert grant.expires_at - grant.opened_at == dt.timedelta(minutes=15)
    html = login("supervisor").get(detail_url(restricted)).content.decode()
    assert "privacy/break" not in html and "Restricted record" in html


def test_review_queue_and_reviewer_is_not_the_breaker(restricted, login):
    world = restricted
    director, supervisor = world.user("director"), world.user("supervisor")
    grant = services.break_glass(
        actor=director, participant=world.north_person, reason=REASON, confirm="OPEN"
    )
    for user in (director, supervisor):
        kinds = [a.kind for a in alerts_for_user(user)]
        assert "break_glass_review" in kinds
    assert "break_glass_review" not in [a.kind for a in alerts_for_user(world.user("clinician"))]
    queue = login("supervisor").get(reverse("care:work_queue")).content.decode()
    assert "Break-the-glass review" in queue and REASON in queue
    assert NAME not in queue

    review = reverse("privacy:review_grant", args=[grant.public_id])
    own = login("director")
    before = counts()
    own.post(review, {"note": "mine"})
    assert counts() == before
    grant.refresh_from_db()
    assert grant.reviewed_at is None
    with pytest.raises(ValidationError):
        services.review_grant(actor=director, grant=grant)
    assert login("clinician").post(review, {"note": "x"}).status_code == 404

    response = login("supervisor").post(review, {"note": "Checked with the ER"})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.reviewed_by == supervisor and grant.review_note == "Checked with the ER"
    assert AuditEvent.objects.filter(action="break_glass.review", actor=supervisor).exists()
    assert "break_glass_review" not in [a.kind for a in alerts_for_user(supervisor)]


def test_review_over_the_api(restricted):
    world = restricted
    grant = services.break_glass(
        actor=world.user("supervisor"),
        participant=world.north_person,
        reason=REASON,
        confirm="OPEN",
    )
    mine = api(world.user("supervisor"))
    assert [g["id"] for g in mine.get("/api/v1/break-glass/reviews").json()] == [
        str(grant.public_id)
    ]
    response = mine.post(f"/api/v1/break-glass/{grant.public_id}/review", "{}", "application/json")
    assert response.status_code == 422
    assert api(world.user("casemanager")).get("/api/v1/break-glass/reviews").json() == []
    response = api(world.user("director")).post(
        f"/api/v1/break-glass/{grant.public_id}/review", '{"note": "ok"}', "application/json"
    )
    assert response.status_code == 200 and response.json()["reviewed_by"] == "director"


def test_break_glass_over_the_api(restricted):
    world = restricted
    url = f"/api/v1/participants/{world.north_person.public_id}/break-glass"
    client = api(world.user("director"))
    before = counts()
    short = client.post(url, json.dumps({"reason": "short", "confirm": "OPEN"}), "application/json")
    assert short.status_code == 422 and "15 characters" in short.content.decode()
    assert counts() == before
    assert (
        api(world.user("court"))
        .post(url, json.dumps({"reason": REASON, "confirm": "OPEN"}), "application/json")
        .status_code
        == 404
    )
    ok = client.post(url, json.dumps({"reason": REASON, "confirm": "OPEN"}), "application/json")
    assert ok.status_code == 201
    assert client.get(f"/api/v1/participants/{world.north_person.public_id}").status_code == 200


def test_flag_and_unflag_page_and_api(restricted, login):
    world = restricted
    page = reverse("privacy:restriction", args=[world.north_person.public_id])
    # Team members see the record but may not lift the restriction.
    assert login("casemanager").get(page).status_code == 404
    # The director no longer sees it, but may lift the restriction from the mask.
    response = login("director").get(page)
    assert response.status_code == 200 and NAME not in response.content.decode()
    listing = login("director").get(reverse("privacy:restricted_records")).content.decode()
    assert page in listing and NAME not in listing and "Staff relative" in listing
    assert login("casemanager").get(reverse("privacy:restricted_records")).status_code == 404
    assert login("director").post(page).status_code == 302
    world.north_person.refresh_from_db()
    assert not world.north_person.restricted
    assert AuditEvent.objects.filter(action="participant.unrestrict").exists()
    assert "Test North" in login("director").get(detail_url(world)).content.decode()
    # Bad input changes nothing.
    supervisor = login("supervisor")
    before = counts()
    response = supervisor.post(page, {"reason": "  "})
    assert response.status_code == 422 and "Say why" in response.content.decode()
    assert counts() == before
    url = f"/api/v1/participants/{world.north_person.public_id}/restriction"
    body = json.dumps({"restricted": True, "reason": "Staff relative"})
    assert api(world.user("clinician")).put(url, body, "application/json").status_code == 404
    response = api(world.user("supervisor")).put(url, body, "application/json")
    assert response.status_code == 200 and response.json()["restricted"] is True
