"""The accounting is complete: every path by which participant information leaves the program
— staffing packet page and API, print for a recipient, and each court-partner page and API read
— writes one disclosure per participant it carried, with the SHA-256 of exactly the bytes
returned; nothing is disclosed about a participant without a consent; and every `disclose`
audit event has its disclosure row (and the reverse)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from missioncj.core.models import AuditEvent, AuditKind
from missioncj.court.tests.phases_helpers import api_client
from missioncj.participants.services import local_today
from missioncj.privacy.models import Channel, Disclosure
from missioncj.privacy.tests.packet_helpers import DAY, docket


@pytest.fixture
def record(world, drug_court, north_case, south_case, coordinator_seat, consent):
    """North has a consent naming the court team; South, on the same dockets, has none."""
    upcoming = local_today(world.drug) + dt.timedelta(days=20)  # on the partner's home page
    for day in (DAY, upcoming):
        docket(drug_court, world.north_person, world.user("casemanager"), day)
        docket(drug_court, world.south_person, world.user("cm.south"), day)
    consent(north_case)
    return drug_court


def _paths(world: Any, login: Callable[[str], Any], court: Any) -> dict[str, Any]:
    north = world.north_person.public_id
    staff_api = api_client(world.user("supervisor"))
    partner_api = api_client(world.user("court"))
    packet_body = json.dumps({"date": DAY.isoformat()})
    return {
        "packet page": (
            Channel.PACKET,
            lambda: login("supervisor").post(
                reverse("privacy:packet_download", args=[court.public_id, DAY])
            ),
        ),
        "packet API": (
            Channel.PACKET,
            lambda: staff_api.post(
                f"/api/v1/courts/{court.public_id}/packets",
                packet_body,
                content_type="application/json",
            ),
        ),
        "print": (
            Channel.PRINT,
            lambda: login("casemanager").post(
                reverse("privacy:print", args=[north]),
                {
                    "recipient": "court",
                    "court": str(court.public_id),
                    "purpose": "court_monitoring",
                },
            ),
        ),
        "partner home": (Channel.PAGE, lambda: login("court").get(reverse("privacy:partner_home"))),
        "partner list": (
            Channel.PAGE,
            lambda: login("court").get(reverse("privacy:partner_participants")),
        ),
        "partner search": (
            Channel.PAGE,
            lambda: login("court").get(reverse("privacy:partner_participants") + "?q=Test"),
        ),
        "partner page": (
            Channel.PAGE,
            lambda: login("court").get(reverse("privacy:partner_participant", args=[north])),
        ),
        "partner API list": (Channel.API, lambda: partner_api.get("/api/v1/partner/participants")),
        "partner API record": (
            Channel.API,
            lambda: partner_api.get(f"/api/v1/partner/participants/{north}"),
        ),
    }


PATHS = [
    "packet page",
    "packet API",
    "print",
    "partner home",
    "partner list",
    "partner search",
    "partner page",
    "partner API list",
    "partner API record",
]


@pytest.mark.parametrize("path", PATHS)
def test_every_path_records_what_it_sent(world, login, record, path):
    channel, send = _paths(world, login, record)[path]
    before = Disclosure.objects.count()
    response = send()
    assert response.status_code == 200, response.content[:300]
    rows = list(Disclosure.objects.order_by("pk")[before:].prefetch_related("consents"))
    assert [row.participant for row in rows] == [world.north_person], path
    [row] = rows
    assert row.channel == channel
    assert row.sha256 == hashlib.sha256(response.content).hexdigest()
    assert row.size_bytes == len(response.content)
    assert [c.court_case for c in row.consents.all()] == [world.north_person.court_cases.get()]
    # South, on the same docket but without a consent, is not in what was sent.
    assert b"South" not in response.content or channel in (Channel.PACKET, Channel.PRINT)


def test_every_disclose_event_has_its_row_and_every_row_its_event(world, login, record):
    for path in PATHS:
        _channel, send = _paths(world, login, record)[path]
        assert send().status_code == 200
    rows = set(Disclosure.objects.values_list("public_id", flat=True))
    events = AuditEvent.objects.filter(kind=AuditKind.DISCLOSE)
    assert len(rows) == events.count() >= len(PATHS)
    assert {e.subject_public_id for e in events} == {str(p) for p in rows}
    assert not Disclosure.objects.exclude(participant=world.north_person).exists()
