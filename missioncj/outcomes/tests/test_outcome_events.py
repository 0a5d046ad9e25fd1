"""Outcome events: recording and voiding through the pages, the API and the services; every
refusal says which field and writes nothing; the panel and timeline show them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from missioncj.core.models import AuditEvent
from missioncj.outcomes import services
from missioncj.outcomes.models import OutcomeEvent
from missioncj.participants.services import local_today
from missioncj.participants.tests.test_access_matrix import api_client


def _state():
    return (OutcomeEvent.objects.count(), AuditEvent.objects.count())


def _post(**changes):
    data = {"kind": "incarceration", "occurred_on": "2026-10-01", "source": "jail_record"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_page_records_an_incarceration_and_counts_its_nights(world, login):
    person = world.north_person
    client = login("casemanager")
    url = reverse("outcomes:event_add", args=[person.public_id])
    response = client.post(url, _post(ended_on="2026-10-08", detail="Booked on a warrant"))
    assert response.status_code == 302
    event = OutcomeEvent.objects.get(participant=person)
    assert (event.kind, event.nights, event.recorded_by) == (
        "incarceration",
        7,
        world.user("casemanager"),
    )
    audit = AuditEvent.objects.filter(action="outcome_event.record").latest("pk")
    assert audit.participant_public_id == person.public_id
    listing = client.get(reverse("outcomes:events", args=[person.public_id])).content.decode()
    assert "Booked on a warrant" in listing and "7 nights" in listing


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"occurred_on": "2099-01-01"}, "occurred_on", "The day cannot be in the future."),
        (
            {"kind": "arrest", "nights": "3"},
            "nights",
            "Nights and a release day are only for an incarceration.",
        ),
        (
            {"ended_on": "2026-09-20"},
            "ended_on",
            "The release day cannot be before the day it started.",
        ),
        (
            {"ended_on": "2026-10-03", "nights": "9"},
            "nights",
            "More nights than days between the start and the release.",
        ),
        ({"kind": ""}, "kind", "This field is required."),
    ],
)
def test_page_refuses_with_the_message_by_the_field(world, login, changes, field, message):
    url = reverse("outcomes:event_add", args=[world.north_person.public_id])
    client = login("casemanager")
    before = _state()
    response = client.post(url, _post(**changes))
    assert response.status_code == 422
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert _state() == before


def test_nights_without_a_release_day_cannot_outrun_today(world):
    episode = world.north_person.episodes.get()
    today = local_today(episode.program)
    with pytest.raises(ValidationError) as caught:
        services.record_outcome_event(
            actor=world.user("casemanager"),
            episode=episode,
            kind="incarceration",
            occurred_on=today - dt.timedelta(days=3),
            nights=5,
            source="jail_record",
        )
    assert caught.value.message_dict == {
        "nights": ["More nights than days from the start until today."]
    }
    assert not OutcomeEvent.objects.exists()


def test_service_refuses_someone_outside_the_team(world):
    before = _state()
    with pytest.raises(ValidationError) as caught:
        services.record_outcome_event(
            actor=world.user("outsider"),
            episode=world.north_person.episodes.get(),
            kind="arrest",
            occurred_on=dt.date(2026, 10, 1),
            source="court_record",
        )
    assert "episode" in caught.value.message_dict
    assert _state() == before


def _recorded(world, **extra):
    return services.record_outcome_event(
        actor=world.user("casemanager"),
        episode=world.north_person.episodes.get(),
        kind="arrest",
        occurred_on=dt.date(2026, 10, 2),
        source="court_record",
        detail="Shoplifting",
        **extra,
    )


def test_void_needs_a_reason_and_then_strikes_the_event_through(world, login):
    event = _recorded(world)
    person = world.north_person
    client = login("supervisor")
    url = reverse("outcomes:event_void", args=[person.public_id, event.public_id])
    before = _state()
    response = client.post(url, {"reason": "no"})
    assert response.status_code == 422
    assert "Say why this event is wrong (at least 5 characters)." in response.content.decode()
    assert _state() == before
    assert client.post(url, {"reason": "Wrong person: same name"}).status_code == 302
    event.refresh_from_db()
    assert event.is_void and event.voided_by == world.user("supervisor")
    detail = client.get(reverse("participants:detail", args=[person.public_id])).content.decode()
    assert "Outcome events" in detail
    assert "<del><strong>Arrest</strong>" in detail
    assert "Wrong person: same name" in detail
    assert "Arrest on 2 Oct 2026 (voided)" in detail  # the timeline entry
    again = client.post(url, {"reason": "Wrong person again"})
    assert again.status_code == 422
    assert "This event was already voided." in again.content.decode()


def test_panel_lists_current_events_for_the_team(world, login):
    _recorded(world)
    person = world.north_person
    html = login("peer").get(reverse("participants:detail", args=[person.public_id]))
    text = html.content.decode()
    assert "<strong>Arrest</strong> on 2 Oct 2026" in text and "Shoplifting" in text
    assert reverse("outcomes:event_add", args=[person.public_id]) in text


def _api(world, username="casemanager"):
    return api_client(world.user(username))


def _send(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_api_records_lists_and_voids(world):
    person = world.north_person
    client = _api(world)
    base = f"/api/v1/participants/{person.public_id}/outcome-events"
    created = _send(
        client, base, {"kind": "overdose", "occurred_on": "2026-10-04", "source": "provider"}
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["kind"], body["episode"]) == (
        "overdose",
        str(person.episodes.get().public_id),
    )
    listed = client.get(base).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    voided = _send(client, f"{base}/{body['id']}/void", {"reason": "Entered twice"})
    assert voided.status_code == 200 and voided.json()["voided"] is True


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"occurred_on": "2099-01-01"}, "occurred_on"),
        ({"kind": "arrest", "nights": 2}, "nights"),
        ({"ended_on": "2026-09-01"}, "ended_on"),
        ({"kind": "abduction"}, "kind"),
        ({"source": "rumour"}, "source"),
        ({"episode": "00000000-0000-0000-0000-000000000000"}, "episode"),
    ],
)
def test_api_422s_name_the_field_and_write_nothing(world, payload, field):
    person = world.north_person
    url = f"/api/v1/participants/{person.public_id}/outcome-events"
    data = {"kind": "incarceration", "occurred_on": "2026-10-01", "source": "jail_record"}
    client = _api(world)
    before = _state()
    response = _send(client, url, {**data, **payload})
    assert response.status_code == 422
    assert field in [d["loc"][-1] for d in response.json()["detail"]]
    assert _state() == before


def test_api_void_422_and_out_of_scope_404(world):
    event = _recorded(world)
    url = f"/api/v1/participants/{world.north_person.public_id}/outcome-events"
    response = _send(_api(world), f"{url}/{event.public_id}/void", {"reason": "x"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "reason"
    outsider = _send(_api(world, "outsider"), f"{url}/{event.public_id}/void", {"reason": "xxxxx"})
    assert outsider.status_code == 404
    event.refresh_from_db()
    assert not event.is_void


def test_panel_and_timeline_use_constant_queries(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login("casemanager")
    url = reverse("participants:detail", args=[world.north_person.public_id])
    _recorded(world)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(3):
        _recorded(world)
    voided = _recorded(world)
    services.void_outcome_event(
        actor=world.user("supervisor"), event=voided, reason="Entered twice"
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many.captured_queries) == len(one.captured_queries)
    html = response.content.decode()
    assert html.count("<strong>Arrest</strong>") == 5 and "Entered twice" in html
