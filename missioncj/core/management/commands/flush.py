"""`flush` that empties the database alike on both backends.

PostgreSQL empties tables with TRUNCATE, which fires no row trigger. SQLite empties them with
DELETE, which fires the guard triggers that refuse deleting rows the domain keeps for good (a
completed assessment, for one). On SQLite the triggers are set aside for the flush and created
again from their stored SQL, all in one transaction, so emptying the whole database (Django's
transactional tests do it after every test) still works and the guards are back afterwards.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        database = options.get("database") or DEFAULT_DB_ALIAS
        connection = connections[database]
        if connection.vendor != "sqlite":
            super().handle(**options)
            return
        with transaction.atomic(using=database):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL"
                )
                triggers = cursor.fetchall()
                for name, _sql in triggers:
                    cursor.execute(f'DROP TRIGGER "{name}"')
            super().handle(**options)
            with connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)
