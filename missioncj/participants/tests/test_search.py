"""Search by name or identifier: what matches (a prefix of any name, or of an identifier, case
ignored, every word), inside the caller's scope, through indexes the database can use."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.urls import reverse

from missioncj.conftest import make_participant
from missioncj.core.models import AuditEvent
from missioncj.participants import search_index
from missioncj.participants.models import Participant
from missioncj.participants.search import matching, search_participants


def found(user, query: str) -> list[str]:
    return [p.last_name for p in search_participants(user, query)]


@pytest.fixture
def people(world):
    cm = world.user("casemanager")
    make_participant(
        cm, world.drug, world.north, "Okafor", middle_name="Ngozi", preferred_name="Bea"
    )
    make_participant(cm, world.drug, world.north, "O'Neil")
    make_participant(cm, world.drug, world.north, "Smith_son")
    return cm


def test_each_name_and_identifiers_match_by_prefix_ignoring_case(world, people):
    director = world.user("director")
    assert found(director, "okaf") == ["Okafor"]
    assert found(director, "NGO") == ["Okafor"]  # middle name
    assert found(director, "bea") == ["Okafor"]  # preferred name
    assert found(director, "kafor") == []  # a prefix, not anywhere in the name
    assert found(director, "o'n") == ["O'Neil"]
    north_docket = world.north_person.identifiers.get().value
    assert found(director, north_docket.lower()) == ["North"]
    # Every word must match something: here a name and an identifier.
    everyone = {"North", "South", "Okafor", "O'Neil", "Smith_son"}  # all have a 26CR docket no.
    assert set(found(director, "test 26cr")) == everyone
    assert found(director, f"test {north_docket}") == ["North"]
    assert found(director, "okafor north") == []
    assert found(director, "North") == ["North"]


def test_wildcards_typed_are_plain_characters(world, people):
    director = world.user("director")
    assert found(director, "smith_") == ["Smith_son"]
    assert found(director, "smith%") == []
    assert found(director, "%") == []
    assert found(director, "_") == []


def test_nothing_to_search_finds_nobody(world, people):
    assert found(world.user("director"), "   ") == []
    assert list(matching(Participant.objects.all(), "")) == []


def test_outside_the_scope_finds_nobody(world, people, login):
    assert found(world.user("outsider"), "Okafor") == []
    assert found(world.user("outsider"), "Test") == ["Reentry"]
    assert found(world.user("cm.south"), "north") == []
    assert found(world.user("casemanager"), "south") == []
    html = login("outsider").get(reverse("participants:search"), {"q": "okafor"}).content
    assert "No one in your caseload matches" in html.decode()


def test_too_long_a_query_is_refused_with_the_reason(world, login):
    client = login("casemanager")
    before = AuditEvent.objects.count()
    response = client.get(reverse("participants:search"), {"q": "x" * 101})
    assert response.status_code == 422
    assert "Type at most 100 characters of the name or identifier." in response.content.decode()
    assert AuditEvent.objects.count() == before


def _plan(sql: str, params: list) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner's choice must not depend on statistics other tests left behind: take
            # them from these rows, and leave only an index (not a whole-table read, and not a
            # per-participant lookup inside a nested loop) as the way to find a prefix.
            cursor.execute("ANALYZE participants_participant, participants_identifier")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_nestloop = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row) for row in cursor.fetchall())


@pytest.mark.parametrize("query", ["okafor", "26CR0", "test ok"])
def test_the_search_reads_the_search_indexes(world, people, query):
    sql, params = search_participants(world.user("director"), query).query.sql_with_params()
    with transaction.atomic():
        plan = _plan(sql, list(params))
    for table, column in search_index.COLUMNS:
        assert search_index._name(table, column) in plan, (column, plan)


def test_indexes_are_in_place_and_repaired_after_a_table_rebuild(world, people):
    names = {search_index._name(t, c) for t, c in search_index.COLUMNS}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
                [list(names)],
            )
            defs = dict(cursor.fetchall())
            assert set(defs) == names
            assert all("upper(" in d and "text_pattern_ops" in d for d in defs.values())
            assert search_index.ensure(connection) is False
            return
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
        defs = {name: sql for name, sql in cursor.fetchall() if name in names}
        assert set(defs) == names
        assert all("COLLATE NOCASE" in d for d in defs.values())
        # What a Django table rebuild does to indexes the model does not declare.
        cursor.execute("DROP INDEX participant_last_name_search")
        assert search_index.ensure(connection) is True
        assert search_index.ensure(connection) is False
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'participant_last_name_search'")
        assert cursor.fetchone() is not None


def test_creating_the_indexes_again_changes_nothing(world):
    def count() -> int:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT count(*) FROM pg_indexes")
            else:
                cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index'")
            return cursor.fetchone()[0]

    before = count()
    if connection.vendor == "postgresql":
        # PostgreSQL will not index a table with the fixture's foreign-key checks pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    search_index.create(connection)
    assert count() == before
