"""Drawing and writing, side by side.

Drawing a program (`program.program_messages`) touches no database; it yields stored rows with
program-local ids and audit events in chain order. With `workers=1` a forked process draws
program after program while this process writes: it shifts each row's ids past what was
written before (`Remap`), hands the rows to the `Writer` thread, chains the events through
`BulkChain` and commits each program in its own transaction. Hashing the chain, drawing the
rows and the database's own work then run on separate cores. With `workers=0` the same
messages are drawn in this process (tests, and machines without fork).
"""

from __future__ import annotations

import multiprocessing
import queue
import traceback
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import models, transaction

from missioncj.demo.scale.chain import FastChain
from missioncj.demo.scale.context import Context, Ids, Message
from missioncj.demo.scale.plan import ProgramPlan
from missioncj.demo.scale.program import Run, Tally, program_messages
from missioncj.demo.scale.sink import Row, Table, Writer

AHEAD = 48  # messages (about 5,000 rows or 20,000 events each) the drawing may run ahead


class Remap:
    """Shifts program-local ids (1, 2, …) past the ids written before the program."""

    def __init__(self, models_written: Iterable[type[models.Model]], first: dict[str, int]):
        self.local = {
            m._meta.label_lower for m in models_written if m._meta.label_lower not in Ids.GLOBAL
        }
        self.next = {label: first[label] for label in self.local}
        self.compiled: dict[int, tuple[Any, list[str]]] = {}

    def apply(self, table: Table, rows: list[Row]) -> list[Row]:
        found = self.compiled.get(id(table))
        if found is None:
            found = self.compiled[id(table)] = self._compile(table)
        shift, labels = found
        offsets = tuple(self.next[label] - 1 for label in labels)
        return [shift(row, offsets) for row in rows]

    def _compile(self, table: Table) -> tuple[Any, list[str]]:
        labels: list[str] = []
        parts: dict[int, str] = {}
        for position, model, null in table.refs:
            label = model._meta.label_lower
            if label not in self.local:
                continue  # users, organizations, instruments: final ids already
            slot = len(labels)
            labels.append(label)
            if null:
                parts[position] = f"(None if r[{position}] is None else r[{position}] + o[{slot}])"
            else:
                parts[position] = f"r[{position}] + o[{slot}]"
        body = ", ".join(parts.get(i, f"r[{i}]") for i in range(len(table.columns)))
        return eval(f"lambda r, o: ({body},)"), labels  # noqa: S307 - built from field meta

    def advance(self, counts: dict[str, int]) -> None:
        for label, count in counts.items():
            if label in self.next:
                self.next[label] += count


def drawn(ctx: Context, programs: list[ProgramPlan], run: Run) -> Iterator[Message]:
    tally = Tally()
    for program in programs:
        yield from program_messages(ctx, program, run, tally)
    yield ("done", {"public_ids": tally.public_ids, "landmarks": tally.landmarks})


def _draw_into(out: Any, ctx: Context, programs: list[ProgramPlan], run: Run) -> None:
    try:
        for message in drawn(ctx, programs, run):
            out.put(message)
    except BaseException:
        out.put(("error", traceback.format_exc()))


class Drawing:
    """The drawn messages: from a process forked at once when `workers` is 1 (before the
    writer thread starts), else drawn here as they are asked for."""

    def __init__(self, ctx: Context, programs: list[ProgramPlan], run: Run, workers: int):
        self.process: Any = None
        self.local: Iterator[Message] | None = None
        if workers < 1 or "fork" not in multiprocessing.get_all_start_methods():
            self.local = drawn(ctx, programs, run)
            return
        context = multiprocessing.get_context("fork")
        self.out = context.Queue(maxsize=AHEAD)
        # The child inherits the plan and never touches the database connection.
        self.process = context.Process(
            target=_draw_into, args=(self.out, ctx, programs, run), daemon=True
        )
        self.process.start()

    def __iter__(self) -> Iterator[Message]:
        if self.local is not None:
            yield from self.local
            return
        while True:
            try:
                message = self.out.get(timeout=5)
            except queue.Empty:
                if not self.process.is_alive():
                    raise RuntimeError("the drawing process stopped without a word") from None
                continue
            if message[0] == "error":
                raise RuntimeError(f"drawing failed:\n{message[1]}")
            yield message
            if message[0] == "done":
                return

    def close(self) -> None:
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()


def write(
    drawing: Drawing, writer: Writer, remap: Remap, tables: dict[str, type[models.Model]]
) -> dict[str, Any]:
    """Apply the messages, one transaction per program; returns the drawing's summary."""
    stream = iter(drawing)
    for message in stream:
        if message[0] == "done":
            return dict(message[1])
        assert message[0] == "begin", message[0]
        with transaction.atomic():
            try:
                _program(stream, writer, remap, tables)
            except BaseException:
                writer.discard()  # nothing may reach the database after the rollback
                raise
    raise RuntimeError("the drawing ended before it was done")


def _program(
    stream: Iterator[Message], writer: Writer, remap: Remap, tables: dict[str, type[models.Model]]
) -> None:
    chain = FastChain(writer)
    for message in stream:
        kind = message[0]
        if kind == "rows":
            table = writer.table(tables[message[1]], message[2])
            writer.put(table, remap.apply(table, message[3]), stored=True)
        elif kind == "events":
            for event in message[1]:
                chain.add_stored(event)
        elif kind == "end":
            chain.flush()
            remap.advance(message[2])
            return
        else:
            raise RuntimeError(f"unexpected message {kind!r} inside a program")
    raise RuntimeError("the drawing ended inside a program")
