"""The trigram index over `Participant.name_key` that duplicate search starts from.

PostgreSQL: a pg_trgm GIN index on the column (the extension is created by migration 0003).
SQLite: an FTS5 table with the trigram tokenizer, one row per participant (rowid = id), kept in
step by triggers, so bulk inserts and raw SQL keep it right as well as the services do.

Django rebuilds a SQLite table to alter it (new table, copy, drop, rename), and dropping the
table drops its triggers; `ensure` (run after every `migrate`) puts them back and refills the
index when they were missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

PG_INDEX = "participants_name_key_trgm"
FTS_TABLE = "participants_name_trigram"
_TABLE = "participants_participant"

_PG_CREATE = f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {_TABLE} USING gin (name_key gin_trgm_ops)"
_PG_DROP = f"DROP INDEX IF EXISTS {PG_INDEX}"

_TRIGGERS = {
    "participants_name_trigram_insert": (
        "AFTER INSERT ON participants_participant BEGIN "
        "INSERT INTO participants_name_trigram(rowid, name_key) VALUES (new.id, new.name_key); "
        "END"
    ),
    "participants_name_trigram_update": (
        "AFTER UPDATE OF first_name, last_name ON participants_participant BEGIN "
        "DELETE FROM participants_name_trigram WHERE rowid = old.id; "
        "INSERT INTO participants_name_trigram(rowid, name_key) VALUES (new.id, new.name_key); "
        "END"
    ),
    "participants_name_trigram_delete": (
        "AFTER DELETE ON participants_participant BEGIN "
        "DELETE FROM participants_name_trigram WHERE rowid = old.id; END"
    ),
}


def _sqlite_triggers_missing(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [_TABLE]
    )
    present = {row[0] for row in cursor.fetchall()}
    return [name for name in _TRIGGERS if name not in present]


def create(connection: Any) -> None:
    """Create the index (and on SQLite fill it from the table)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_CREATE)
        elif connection.vendor == "sqlite":
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS participants_name_trigram "
                "USING fts5(name_key, tokenize='trigram')"
            )
            _refill(cursor)


def _refill(cursor: Any) -> None:
    for name in _sqlite_triggers_missing(cursor):
        cursor.execute(f"CREATE TRIGGER {name} {_TRIGGERS[name]}")
    cursor.execute("DELETE FROM participants_name_trigram")
    cursor.execute(
        "INSERT INTO participants_name_trigram(rowid, name_key) "
        "SELECT id, name_key FROM participants_participant"
    )


def drop(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_DROP)
        elif connection.vendor == "sqlite":
            for name in _TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute("DROP TABLE IF EXISTS participants_name_trigram")


def ensure(connection: Any) -> bool:
    """After migrations: on SQLite, recreate lost triggers and refill the index. True when
    something was repaired."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE]
        )
        if cursor.fetchone() is None or not _sqlite_triggers_missing(cursor):
            return False  # before migration 0003, or intact
        _refill(cursor)
    return True


@contextmanager
def bulk_load(connection: Any) -> Iterator[None]:
    """For loaders of many thousands of people: keep the index out of the way while rows go in,
    then build it in one pass (much faster than row by row). Searches during the load miss the
    new people; use it inside the loader's transaction or when no one is searching."""
    drop(connection)
    try:
        yield
    finally:
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            # PostgreSQL will not index a table with foreign-key checks still pending.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        create(connection)
