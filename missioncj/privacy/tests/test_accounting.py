"""The accounting of disclosures: disclosures made through `record_disclosure` on several
channels are all listed on the page, in the CSV and by the API within the period, and none
outside it; reading it is audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
from unittest import mock

import pytest
from django.urls import reverse

from missioncj.core.models import AuditEvent
from missioncj.participants.tests.test_access_matrix import api_client
from missioncj.privacy.decisions import Recipient, decide
from missioncj.privacy.models import Category, Channel, Disclosure, Purpose
from missioncj.privacy.services.disclosures import digest, record_disclosure

OCTOBER = dt.datetime(2026, 10, 1, 3, 30, tzinfo=dt.UTC)  # 30 Sep 23:30 in New York


@pytest.fixture
def disclosures(world, north_case, coordinator_seat, consent):
    consent(north_case)
    partner = Recipient.for_user(world.user("court"))
    actor = world.user("casemanager")

    def disclose(channel: str, content: bytes) -> Disclosure:
        decision = decide(
            participant=world.north_person,
            recipient=partner,
            purpose=Purpose.COURT_MONITORING,
            categories=[Category.ATTENDANCE, Category.DRUG_TESTS],
        )
        return record_disclosure(
            actor=actor,
            decision=decision,
            channel=channel,
            content=content,
            description=f"{channel} for the test",
        )

    with mock.patch("django.utils.timezone.now", return_value=OCTOBER):
        old = disclose(Channel.PACKET, b"old packet")
    recent = [
        disclose(c, f"{c} body".encode())
        for c in (Channel.PACKET, Channel.PRINT, Channel.API, Channel.EXPORT)
    ]
    return old, recent


def page(login, world, **query):
    url = reverse("privacy:disclosures", args=[world.north_person.public_id])
    return login("peer").get(url, query)


def test_page_lists_the_period_only(world, login, disclosures):
    old, recent = disclosures
    html = page(login, world, **{"from": "2026-10-01", "to": "2026-12-31"}).content.decode()
    for d in recent:
        assert d.sha256 in html
    assert old.sha256 not in html  # 30 Sep in the program's time zone
    assert "4 disclosures" in html and "Staffing packet" in html and "Export" in html
    html = page(login, world, **{"from": "2026-09-30", "to": "2026-09-30"}).content.decode()
    assert old.sha256 in html and "1 disclosure" in html
    assert all(d.sha256 not in html for d in recent)
    # The default is the last three years: everything.
    html = page(login, world).content.decode()
    assert all(d.sha256 in html for d in [old, *recent])
    event = AuditEvent.objects.filter(action="privacy.disclosures.read").order_by("-pk").first()
    assert event is not None and event.after is not None
    assert event.actor == world.user("peer")
    assert set(event.after["shown"]) == {str(d.public_id) for d in [old, *recent]}


def test_csv_lists_the_period_only(world, login, disclosures):
    _old, recent = disclosures
    response = page(login, world, **{"from": "2026-10-01", "to": "2026-12-31", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert {r["sha256"] for r in rows} == {d.sha256 for d in recent}
    assert {r["channel"] for r in rows} == {
        "Staffing packet",
        "Printed record",
        "API read by a court partner",
        "Export",
    }
    assert rows[0]["sha256"] == digest(b"export body")  # newest first
    assert all(r["made_by"] == "casemanager" for r in rows)
    assert AuditEvent.objects.filter(action="privacy.disclosures.csv").count() == 1


def test_api_lists_the_period_only(world, disclosures):
    old, recent = disclosures
    api = api_client(world.user("supervisor"))
    url = f"/api/v1/participants/{world.north_person.public_id}/disclosures"
    body = api.get(url, {"from": "2026-10-01", "to": "2026-12-31"}).json()
    assert body["count"] == 4 and body["time_zone"] == "America/New_York"
    assert {i["sha256"] for i in body["items"]} == {d.sha256 for d in recent}
    assert all(len(i["consents"]) == 1 for i in body["items"])
    body = api.get(url, {"to": "2026-09-30"}).json()
    assert [i["sha256"] for i in body["items"]] == [old.sha256]
    assert body["items"][0]["occurred_at"].startswith("2026-09-30T23:30:00-04:00")
    response = api.get(url, {"from": "2026-12-01", "to": "2026-10-01"})
    assert response.status_code == 422
    response = api.get(url, {"from": "yesterday"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "from"


def test_bad_period_on_the_page_is_a_message_next_to_the_field(world, login, disclosures):
    client = login("peer")  # signing in is an audit event of its own
    before = AuditEvent.objects.count()
    url = reverse("privacy:disclosures", args=[world.north_person.public_id])
    response = client.get(url, {"from": "2026-12-01", "to": "2026-10-01"})
    assert response.status_code == 422
    assert "must not be before its start" in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_consent_detail_lists_the_disclosures_that_relied_on_it(world, login, disclosures):
    old, _ = disclosures
    consent = old.consents.get()
    url = reverse("privacy:consent_detail", args=[world.north_person.public_id, consent.public_id])
    html = login("casemanager").get(url).content.decode()
    assert html.count("Harbor Drug Court") >= 1 and "Staffing packet to" in html
