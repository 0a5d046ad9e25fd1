"""Indexes that let name and identifier search (`participants.search.matching`) find a prefix
without reading every participant.

The search asks, for each word, whether a name or an identifier starts with it, ignoring case:
Django's `istartswith`, which is `col LIKE 'w%' ESCAPE '\\'` on SQLite (LIKE ignores ASCII case
there) and `UPPER(col::text) LIKE UPPER('w%')` on PostgreSQL. Plain indexes serve neither, so:

- SQLite: an index on each column `COLLATE NOCASE` (what SQLite's LIKE optimisation needs for
  a case-insensitive LIKE);
- PostgreSQL: an index on `UPPER(col::text)` with `text_pattern_ops` (a prefix LIKE on the
  upper-cased value, whatever the database's collation).

Each column is asked on its own (a union of index lookups, see `matching`), because one `OR`
across several columns and the identifier table leaves the database nothing to do but scan.

Django rebuilds a SQLite table to alter it and keeps only the indexes the model declares;
`ensure` (run after every `migrate`) puts these back when they are missing.
"""

from __future__ import annotations

from typing import Any

COLUMNS = [
    ("participants_participant", "first_name"),
    ("participants_participant", "last_name"),
    ("participants_participant", "preferred_name"),
    ("participants_participant", "middle_name"),
    ("participants_identifier", "value"),
]


def _name(table: str, column: str) -> str:
    return f"{table.removeprefix('participants_')}_{column}_search"


def _create_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        expression = "(UPPER({column}::text) text_pattern_ops)"
    elif vendor == "sqlite":
        expression = "({column} COLLATE NOCASE)"
    else:
        return []
    return [
        f"CREATE INDEX IF NOT EXISTS {_name(table, column)} ON {table} "
        + expression.format(column=column)
        for table, column in COLUMNS
    ]


def create(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in _create_sql(connection.vendor):
            cursor.execute(sql)


def drop(connection: Any) -> None:
    with connection.cursor() as cursor:
        for table, column in COLUMNS:
            cursor.execute(f"DROP INDEX IF EXISTS {_name(table, column)}")


MIGRATION = ("participants", "0004_search_indexes")


def ensure(connection: Any) -> bool:
    """After migrations: on SQLite, recreate any of these indexes a table rebuild dropped.
    True when something was repaired (nothing to do before the migration that adds them)."""
    from django.db.migrations.recorder import MigrationRecorder

    if connection.vendor != "sqlite":
        return False
    if MIGRATION not in MigrationRecorder(connection).applied_migrations():
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        present = {row[0] for row in cursor.fetchall()}
        missing = [
            sql
            for (table, column), sql in zip(COLUMNS, _create_sql("sqlite"), strict=True)
            if _name(table, column) not in present
        ]
        for sql in missing:
            cursor.execute(sql)
    return bool(missing)
