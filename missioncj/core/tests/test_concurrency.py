"""Several writers at once: no "database is locked" on SQLite, no forked chain on either backend.

Each append locks the chain head row (select_for_update; on SQLite the IMMEDIATE transaction
mode takes the write lock at BEGIN), so concurrent writers queue instead of failing.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest
from django.db import connection

from missioncj.care.models import Component, Contact, Location, Modality
from missioncj.care.services import log_contact
from missioncj.conftest import World
from missioncj.core.audit import record, verify_chain
from missioncj.core.models import AuditChainHead, AuditEvent, AuditKind
from missioncj.participants.models import Episode

THREADS = 4
PER_THREAD = 25


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_contacts_all_commit_and_the_chain_holds(world: World) -> None:
    episode_id = world.north_person.episodes.get().pk
    actor = world.user("casemanager")
    contacts_before = Contact.objects.count()
    events_before = AuditEvent.objects.count()
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    errors_lock = threading.Lock()

    def writer(number: int) -> None:
        try:
            episode = Episode.objects.select_related("program", "participant").get(pk=episode_id)
            start.wait(timeout=10)
            for i in range(PER_THREAD):
                log_contact(
                    actor=actor,
                    episode=episode,
                    occurred_at=dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC)
                    + dt.timedelta(minutes=number * 100 + i),
                    duration_minutes=15,
                    modality=Modality.PHONE,
                    location=Location.REMOTE,
                    components=int(Component.CTI),
                    note=f"writer {number} contact {i}",
                )
        except BaseException as exc:  # collected and asserted on in the main thread
            with errors_lock:
                errors.append(exc)
        finally:
            connection.close()

    began = time.monotonic()
    threads = [threading.Thread(target=writer, args=(n,), daemon=True) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.1, 30 - (time.monotonic() - began)))
    assert not any(t.is_alive() for t in threads), "writers still running after 30 s"

    assert errors == [], [repr(e) for e in errors]
    assert Contact.objects.count() == contacts_before + THREADS * PER_THREAD
    for number in range(THREADS):
        assert (
            Contact.objects.filter(note__startswith=f"writer {number} contact ").count()
            == PER_THREAD
        )
    assert AuditEvent.objects.count() == events_before + THREADS * PER_THREAD
    assert AuditEvent.objects.filter(action="contact.create").count() == contacts_before + (
        THREADS * PER_THREAD
    )
    # Unbroken chains: no two events of one chain claim the same predecessor.
    prev_hashes = list(AuditEvent.objects.values_list("chain", "prev_hash"))
    assert len(prev_hashes) == len(set(prev_hashes))
    report = verify_chain()
    assert report.ok, report
    assert report.checked == AuditEvent.objects.count()
    newest = AuditEvent.objects.order_by("-pk").first()
    assert newest is not None
    head = AuditChainHead.objects.get(chain=newest.chain)
    assert head.last_event_id == newest.pk


@pytest.mark.django_db(transaction=True)
def test_first_events_racing_on_an_empty_chain() -> None:
    """The head row is created by the first append; writers racing to create it all succeed.

    On PostgreSQL the losers used to fail with a duplicate key on core_auditchainhead.
    """
    assert not AuditChainHead.objects.exists()
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    errors_lock = threading.Lock()

    def writer(number: int) -> None:
        try:
            start.wait(timeout=10)
            for i in range(5):
                record(kind=AuditKind.CREATE, action="test.race", after={"n": number, "i": i})
        except BaseException as exc:  # collected and asserted on in the main thread
            with errors_lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,), daemon=True) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "writers still running after 30 s"
    assert errors == [], [repr(e) for e in errors]
    assert AuditChainHead.objects.count() == 1
    assert AuditEvent.objects.filter(action="test.race").count() == THREADS * 5
    report = verify_chain()
    assert report.ok, report
    assert report.checked == THREADS * 5
