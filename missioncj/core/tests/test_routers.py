"""Read replicas: reports read from `replica` inside `reading_replica()`; pages, transactions,
the cache, sessions and every write use the primary; without a replica nothing changes."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from missioncj.conftest import World
from missioncj.core.models import AuditEvent
from missioncj.core.routers import (
    REPLICA,
    ReplicaRouter,
    read_alias,
    reading_replica,
    reads_replica,
    replica_configured,
)
from missioncj.outcomes.dashboards import build_dashboard
from missioncj.participants.models import Participant

router = ReplicaRouter()


@contextlib.contextmanager
def mirror_replica() -> Iterator[str]:
    """A `replica` alias on the same database, as a streaming replica would be (it is a
    separate connection, so the queries it runs can be told apart from the primary's).
    Added inside a test, after its database is set up, and connected at once: the test
    case only lets its own databases open connections lazily."""
    connections.settings[REPLICA] = dict(connections.settings[DEFAULT_DB_ALIAS])
    try:
        connections[REPLICA].connect()
        yield REPLICA
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.fixture
def replica() -> Iterator[str]:
    """The alias alone, for routing decisions (no database needed)."""
    connections.settings[REPLICA] = dict(connections.settings[DEFAULT_DB_ALIAS])
    try:
        yield REPLICA
    finally:
        del connections.settings[REPLICA]


def test_without_a_replica_everything_reads_the_primary() -> None:
    assert not replica_configured()
    with reading_replica():
        assert router.db_for_read(Participant) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Participant) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "participants")


def test_reports_read_the_replica_and_everything_else_the_primary(replica: str) -> None:
    assert router.db_for_read(Participant) == DEFAULT_DB_ALIAS
    with reading_replica():
        assert router.db_for_read(Participant) == REPLICA
        assert router.db_for_read(AuditEvent) == REPLICA
        # Writes, the cache and sessions never leave the primary.
        assert router.db_for_write(Participant) == DEFAULT_DB_ALIAS
        assert read_alias("django_cache") == DEFAULT_DB_ALIAS
        assert router.db_for_read(Session) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Participant) == DEFAULT_DB_ALIAS
    # A replica is migrated by replication only.
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "participants")
    assert not router.allow_migrate(REPLICA, "participants")


def test_a_transaction_on_the_primary_reads_its_own_writes(replica: str, db: Any) -> None:
    # pytest-django runs this test inside a transaction on the primary.
    assert connections[DEFAULT_DB_ALIAS].in_atomic_block
    with reading_replica():
        assert router.db_for_read(Participant) == DEFAULT_DB_ALIAS


@pytest.mark.django_db(transaction=True)
def test_inside_atomic_reads_stay_on_the_primary(replica: str) -> None:
    with reading_replica():
        assert router.db_for_read(Participant) == REPLICA
        with transaction.atomic():
            assert router.db_for_read(Participant) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Participant) == REPLICA


def test_the_decorator_never_leaks_into_the_caller(replica: str) -> None:
    @reads_replica
    def report() -> str:
        return router.db_for_read(Participant)

    @reads_replica
    def rows() -> Iterator[str]:
        yield router.db_for_read(Participant)
        yield router.db_for_read(Participant)
        return

    assert report() == REPLICA
    seen = []
    for alias in rows():
        seen.append(alias)
        # Between items the consumer (e.g. a page writing a file) is on the primary.
        seen.append(router.db_for_read(Participant))
    assert seen == [REPLICA, DEFAULT_DB_ALIAS, REPLICA, DEFAULT_DB_ALIAS]


def test_other_threads_are_not_affected(replica: str) -> None:
    elsewhere: list[str] = []
    with reading_replica():
        thread = threading.Thread(target=lambda: elsewhere.append(read_alias("participants")))
        thread.start()
        thread.join()
        assert read_alias("participants") == REPLICA
    assert elsewhere == [DEFAULT_DB_ALIAS]


def _selects(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
    ]


@pytest.mark.django_db(transaction=True)
def test_a_dashboard_reads_only_the_replica_and_a_page_only_the_primary(world: World) -> None:
    with mirror_replica():
        dashboard_then_page(world)


def dashboard_then_page(world: World) -> None:
    params = {
        "start": "2026-01-01",
        "end": "2026-12-31",
        "program_ids": [world.drug.pk],
        "threshold": 0,
    }
    steps: list[str] = []
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary,
    ):
        data = build_dashboard(params, lambda done, total, step: steps.append(step))
    assert data["active_at_end"] == 2  # the two drug-court participants of the world
    assert steps[-1] == "Done"
    assert _selects(on_replica)
    assert _selects(on_primary) == []

    client = Client()
    client.force_login(world.user("casemanager"))
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary,
    ):
        page = client.get(f"/participants/{world.north_person.public_id}/")
    assert page.status_code == 200
    assert on_replica.captured_queries == []
    assert _selects(on_primary)


def test_the_replica_url_is_checked_and_read_like_the_primary_url() -> None:
    from pydantic import ValidationError

    from missioncj.config import Config

    with pytest.raises(ValidationError, match="MISSIONCJ_REPLICA_URL must start with sqlite://"):
        Config(replica_url="mysql://reports@db/missioncj")
    replica = Config(replica_url="postgresql://ro:secret@replica:5433/missioncj").database(
        20, "postgresql://ro:secret@replica:5433/missioncj"
    )
    assert (replica["HOST"], replica["PORT"], replica["USER"], replica["NAME"]) == (
        "replica",
        "5433",
        "ro",
        "missioncj",
    )
