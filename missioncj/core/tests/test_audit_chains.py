"""Striped audit chains: one chain per group of participants, bulk appends, fast verification.

Writers about different people lock different head rows, so on PostgreSQL they do not wait for
each other; on SQLite the database itself has one writer at a time (IMMEDIATE transactions), so
the second writer waits for the first to commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import time
import uuid
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from missioncj.conftest import World
from missioncj.core.audit import GENESIS, BulkChain, chain_for, record, verify_chain
from missioncj.core.models import AuditChainHead, AuditEvent, AuditKind
from missioncj.core.tests.test_audit import append_only_trigger_off


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _people(count: int) -> list[uuid.UUID]:
    return [uuid.UUID(int=n * 7919 + 1) for n in range(count)]


def test_one_persons_events_share_a_chain_and_people_spread_over_chains(settings: Any) -> None:
    settings.MISSIONCJ_AUDIT_CHAINS = 64
    person = uuid.uuid4()
    assert chain_for(person, 5) == chain_for(person, 9) == person.int % 64
    assert chain_for(None, 70) == 70 % 64
    assert chain_for(None, None) == 0
    used = {chain_for(uuid.uuid4(), None) for _ in range(2000)}
    assert len(used) == 64
    settings.MISSIONCJ_AUDIT_CHAINS = 1
    assert chain_for(person, 5) == 0


def test_chain_zero_hashes_as_the_single_chain_always_did(db: Any) -> None:
    """Events written before chains existed (all chain 0) still verify."""
    event = record(kind=AuditKind.CREATE, action="test.legacy", after={"a": 1})
    assert event.chain == 0
    payload = {
        "occurred_at": event.occurred_at.astimezone(dt.UTC).isoformat(),
        "kind": "create",
        "action": "test.legacy",
        "actor_id": None,
        "actor_label": "system",
        "participant": "",
        "subject_type": "",
        "subject": "",
        "request_id": "",
        "before": None,
        "after": {"a": 1},
        "prev": GENESIS,
    }
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    assert event.hash == hashlib.sha256(encoded.encode()).hexdigest()


def test_moving_an_event_to_another_chain_is_named(world: World) -> None:
    target = AuditEvent.objects.filter(chain__gt=0).order_by("pk").first()
    assert target is not None
    with transaction.atomic(), append_only_trigger_off():
        AuditEvent.objects.filter(pk=target.pk).update(chain=0)
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_id == target.pk


def test_a_missing_head_row_is_named(world: World) -> None:
    newest = AuditEvent.objects.order_by("-pk").first()
    assert newest is not None
    AuditChainHead.objects.filter(chain=newest.chain).delete()
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_id == newest.pk
    assert "no head" in report.problem


def test_bulk_appends_hash_exactly_as_record_does(db: Any) -> None:
    people = _people(40)
    first = record(kind=AuditKind.CREATE, action="test.before", after={"n": 0})
    when = timezone.now() - dt.timedelta(days=3)
    with transaction.atomic():
        bulk = BulkChain()
        added = [
            bulk.add(
                AuditEvent(
                    occurred_at=when + dt.timedelta(minutes=n),
                    kind=AuditKind.READ,
                    action="participant.read",
                    actor_label="loader",
                    participant_public_id=people[n % len(people)],
                    after={"n": n, "on": dt.date(2026, 1, 2)},
                )
            )
            for n in range(500)
        ]
        bulk.flush()
    assert bulk.written == 500
    assert [e.pk for e in added] == list(range(first.pk + 1, first.pk + 501))
    stored = AuditEvent.objects.get(pk=added[7].pk)
    assert stored.after == {"n": 7, "on": "2026-01-02"}
    assert stored.chain == chain_for(people[7], None)
    # Ordinary writes carry on after the bulk rows, on every chain.
    after = record(kind=AuditKind.CREATE, action="test.after", participant=None)
    assert after.pk > added[-1].pk
    report = verify_chain(batch_size=97)
    assert report.ok, report
    assert report.checked == 502
    assert len({e.chain for e in added}) > 20


def test_verify_reports_progress(world: World) -> None:
    seen: list[tuple[int, int]] = []
    report = verify_chain(batch_size=10, progress=lambda done, total: seen.append((done, total)))
    assert report.ok
    total = AuditEvent.objects.count()
    assert seen[-1] == (total, total)
    assert [done for done, _ in seen] == sorted({done for done, _ in seen})
    assert len(seen) == -(-total // 10)


@pytest.mark.django_db(transaction=True)
def test_writers_about_different_people_do_not_wait_on_postgresql() -> None:
    """A transaction holding one chain's head does not block an append to another chain on
    PostgreSQL; on SQLite the second writer waits for the commit (one writer at a time)."""
    a, b = _people(2)[0], None
    for n in range(1, 200):
        candidate = uuid.UUID(int=n * 104729 + 3)
        if chain_for(candidate, None) != chain_for(a, None):
            b = candidate
            break
    assert b is not None

    class Person:
        def __init__(self, public_id: uuid.UUID) -> None:
            self.public_id = public_id

    holding = threading.Event()
    release = threading.Event()
    finished: dict[str, float] = {}

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                record(kind=AuditKind.CREATE, action="test.slow", participant=Person(a))
                holding.set()
                release.wait(timeout=20)
            finished["slow"] = time.monotonic()
        finally:
            connection.close()

    def quick_writer() -> None:
        try:
            record(kind=AuditKind.CREATE, action="test.quick", participant=Person(b))
            finished["quick"] = time.monotonic()
        finally:
            connection.close()

    slow = threading.Thread(target=slow_writer, daemon=True)
    slow.start()
    assert holding.wait(timeout=10)
    quick = threading.Thread(target=quick_writer, daemon=True)
    quick.start()
    quick.join(timeout=3)
    quick_done_while_held = not quick.is_alive()
    release.set()
    slow.join(timeout=20)
    quick.join(timeout=20)
    assert not slow.is_alive() and not quick.is_alive()
    if connection.vendor == "postgresql":
        assert quick_done_while_held
        assert finished["quick"] < finished["slow"]
    else:
        assert not quick_done_while_held
        assert finished["quick"] >= finished["slow"]
    assert verify_chain().ok
