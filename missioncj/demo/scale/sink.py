"""Raw bulk inserts that store exactly what Django would, without Django's per-object cost.

A `Table` names the columns a generator fills, in order, and turns each value into what the
model field would store on this database (SQLite keeps UUIDs as 32 hex digits and datetimes as
naive UTC text; PostgreSQL takes them as they are; JSON is `json.dumps` as Django does; a JSON
None is SQL NULL). Columns a generator leaves out get the field's default.

The `Writer` inserts in a thread of its own: SQLite and PostgreSQL do their work outside the
Python lock, so the database builds its indexes while the generator draws the next rows.
SQLite gets one `executemany` per batch, PostgreSQL one `COPY`. The Django connection must not
be used while rows are in flight: `drain()` first.
"""

from __future__ import annotations

import datetime as dt
import json
import queue
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

Row = tuple[Any, ...]
ROWS_PER_STATEMENT = 500
MAX_PARAMETERS = 32_000  # SQLite allows 32,766 since 3.32


def _sqlite_datetime(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return str(value.astimezone(dt.UTC).replace(tzinfo=None))


def _sqlite_uuid(value: uuid.UUID | None) -> str | None:
    return None if value is None else value.hex


def _iso(value: Any) -> str | None:
    return None if value is None else str(value)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def _converter(field: models.Field, vendor: str, json_as_text: bool) -> Callable[[Any], Any] | None:
    """How one field's Python value becomes the stored value (None: as it is)."""
    if isinstance(field, models.JSONField):
        return None if json_as_text else _json
    if vendor != "sqlite":
        return None
    if isinstance(field, models.DateTimeField):
        return _sqlite_datetime
    if isinstance(field, models.DateField | models.TimeField):
        return _iso
    if isinstance(field, models.UUIDField):
        return _sqlite_uuid
    return None


class Table:
    """One model's table: the generator's columns (attnames) in order, plus defaulted ones."""

    def __init__(
        self, model: type[models.Model], columns: str, vendor: str, json_as_text: bool = False
    ) -> None:
        self.model = model
        self.name = model._meta.db_table
        fields = {  # generated columns are the database's to fill
            f.attname: f for f in model._meta.concrete_fields if not getattr(f, "generated", False)
        }
        given = columns.split()
        unknown = [c for c in given if c not in fields]
        if unknown:
            raise ValueError(f"{self.name} has no column {', '.join(unknown)}")
        filled: list[tuple[str, Any]] = []
        for attname, field in fields.items():
            if attname in given:
                continue
            blank_text = field.blank and field.empty_strings_allowed
            if not field.has_default() and not field.null and not blank_text:
                raise ValueError(
                    f"{self.name}.{attname} has no default: the generator must fill it"
                )
            filled.append((attname, field.get_default()))
        self.columns = [*given, *(name for name, _ in filled)]
        # (position, model) of the primary key and of every foreign key: what `pipeline.Remap`
        # shifts from program-local to final ids.
        self.refs: list[tuple[int, type[models.Model], bool]] = []  # (position, model, null)
        for position, name in enumerate(self.columns):
            field = fields[name]
            target = model if field.primary_key else field.related_model
            if isinstance(target, type):
                self.refs.append((position, target, field.null))
        converters = [_converter(fields[name], vendor, json_as_text) for name in self.columns]
        defaults = [
            (conv(value) if conv else value)
            for (_, value), conv in zip(filled, converters[len(given) :], strict=True)
        ]
        self.convert = _compile(converters[: len(given)], defaults)
        quoted = ", ".join(f'"{fields[name].column}"' for name in self.columns)
        placeholders = ", ".join("?" for _ in self.columns)
        # Names come from the model's own meta, never from input.
        self.insert_sql = f'INSERT INTO "{self.name}" ({quoted}) VALUES ({placeholders})'  # noqa: S608
        # SQLite: many rows per statement, so one step (run without the Python lock) inserts
        # hundreds of rows while the generator thread keeps drawing.
        self.per_statement = max(1, min(ROWS_PER_STATEMENT, MAX_PARAMETERS // len(self.columns)))
        values = ", ".join([f"({placeholders})"] * self.per_statement)
        self.insert_many_sql = f'INSERT INTO "{self.name}" ({quoted}) VALUES {values}'  # noqa: S608
        self.copy_sql = f'COPY "{self.name}" ({quoted}) FROM STDIN'


def _compile(converters: Sequence[Callable[[Any], Any] | None], defaults: list[Any]) -> Any:
    """A function turning a generator's tuple into the stored tuple, without a per-value loop."""
    namespace: dict[str, Any] = {"_defaults": tuple(defaults)}
    parts = []
    for index, conv in enumerate(converters):
        if conv is None:
            parts.append(f"r[{index}]")
        else:
            namespace[f"c{index}"] = conv
            parts.append(f"c{index}(r[{index}])")
    body = "(" + "".join(f"{p}, " for p in parts) + ") + _defaults"
    return eval(f"lambda r: {body}", namespace)  # noqa: S307 - built from field types above


class Writer:
    """Inserts batches of rows in a background thread on the given connection."""

    def __init__(self, connection: BaseDatabaseWrapper, on_rows: Callable[[int], None]) -> None:
        connection.ensure_connection()
        self.raw = connection.connection
        self.vendor = connection.vendor
        self.on_rows = on_rows
        self.tables: dict[tuple[type[models.Model], str], Table] = {}
        self.counts: dict[str, int] = {}
        self._queue: queue.Queue[tuple[Table, list[Row], bool] | None] = queue.Queue(maxsize=6)
        self._error: BaseException | None = None
        self._discarding = False
        self._thread = threading.Thread(target=self._run, name="scale-writer", daemon=True)
        self._thread.start()

    def table(self, model: type[models.Model], columns: str, json_as_text: bool = False) -> Table:
        key = (model, columns)
        if key not in self.tables:
            self.tables[key] = Table(model, columns, self.vendor, json_as_text)
        return self.tables[key]

    def put(self, table: Table, rows: Iterable[Row], stored: bool = False) -> None:
        """Queue rows for insertion: as generators make them, or already `stored` (converted
        with `table.convert`)."""
        batch = list(rows)
        if not batch:
            return
        self._raise()
        self.counts[table.name] = self.counts.get(table.name, 0) + len(batch)
        self._queue.put((table, batch, stored))

    def drain(self) -> None:
        """Wait until every row handed over is in the database (raises the writer's error)."""
        self._queue.join()
        self._raise()

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()
        self._raise()

    def discard(self) -> None:
        """Drop what is still queued and wait for the batch in flight (before a rollback: rows
        inserted after it would land outside the transaction)."""
        self._discarding = True
        self._queue.join()
        self._discarding = False
        self._error = None

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise RuntimeError(f"bulk insert failed: {error}") from error

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                if self._error is None and not self._discarding:
                    self._insert(*item)
            except BaseException as exc:  # handed to the generator thread at its next put
                self._error = exc
            finally:
                self._queue.task_done()

    def _insert(self, table: Table, rows: list[Row], converted: bool) -> None:
        convert = table.convert
        stored = rows if converted else [convert(row) for row in rows]
        if self.vendor == "sqlite":
            size = table.per_statement
            whole = len(stored) // size * size
            if whole:
                self.raw.executemany(
                    table.insert_many_sql,
                    (
                        tuple(chain.from_iterable(stored[i : i + size]))
                        for i in range(0, whole, size)
                    ),
                )
            if whole < len(stored):
                self.raw.executemany(table.insert_sql, stored[whole:])
        else:
            with self.raw.cursor() as cursor, cursor.copy(table.copy_sql) as copy:
                for row in stored:
                    copy.write_row(row)
        self.on_rows(len(rows))
