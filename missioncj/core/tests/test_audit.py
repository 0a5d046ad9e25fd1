"""The audit trail: every write and every read of a participant leaves a chained event.

Tampering with the stored rows (changing one, removing one in the middle, removing the newest)
is named by `verify_chain()`; the database trigger refuses ordinary UPDATEs (and DELETEs on
PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone

from missioncj.accounts.services import issue_api_token
from missioncj.care.models import Component, Contact, ContactAddendum, Location, Modality
from missioncj.care.services import contacts as care
from missioncj.conftest import World
from missioncj.core.audit import GENESIS, _digest, verify_chain
from missioncj.core.models import AuditChainHead, AuditEvent, AuditKind
from missioncj.participants import services as people
from missioncj.participants.models import Episode, EpisodeStatus, Identifier, Participant

APPEND_ONLY = importlib.import_module("missioncj.core.migrations.0002_audit_append_only")


# --- helpers --------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """The world makes a dozen users; the production hasher would spend seconds on them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def append_only_trigger_off() -> Iterator[None]:
    """Let a test play the attacker with direct database access (trigger restored after)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER core_auditevent_no_update")
        else:
            # Deferred foreign-key checks from this test's inserts would block ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_no_change")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(APPEND_ONLY.SQLITE_UP)
            else:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(
                    "ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_no_change"
                )
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def raw_set_after(event_id: int, value: dict[str, Any]) -> None:
    cast = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    with transaction.atomic(), append_only_trigger_off(), connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE core_auditevent SET "after" = {cast} WHERE id = %s',  # noqa: S608
            [json.dumps(value), event_id],
        )


def raw_delete(event_id: int) -> None:
    with transaction.atomic(), append_only_trigger_off(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event_id])


def actions_for(participant: Participant) -> list[str]:
    return list(
        AuditEvent.objects.filter(participant_public_id=participant.public_id)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def newest_event() -> AuditEvent:
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None
    return event


def recent(days: int = 1) -> dt.datetime:
    return (timezone.now() - dt.timedelta(days=days)).replace(microsecond=0)


def contact_for(world: World, **extra: Any) -> Contact:
    episode = world.north_person.episodes.get()
    arguments: dict[str, Any] = {
        "actor": world.user("casemanager"),
        "episode": episode,
        "occurred_at": recent(),
        "duration_minutes": 20,
        "modality": Modality.IN_PERSON,
        "location": Location.OFFICE,
        "components": int(Component.CTI),
        "note": "Checked in.",
    }
    arguments.update(extra)
    return care.log_contact(**arguments)


# --- every write leaves its event -------------------------------------------------------------


def test_referral_and_each_transition_are_recorded(world: World) -> None:
    casemanager = world.user("casemanager")
    person = world.north_person
    # The fixture created, screened, enrolled and logged a first contact, all as the case manager.
    assert actions_for(person) == [
        "participant.create",
        "episode.open",
        "identifier.create",
        "episode.screening",
        "episode.enrolled",
        "contact.create",
    ]
    events = AuditEvent.objects.filter(participant_public_id=person.public_id)
    assert {e.actor_id for e in events} == {casemanager.pk}
    assert {e.actor_label for e in events} == {"casemanager"}

    created = events.get(action="participant.create")
    assert created.kind == AuditKind.CREATE
    assert created.subject_type == "participants.participant"
    assert created.subject_public_id == str(person.public_id)
    assert created.after is not None
    assert created.after["last_name"] == "North"
    assert created.after["date_of_birth"] == "1990-05-17"
    # Outside a request there is no request id.
    assert created.request_id == ""

    episode = person.episodes.get()
    discharged_on = dt.date(2026, 10, 1)
    people.change_status(
        actor=casemanager,
        episode=episode,
        status=EpisodeStatus.DISCHARGED,
        on=discharged_on,
        reason="graduated",
    )
    event = newest_event()
    assert event.action == "episode.discharged"
    assert event.kind == AuditKind.TRANSITION
    assert event.actor == casemanager
    assert event.participant_public_id == person.public_id
    assert event.subject_type == "participants.episode"
    assert event.subject_public_id == str(episode.public_id)
    assert event.before is not None and event.after is not None
    assert event.before["status"] == "enrolled"
    assert event.after["status"] == "discharged"
    assert event.after["closed_date"] == "2026-10-01"
    assert event.after["discharge_reason"] == "graduated"


def test_contact_update_sign_and_addendum_are_recorded(world: World) -> None:
    casemanager = world.user("casemanager")
    person = world.north_person
    before = AuditEvent.objects.count()

    draft = contact_for(world, sign=False, note="Draft.")
    assert newest_event().action == "contact.create"
    assert newest_event().after["signed_at"] is None  # type: ignore[index]
    care.update_draft(actor=casemanager, contact=draft, note="Better draft.")
    assert newest_event().action == "contact.update_draft"
    care.update_draft(actor=casemanager, contact=draft, sign=True)
    signed = newest_event()
    assert signed.action == "contact.sign"
    assert signed.kind == AuditKind.SIGN
    assert signed.before["signed_at"] is None  # type: ignore[index]
    assert signed.after["signed_at"] is not None  # type: ignore[index]
    draft.refresh_from_db()

    addendum = care.add_addendum(actor=casemanager, contact=draft, text="  Called back later.  ")
    event = newest_event()
    assert event.action == "contact.addendum"
    assert event.kind == AuditKind.ADDENDUM
    assert event.actor == casemanager
    assert event.participant_public_id == person.public_id
    assert event.subject_public_id == str(draft.public_id)
    assert event.after == {"addendum": str(addendum.public_id), "text": "Called back later."}
    assert AuditEvent.objects.count() == before + 4
    assert verify_chain().ok


def test_update_records_only_the_changed_fields(world: World) -> None:
    person = Participant.objects.get(pk=world.north_person.pk)
    people.update_participant(
        actor=world.user("casemanager"), participant=person, preferred_name="Nort"
    )
    event = newest_event()
    assert event.action == "participant.update"
    assert event.before == {"preferred_name": ""}
    assert event.after == {"preferred_name": "Nort"}


def test_a_write_and_its_event_share_one_transaction(world: World) -> None:
    """If the event cannot be written, the change it describes is not kept either."""
    contacts = Contact.objects.count()
    events = AuditEvent.objects.count()
    with (
        mock.patch.object(care, "record", side_effect=DatabaseError("audit store down")),
        pytest.raises(DatabaseError),
    ):
        contact_for(world)
    assert Contact.objects.count() == contacts
    assert AuditEvent.objects.count() == events
    assert verify_chain().ok


def test_a_failing_service_call_leaves_no_row_and_no_event(world: World) -> None:
    casemanager = world.user("casemanager")
    participants = Participant.objects.count()
    episodes = Episode.objects.count()
    identifiers = Identifier.objects.count()
    events = AuditEvent.objects.count()
    heads = list(
        AuditChainHead.objects.order_by("chain").values_list("chain", "last_hash", "last_event_id")
    )

    # The person and the episode are written (with their events) before the bad identifier fails.
    with pytest.raises(ValidationError):
        people.create_participant(
            actor=casemanager,
            program=world.drug,
            team=world.north,
            referral_date=dt.date(2026, 10, 1),
            first_name="Rolled",
            last_name="Back",
            date_of_birth=dt.date(1985, 1, 1),
            identifiers=[{"kind": "not-a-kind", "value": "123"}],
        )
    assert not Participant.objects.filter(last_name="Back").exists()
    assert Participant.objects.count() == participants
    assert Episode.objects.count() == episodes
    assert Identifier.objects.count() == identifiers

    # An impossible transition and an empty addendum.
    episode = world.north_person.episodes.get()
    with pytest.raises(ValidationError):
        people.change_status(
            actor=casemanager, episode=episode, status=EpisodeStatus.SCREENING, on=recent(2).date()
        )
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.ENROLLED
    contact = Contact.objects.get(participant=world.north_person)
    with pytest.raises(ValidationError):
        care.add_addendum(actor=casemanager, contact=contact, text="   ")
    assert not ContactAddendum.objects.exists()
    with pytest.raises(ValidationError):
        contact_for(world, components=0)

    assert AuditEvent.objects.count() == events
    assert heads == list(
        AuditChainHead.objects.order_by("chain").values_list("chain", "last_hash", "last_event_id")
    )
    assert verify_chain().ok


# --- writes and reads through a request carry the request id --------------------------------


def test_contact_logged_through_the_page_carries_the_request_id(world: World, login) -> None:
    client = login("casemanager")
    person = world.north_person
    episode = person.episodes.get()
    when = timezone.localtime(recent(), episode.program.zone)
    response = client.post(
        f"/participants/{person.public_id}/contacts/new/",
        {
            "episode": episode.pk,
            "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "25",
            "modality": Modality.PHONE,
            "location": Location.REMOTE,
            "with_whom": "participant",
            "components": ["cti", "peer"],
            "note": "Phone check-in from the page.",
        },
        headers={"X-Request-ID": "req-contact-0001"},
    )
    assert response.status_code == 302, response.content
    assert response["X-Request-ID"] == "req-contact-0001"
    event = newest_event()
    assert event.action == "contact.create"
    assert event.actor == world.user("casemanager")
    assert event.participant_public_id == person.public_id
    assert event.request_id == "req-contact-0001"
    contact = Contact.objects.get(note="Phone check-in from the page.")
    assert event.subject_public_id == str(contact.public_id)


def test_addendum_through_the_page_gets_a_fresh_request_id(world: World, login) -> None:
    client = login("casemanager")
    person = world.north_person
    contact = Contact.objects.get(participant=person)
    # An offered id with characters that could forge log lines is replaced.
    response = client.post(
        f"/participants/{person.public_id}/contacts/{contact.public_id}/addenda/",
        {"text": "Correction: met at the courthouse."},
        headers={"X-Request-ID": "evil id\r\nINFO forged"},
    )
    assert response.status_code == 302
    request_id = response["X-Request-ID"]
    assert request_id != "evil id\r\nINFO forged"
    assert len(request_id) == 32 and request_id.isalnum()
    event = newest_event()
    assert event.action == "contact.addendum"
    assert event.actor == world.user("casemanager")
    assert event.participant_public_id == person.public_id
    assert event.request_id == request_id
    assert event.after["text"] == "Correction: met at the courthouse."  # type: ignore[index]


def test_page_read_of_a_participant_is_recorded(world: World, login) -> None:
    client = login("casemanager")
    person = world.north_person
    response = client.get(f"/participants/{person.public_id}/")
    assert response.status_code == 200
    event = newest_event()
    assert event.kind == AuditKind.READ
    assert event.action == "participant.read"
    assert event.actor == world.user("casemanager")
    assert event.participant_public_id == person.public_id
    assert event.request_id == response["X-Request-ID"]
    assert event.request_id


def test_a_refused_read_records_nothing(world: World, login) -> None:
    """Outside the caller's scope the page is a 404 and no read is logged for that person."""
    client = login("casemanager")
    events = AuditEvent.objects.count()
    response = client.get(f"/participants/{world.south_person.public_id}/")
    assert response.status_code == 404
    assert AuditEvent.objects.count() == events


