"""Helpers for the hand-written SQL each operation is compared with: table names from the
models (so a renamed table is not silently missed), parameters adapted the way the database
stores them, and a fetch that reads every row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from django.db import connection, models


def t(model: type[models.Model]) -> str:
    """The model's table, quoted."""
    return connection.ops.quote_name(model._meta.db_table)


def value(item: Any) -> Any:
    """A parameter as the database stores it (SQLite keeps UTC datetimes as naive text)."""
    if isinstance(item, UUID):
        return models.UUIDField().get_db_prep_value(item, connection)
    if isinstance(item, dt.datetime):
        return connection.ops.adapt_datetimefield_value(item)
    if isinstance(item, dt.date):
        return connection.ops.adapt_datefield_value(item)
    return item


def marks(items: Sequence[Any]) -> str:
    """`%s, %s, …` for an IN list (never empty: an empty list matches nothing)."""
    return ", ".join(["%s"] * len(items)) if items else "NULL"


def fetch(sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, [value(p) for p in params])
        return cursor.fetchall()


def fetch_chunks(sql: str, params: Iterable[Any] = (), size: int = 2000) -> Iterable[tuple]:
    """Rows one chunk at a time (what a streamed export reads)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, [value(p) for p in params])
        while True:
            rows = cursor.fetchmany(size)
            if not rows:
                return
            yield from rows


def scope_clause(alias: str, program_ids: Iterable[int], team_ids: Iterable[int]) -> tuple:
    """`(e.program_id IN (…) OR e.team_id IN (…))` for an episode alias, and its parameters:
    the user's scope as someone writing the query by hand would apply it."""
    programs, teams = sorted(program_ids), sorted(team_ids)
    sql = f"({alias}.program_id IN ({marks(programs)}) OR {alias}.team_id IN ({marks(teams)}))"
    return sql, [*programs, *teams]


def ilike() -> str:
    """Case-insensitive LIKE: SQLite's LIKE already is (for ASCII); PostgreSQL has ILIKE."""
    return "ILIKE" if connection.vendor == "postgresql" else "LIKE"


def q(name: str) -> str:
    """A quoted column name (for names like `on`)."""
    return connection.ops.quote_name(name)
