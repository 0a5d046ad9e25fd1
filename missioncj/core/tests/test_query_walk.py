"""The machinery of the query-count walk (test_query_counts.py): what it counts, which routes
it asks, and how it names a route it cannot ask or has no pin for."""

from __future__ import annotations

import pytest

from missioncj.core.tests import query_routes
from missioncj.core.tests.test_query_counts import (
    Result,
    counted,
    extra_statements,
    pin_differences,
    shape,
)


def test_transaction_control_is_not_counted():
    assert not counted('SAVEPOINT "s1_x1"')
    assert not counted('RELEASE SAVEPOINT "s1_x1"')
    assert not counted('ROLLBACK TO SAVEPOINT "s1_x1"')
    assert counted('SELECT "participants_participant"."id" FROM "participants_participant"')
    assert counted('UPDATE "core_auditchainhead" SET "last_hash" = \'ab\'')


def test_statements_for_other_rows_have_one_shape():
    one = 'SELECT "a"."id", "a"."name" FROM "a" WHERE "a"."id" = 12 AND "a"."code" = \'x\' LIMIT 21'
    other = (
        'SELECT "a"."id", "a"."name" FROM "a" WHERE "a"."id" = 7 AND "a"."code" = \'y\' LIMIT 21'
    )
    assert (
        shape(one)
        == shape(other)
        == 'SELECT … FROM "a" WHERE "a"."id" = ? AND "a"."code" = ? LIMIT ?'
    )
    assert shape('SELECT "b"."x" FROM "b" WHERE "b"."id" IN (1, 2, 3)') == shape(
        'SELECT "b"."x" FROM "b" WHERE "b"."id" IN (4, 5)'
    )
    before = Result(200, (one,))
    after = Result(200, (one, other, other, 'SELECT "b"."x" FROM "b"'))
    assert extra_statements(before, after) == [
        '    +2 x SELECT … FROM "a" WHERE "a"."id" = ? AND "a"."code" = ? LIMIT ?',
        '    +1 x SELECT … FROM "b"',
    ]


def test_new_and_changed_routes_are_named_with_the_way_to_pin_them():
    problems = pin_differences(
        {"care:caseload": 12, "court:new_page": 5, "care:work_queue": 9},
        pins={"care:caseload": 12, "care:work_queue": {"sqlite": 8, "postgresql": 8}, "x:gone": 3},
    )
    assert problems == [
        "route care:work_queue makes 9 queries, pinned 8; if intended, run with "
        "MISSIONCJ_PIN_QUERIES=1",
        "route court:new_page has no pinned query count; run with MISSIONCJ_PIN_QUERIES=1",
        "route x:gone is pinned but no longer walked; run with MISSIONCJ_PIN_QUERIES=1",
    ]


def test_discovery_finds_reads_of_both_url_trees_and_skips_writes():
    routes = query_routes.get_routes()
    assert "participants:detail" in routes
    assert "care:caseload" in routes
    assert "api:list_participants" in routes
    assert "api:get_participant" in routes
    assert routes["api:get_participant"].kwargs == {"participant_id"}
    # POST operations sharing a path with a read, and POST-only pages, are not walked.
    assert "api:create_participant" not in routes
    assert "api:create_contact" not in routes
    assert "care:add_addendum" not in routes
    assert "participants:change_status" not in routes
    assert len(routes) > 200


def test_a_route_nobody_supplies_arguments_for_cannot_be_walked():
    unknown = query_routes.RouteInfo("court:widget", frozenset({"widget_id"}), api=False)
    with pytest.raises(query_routes.Unwalkable, match=r"route court:widget takes \['widget_id'\]"):
        query_routes.visit_for(unknown)
    about_someone = query_routes.RouteInfo("care:widget", frozenset({"public_id"}), api=False)
    with pytest.raises(query_routes.Unwalkable, match="no entry in the access matrix"):
        query_routes.visit_for(about_someone)
    # A route taking no argument is asked as the default persona.
    bare = query_routes.RouteInfo("care:caseload_v2", frozenset(), api=False)
    assert query_routes.visit_for(bare).persona == query_routes.DEFAULT_PERSONA