def test_api_read_of_a_participant_is_recorded(world: World) -> None:
    token = issue_api_token(actor=None, user=world.user("casemanager"), name="test")
    person = world.north_person
    response = Client().get(
        f"/api/v1/participants/{person.public_id}",
        headers={"Authorization": f"Bearer {token}", "X-Request-ID": "api-read-42"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["id"] == str(person.public_id)
    assert response["X-Request-ID"] == "api-read-42"
    event = newest_event()
    assert event.kind == AuditKind.READ
    assert event.action == "api.participant.read"
    assert event.actor == world.user("casemanager")
    assert event.participant_public_id == person.public_id
    assert event.request_id == "api-read-42"


# --- the chain ------------------------------------------------------------------------------


def test_intact_chain_verifies(world: World) -> None:
    report = verify_chain()
    assert report.ok, report
    assert report.checked == AuditEvent.objects.count() > 20
    assert report.first_bad_id is None
    chains = AuditEvent.objects.values_list("chain", flat=True).distinct()
    assert len(set(chains)) > 1  # several people: several chains
    for chain in set(chains):
        events = list(AuditEvent.objects.filter(chain=chain).order_by("pk"))
        assert events[0].prev_hash == GENESIS
        assert all(b.prev_hash == a.hash for a, b in pairwise(events))
        head = AuditChainHead.objects.get(chain=chain)
        assert (head.last_hash, head.last_event_id) == (events[-1].hash, events[-1].pk)
    # One person's events share one chain, in order.
    person = world.north_person.public_id
    assert (
        AuditEvent.objects.filter(participant_public_id=person).values("chain").distinct().count()
        == 1
    )
    # Small batches walk the same chains.
    assert verify_chain(batch_size=3) == report


def test_empty_chain_verifies(db: Any) -> None:
    report = verify_chain()
    assert report.ok
    assert report.checked == 0


def test_altered_content_is_named(world: World) -> None:
    target = AuditEvent.objects.get(
        action="participant.create", participant_public_id=world.north_person.public_id
    )
    earlier = AuditEvent.objects.filter(pk__lt=target.pk).count()
    raw_set_after(target.pk, {**(target.after or {}), "last_name": "Someone Else"})
    assert AuditEvent.objects.get(pk=target.pk).after["last_name"] == "Someone Else"  # type: ignore[index]

    report = verify_chain()
    assert not report.ok
    assert report.first_bad_id == target.pk
    assert report.checked == earlier
    assert "altered" in report.problem


def test_altered_and_rehashed_event_breaks_the_next_link(world: World) -> None:
    """Recomputing the altered row's own hash does not help: the next event names it."""
    target = AuditEvent.objects.get(
        action="episode.enrolled", participant_public_id=world.north_person.public_id
    )
    target.after = {**(target.after or {}), "enrolled_date": "2026-09-04"}
    forged_hash = _digest(target)
    with append_only_trigger_off():
        AuditEvent.objects.filter(pk=target.pk).update(after=target.after, hash=forged_hash)
    following = (
        AuditEvent.objects.filter(pk__gt=target.pk, chain=target.chain).order_by("pk").first()
    )
    assert following is not None

    report = verify_chain()
    assert not report.ok
    assert report.first_bad_id == following.pk
    assert "removed or reordered" in report.problem


def test_removed_middle_event_is_named(world: World) -> None:
    person = world.north_person.public_id
    ids = list(
        AuditEvent.objects.filter(participant_public_id=person)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    removed = ids[len(ids) // 2]
    raw_delete(removed)
    assert not AuditEvent.objects.filter(pk=removed).exists()

    report = verify_chain()
    assert not report.ok
    # The next event of the same chain names the gap; events before it in id order verified.
    assert report.first_bad_id == ids[ids.index(removed) + 1]
    assert report.checked == AuditEvent.objects.filter(pk__lt=report.first_bad_id).count()
    assert "removed" in report.problem


def test_removed_newest_event_is_named(world: World) -> None:
    newest = newest_event()
    raw_delete(newest.pk)

    report = verify_chain()
    assert not report.ok
    assert report.first_bad_id == newest.pk
    assert report.checked == AuditEvent.objects.count()
    assert "newest" in report.problem


def test_orm_update_is_refused_by_the_database(world: World) -> None:
    event = newest_event()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="participant.nothing")
    event.actor_label = "someone else"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.action != "participant.nothing"
    assert stored.actor_label != "someone else"
    assert verify_chain().ok


def test_delete_is_refused_by_the_database_on_postgresql(world: World) -> None:
    """PostgreSQL refuses DELETE outright; SQLite leaves removal to the chain (see migration)."""
    event = newest_event()
    count = AuditEvent.objects.count()
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).delete()
        assert AuditEvent.objects.count() == count
        assert verify_chain().ok
    else:
        with transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).delete()
        assert AuditEvent.objects.count() == count - 1
        assert verify_chain().first_bad_id == event.pk


def test_bypass_helper_restores_the_trigger(world: World) -> None:
    """The tamper tests above must leave the database refusing updates again."""
    event = newest_event()
    raw_set_after(event.pk, {"changed": True})
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(after={"changed": False})
    assert AuditEvent.objects.get(pk=event.pk).after == {"changed": True}
