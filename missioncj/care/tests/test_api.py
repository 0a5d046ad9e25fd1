"""The contacts JSON API: logging a contact, where it shows up, and refusing bad input cleanly."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from missioncj.accounts.models import User
from missioncj.accounts.services import issue_api_token
from missioncj.care.models import Component, Contact, ContactAddendum
from missioncj.conftest import World
from missioncj.core.models import AuditEvent
from missioncj.participants import services as people
from missioncj.participants.models import (
    Episode,
    EpisodeStatus,
    Identifier,
    Participant,
    Phone,
)


def api_client(user: User) -> Client:
    token = issue_api_token(actor=None, user=user)
    return Client(headers={"Authorization": f"Bearer {token}"})


def contacts_url(participant: Participant) -> str:
    return f"/api/v1/participants/{participant.public_id}/contacts"


def post_json(client: Client, url: str, payload: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def counts() -> dict[str, int]:
    return {
        "participants": Participant.objects.count(),
        "episodes": Episode.objects.count(),
        "identifiers": Identifier.objects.count(),
        "phones": Phone.objects.count(),
        "contacts": Contact.objects.count(),
        "addenda": ContactAddendum.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def names_field(response: Any, field: str) -> bool:
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail, detail
    return any(field in entry["loc"] for entry in detail)


def payload(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "occurred_at": "2026-10-01T10:30:00-04:00",
        "duration_minutes": 25,
        "modality": "phone",
        "location": "remote",
        "components": ["cti", "trauma"],
        "note": "Talked through the housing application.",
    }
    data.update(overrides)
    return data


# --- create -------------------------------------------------------------------------------------


def test_create_contact(world):
    casemanager = world.user("casemanager")
    client = api_client(casemanager)
    person = world.north_person
    episode = person.episodes.get()
    response = post_json(client, contacts_url(person), payload())
    assert response.status_code == 201, response.content
    body = response.json()

    contact = Contact.objects.get(public_id=body["id"])
    assert contact.participant == person
    assert contact.episode == episode
    assert contact.author == casemanager
    assert contact.occurred_at == dt.datetime(2026, 10, 1, 14, 30, tzinfo=dt.UTC)
    assert contact.duration_minutes == 25
    assert contact.components == int(Component.CTI | Component.TRAUMA)
    assert contact.is_signed
    assert body["episode"] == str(episode.public_id)
    assert sorted(body["components"]) == ["cti", "trauma"]
    assert body["author"] == "casemanager"
    assert body["signed_at"] is not None
    assert body["addenda"] == []

    event = AuditEvent.objects.get(
        action="contact.create", subject_public_id=str(contact.public_id)
    )
    assert event.actor == casemanager
    assert event.participant_public_id == person.public_id
    assert event.after is not None and event.after["note"] == contact.note


def test_created_contact_shows_on_timeline_and_in_list(world, login):
    client = api_client(world.user("casemanager"))
    person = world.north_person
    created = post_json(client, contacts_url(person), payload()).json()

    listing = client.get(contacts_url(person)).json()
    assert listing["count"] == 2  # the world's first meeting and this one
    assert listing["items"][0]["id"] == created["id"]  # newest first
    assert listing["items"][0]["note"] == "Talked through the housing application."

    page = login("peer").get(reverse("participants:detail", kwargs={"public_id": person.public_id}))
    html = page.content.decode()
    assert "Talked through the housing application." in html
    assert "Phone · Remote (phone, video, text) · 25 min" in html
    assert "Trauma-informed care" in html
    assert "Casey Manager" in html
    # Newest first on the timeline as well.
    assert html.index("Talked through the housing") < html.index("First meeting with North")


def test_contact_for_a_named_episode_and_a_collateral(world):
    person = world.north_person
    casemanager = world.user("casemanager")
    aunt = people.add_collateral(
        actor=casemanager, participant=person, name="Aunt June", relationship="aunt"
    )
    episode = person.episodes.get()
    response = post_json(
        api_client(casemanager),
        contacts_url(person),
        payload(
            episode=str(episode.public_id),
            with_whom="both",
            collateral=str(aunt.public_id),
            modality="in_person",
            location="home",
        ),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["collateral"] == str(aunt.public_id)
    contact = Contact.objects.get(public_id=body["id"])
    assert contact.collateral == aunt
    assert contact.with_whom == "both"


def test_remote_modality_is_stored_as_remote(world):
    response = post_json(
        api_client(world.user("casemanager")),
        contacts_url(world.north_person),
        payload(modality="video", location="office"),
    )
    assert response.status_code == 201
    assert response.json()["location"] == "remote"
    assert Contact.objects.get(public_id=response.json()["id"]).location == "remote"


def test_draft_through_the_api(world, login):
    casemanager = world.user("casemanager")
    response = post_json(
        api_client(casemanager), contacts_url(world.north_person), payload(sign=False)
    )
    assert response.status_code == 201
    assert response.json()["signed_at"] is None
    contact = Contact.objects.get(public_id=response.json()["id"])
    assert not contact.is_signed
    html = (
        login("casemanager")
        .get(reverse("participants:detail", kwargs={"public_id": world.north_person.public_id}))
        .content.decode()
    )
    assert "status-draft" in html
    assert (
        reverse(
            "care:edit_draft",
            kwargs={"public_id": world.north_person.public_id, "contact_id": contact.public_id},
        )
        in html
    )


def test_default_episode_is_the_newest_referral(world):
    """After a discharge and a re-referral, a contact without an episode goes to the new one."""
    person = world.north_person
    casemanager = world.user("casemanager")
    first = person.episodes.get()
    people.change_status(
        actor=casemanager,
        episode=first,
        status="discharged",
        on=dt.date(2026, 10, 1),
        reason="other",
    )
    second = people.open_episode(
        actor=casemanager,
        participant=person,
        program=world.drug,
        team=world.north,
        referral_date=dt.date(2026, 10, 15),
    )
    response = post_json(
        api_client(casemanager), contacts_url(person), payload(occurred_at="2026-10-20T09:00:00Z")
    )
    assert response.status_code == 201
    assert response.json()["episode"] == str(second.public_id)


# --- refusing bad input -------------------------------------------------------------------------


def _soon() -> str:
    return (timezone.now() + dt.timedelta(days=1)).isoformat()


BAD_CONTACTS: list[tuple[str, dict[str, Any], str]] = [
    ("naive datetime", {"occurred_at": "2026-10-01T10:30:00"}, "occurred_at"),
    ("not a datetime", {"occurred_at": "yesterday"}, "occurred_at"),
    ("missing occurred_at", {"occurred_at": None}, "occurred_at"),
    ("in the future", {"occurred_at": "SOON"}, "occurred_at"),
    ("before the referral", {"occurred_at": "2026-08-15T10:00:00Z"}, "occurred_at"),
    ("duration 0", {"duration_minutes": 0}, "duration_minutes"),
    ("duration negative", {"duration_minutes": -5}, "duration_minutes"),
    ("duration over a day", {"duration_minutes": 24 * 60 + 1}, "duration_minutes"),
    ("bad component code", {"components": ["cti", "astrology"]}, "components"),
    ("no components", {"components": []}, "components"),
    ("unknown modality", {"modality": "telepathy"}, "modality"),
    ("unknown location", {"location": "moon"}, "location"),
    ("in person but remote", {"modality": "in_person", "location": "remote"}, "location"),
    ("collateral without naming one", {"with_whom": "collateral"}, "collateral"),
    ("unknown collateral", {"collateral": "RANDOM"}, "collateral"),
    ("someone else's collateral", {"collateral": "SOUTH_AUNT"}, "collateral"),
    ("someone else's episode", {"episode": "SOUTH_EPISODE"}, "episode"),
    ("unknown episode", {"episode": "RANDOM"}, "episode"),
    ("note too long", {"note": "x" * 20001}, "note"),
]


@pytest.mark.parametrize(
    ("change", "field"), [(c, f) for _, c, f in BAD_CONTACTS], ids=[i for i, _, _ in BAD_CONTACTS]
)
def test_invalid_contact_is_422_naming_the_field_and_saves_nothing(world, change, field):
    # The supervisor sees North and South, so "someone else's" is about the person, not scope.
    supervisor = world.user("supervisor")
    south_aunt = people.add_collateral(
        actor=supervisor, participant=world.south_person, name="Aunt S", relationship="aunt"
    )
    replacements = {
        "SOON": _soon(),
        "RANDOM": str(uuid.uuid4()),
        "SOUTH_AUNT": str(south_aunt.public_id),
        "SOUTH_EPISODE": str(world.south_person.episodes.get().public_id),
    }
    data = payload()
    for key, value in change.items():
        if value is None:
            del data[key]
        else:
            data[key] = replacements.get(value, value) if isinstance(value, str) else value
    client = api_client(supervisor)
    before = counts()
    response = post_json(client, contacts_url(world.north_person), data)
    assert response.status_code == 422, response.content
    assert names_field(response, field), response.json()
    assert counts() == before


def test_contact_on_a_not_enrolled_episode_is_refused(world, login):
    """The contact form offers only episodes not closed before enrollment; the API must agree."""
    casemanager = world.user("casemanager")
    person = people.create_participant(
        actor=casemanager,
        program=world.drug,
        team=world.north,
        referral_date=dt.date(2026, 9, 1),
        first_name="Never",
        last_name="Enrolled",
        date_of_birth=dt.date(1985, 1, 1),
    )
    episode = person.episodes.get()
    people.change_status(
        actor=casemanager, episode=episode, status="not_enrolled", on=dt.date(2026, 9, 3)
    )
    # The web form has nothing to offer for this person.
    form_page = login("casemanager").get(
        reverse("care:log_contact", kwargs={"public_id": person.public_id})
    )
    assert not form_page.context["form"].fields["episode"].queryset.exists()

    client = api_client(casemanager)
    before = counts()
    for extra in ({}, {"episode": str(episode.public_id)}):
        response = post_json(client, contacts_url(person), payload(**extra))
        assert response.status_code == 422, (extra, response.content)
        assert names_field(response, "episode")
    assert counts() == before


# --- listing ------------------------------------------------------------------------------------


def test_contact_list_paging_and_audit(world):
    casemanager = world.user("casemanager")
    client = api_client(casemanager)
    person = world.north_person
    for day in (2, 3, 4, 5):
        response = post_json(
            client, contacts_url(person), payload(occurred_at=f"2026-10-0{day}T12:00:00Z")
        )
        assert response.status_code == 201
    first = client.get(contacts_url(person), {"page_size": 2}).json()
    second = client.get(contacts_url(person), {"page": 2, "page_size": 2}).json()
    third = client.get(contacts_url(person), {"page": 3, "page_size": 2}).json()
    assert first["count"] == second["count"] == third["count"] == 5
    days = [item["occurred_at"][:10] for item in first["items"] + second["items"] + third["items"]]
    assert days == ["2026-10-05", "2026-10-04", "2026-10-03", "2026-10-02", "2026-09-10"]

    events = AuditEvent.objects.filter(action="api.contact.list").order_by("pk")
    assert events.count() == 3
    assert events[0].participant_public_id == person.public_id
    assert events[0].after is not None
    assert len(events[0].after["shown"]) == 2


def test_contact_list_shows_addenda(world):
    from missioncj.care.services import add_addendum

    casemanager = world.user("casemanager")
    contact = Contact.objects.get(participant=world.north_person)
    add_addendum(actor=casemanager, contact=contact, text="Correction: it was 40 minutes.")
    body = api_client(casemanager).get(contacts_url(world.north_person)).json()
    assert body["items"][0]["addenda"] == ["Correction: it was 40 minutes."]


def test_status_values_in_the_world(world: World) -> None:
    # Sanity for the tests above: every world participant starts enrolled with one signed contact.
    for person in (world.north_person, world.south_person, world.reentry_person):
        assert person.episodes.get().status == EpisodeStatus.ENROLLED
        assert Contact.objects.filter(participant=person, signed_at__isnull=False).count() == 1
