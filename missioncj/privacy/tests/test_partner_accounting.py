"""Every partner read is a disclosure with the SHA-256 of exactly the bytes returned; consent
ending (revoked, expired, case disposed) shows on the very next request; staff get 404 on
partner routes and the partner gets 404 (or nothing) on staff routes."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.urls import reverse

from missioncj.court.services.cases import dispose_case
from missioncj.privacy.decisions import Recipient, consented_participant_ids, decide
from missioncj.privacy.models import Channel, Disclosure, Purpose
from missioncj.privacy.services.consents import revoke_consent
from missioncj.privacy.tests.partner_world import (  # noqa: F401
    VISIBLE,
    partner_world_fixture,
)
from missioncj.privacy.tests.test_partner_scope import HOME, LIST, api_client, api_url, page

STAFF = ["director", "supervisor", "casemanager", "peer", "clinician", "evaluator", "admin"]


def _new(before: int) -> list[Disclosure]:
    return list(Disclosure.objects.order_by("pk")[before:].prefetch_related("consents"))


def test_participant_page_and_api_are_disclosures(world, login, partner_world):
    coord = partner_world.person("Coord")
    consent = partner_world.consents["Coord"]
    for channel, response_of in (
        (Channel.PAGE, lambda: login("court").get(page(coord))),
        (Channel.API, lambda: api_client(world).get(api_url(coord))),
    ):
        before = Disclosure.objects.count()
        response = response_of()
        assert response.status_code == 200
        [row] = _new(before)
        assert row.sha256 == hashlib.sha256(response.content).hexdigest()
        assert row.size_bytes == len(response.content)
        assert row.channel == channel
        assert row.participant == coord
        assert row.recipient_user == world.user("court")
        assert row.purpose == Purpose.COURT_MONITORING
        assert row.categories == [c.value for c in VISIBLE["Coord"]]
        assert [c.pk for c in row.consents.all()] == [consent.pk]


def test_lists_record_one_identity_disclosure_per_participant_listed(world, login, partner_world):
    expected = {partner_world.person(k).pk for k in VISIBLE}
    for response_of, channel, shown in (
        (lambda: login("court").get(LIST), Channel.PAGE, expected),
        (lambda: api_client(world).get(api_url()), Channel.API, expected),
        (
            lambda: login("court").get(LIST, {"q": "team"}),
            Channel.PAGE,
            {partner_world.person("Team").pk},
        ),
        # Home lists only the consented participants on the upcoming docket.
        (lambda: login("court").get(HOME), Channel.PAGE, {partner_world.person("Coord").pk}),
    ):
        before = Disclosure.objects.count()
        response = response_of()
        rows = _new(before)
        digest = hashlib.sha256(response.content).hexdigest()
        assert {r.participant_id for r in rows} == shown
        assert len(rows) == len(shown)
        assert all(r.sha256 == digest and r.channel == channel for r in rows)
        assert all(r.categories == [] and r.consents.exists() for r in rows)


def test_search_that_finds_nobody_discloses_nothing(world, login, partner_world):
    before = Disclosure.objects.count()
    login("court").get(LIST, {"q": "Judgeonly"})
    assert Disclosure.objects.count() == before


def test_refused_reads_record_nothing(world, login, partner_world):
    before = Disclosure.objects.count()
    assert login("court").get(page(partner_world.person("Revoked"))).status_code == 404
    assert login("director").get(LIST).status_code == 404
    assert Disclosure.objects.count() == before


def _count(client) -> str:
    return client.get(LIST).content.decode()


@pytest.mark.parametrize("how", ["revoke", "dispose"])
def test_consent_ending_takes_effect_on_the_next_request(world, login, partner_world, how):
    client = login("court")
    coord = partner_world.person("Coord")
    assert client.get(page(coord)).status_code == 200
    assert "3 participants with a consent naming you" in _count(client)
    supervisor = world.user("supervisor")
    if how == "revoke":
        consent = partner_world.consents["Coord"]  # revocable from 2026-09-10
        revoke_consent(actor=supervisor, consent=consent, how="signed letter")
    else:
        dispose_case(
            actor=supervisor,
            case=partner_world.cases["Coord"],
            disposition="graduated; charges dismissed",
            disposed_on=dt.date(2026, 11, 20),
        )
    assert client.get(page(coord)).status_code == 404
    assert api_client(world).get(api_url(coord)).status_code == 404
    html = _count(client)
    assert "2 participants with a consent naming you" in html and "Test Coord" not in html
    assert api_client(world).get(api_url()).json()["total"] == 2


def test_expiry_takes_effect_the_day_after(world, partner_world):
    recipient = Recipient.for_user(world.user("court"))
    coord = partner_world.person("Coord")
    last_day = dt.datetime(2027, 9, 2, 3, 59, tzinfo=dt.UTC)  # 23:59 on 1 Sep in New York
    after = dt.datetime(2027, 9, 2, 4, 0, tzinfo=dt.UTC)
    for at, seen in ((last_day, True), (after, False)):
        ids = consented_participant_ids(recipient, Purpose.COURT_MONITORING, at)
        assert (coord.pk in ids) is seen
        decision = decide(
            participant=coord, recipient=recipient, purpose=Purpose.COURT_MONITORING, at=at
        )
        assert decision.allowed is seen


@pytest.mark.parametrize("username", STAFF)
def test_staff_get_404_on_partner_routes(world, login, partner_world, username):
    coord = partner_world.person("Coord")
    client = login(username)
    for url in (HOME, LIST, f"{LIST}?q=Coord", page(coord)):
        assert client.get(url).status_code == 404, url
    api = api_client(world, username)
    assert api.get(api_url()).status_code == 404
    assert api.get(api_url(coord)).status_code == 404


def test_partner_gets_nothing_from_staff_routes(world, login, partner_world):
    client = login("court")
    coord = partner_world.person("Coord")
    for url in (
        reverse("participants:detail", kwargs={"public_id": coord.public_id}),
        reverse("court:courts", args=[world.drug.public_id]),
        reverse("court:seats", args=[world.drug.public_id, partner_world.court.public_id]),
        reverse("court:participant_court", kwargs={"public_id": coord.public_id}),
    ):
        assert client.get(url).status_code == 404, url
    html = client.get(reverse("participants:search"), {"q": "Coord"}).content.decode()
    assert "Test Coord" not in html
    api = api_client(world)
    assert api.get(f"/api/v1/participants/{coord.public_id}").status_code == 404
    assert api.get("/api/v1/participants").json()["count"] == 0
    assert api.get(f"/api/v1/courts/{partner_world.court.public_id}/seats").status_code == 404
