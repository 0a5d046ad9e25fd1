"""What the generators of one load share: the writer, explicit ids, the clock, and the rows of
the program being written (its users, teams, court, curricula and schedules)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from missioncj.demo.scale.chain import Ev
from missioncj.demo.scale.plan import ProgramPlan
from missioncj.demo.scale.sink import Row, Table

BATCH = 5_000
# Times of day things happen at: every hour, on the minutes people write down.
CLOCK = [
    [dt.time(hour, minute) for minute in (0, 10, 15, 20, 30, 40, 45, 50)] for hour in range(24)
]
Actor = tuple[int, str]  # (user id, username): what an audit event names


def new_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def request_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


@dataclass
class Staff:
    id: int
    username: str
    display_name: str

    @property
    def actor(self) -> Actor:
        return (self.id, self.username)


@dataclass
class TeamRows:
    id: int
    public_id: uuid.UUID
    name: str
    case_manager: Staff
    peer: Staff
    clinician: Staff | None = None

    @property
    def staff(self) -> list[Staff]:
        return [s for s in (self.case_manager, self.peer, self.clinician) if s is not None]


@dataclass
class ProgramRows:
    """The written program: what people's rows refer to."""

    plan: ProgramPlan
    id: int
    public_id: uuid.UUID
    director: Staff
    supervisor: Staff
    court_partner: Staff
    evaluator: Staff
    teams: list[TeamRows]
    judge: str = ""
    court: tuple[int, uuid.UUID] | None = None
    phases: dict[int, tuple[int, uuid.UUID, Any]] = field(default_factory=dict)
    # local date -> (hearing id, public id, kind); status and staffing hearings
    hearings: dict[tuple[dt.date, str], tuple[int, uuid.UUID]] = field(default_factory=dict)
    curricula: dict[str, tuple[int, uuid.UUID, int]] = field(
        default_factory=dict
    )  # kind -> id, pid, sessions
    timepoints: list[Any] = field(default_factory=list)
    latest_group: dict[int, uuid.UUID] = field(default_factory=dict)  # team id -> session


class Ids:
    """Primary keys. Rows of a program get program-local ids (1, 2, …) that the writing side
    shifts past the ids written before (`pipeline.Remap`), so programs can be drawn in another
    process ahead of the writing. Users and organizations, which other programs and audit
    events refer to, get their final ids straight away: their numbers follow from the plan."""

    GLOBAL = ("accounts.user", "programs.organization")

    def __init__(self, first: dict[str, int]) -> None:
        self.first = dict(first)  # model label -> the first id this load writes
        self.next = dict(first)
        self.local: dict[str, int] = {}

    def start_program(self) -> None:
        self.local = {}

    def take(self, model: type[models.Model]) -> int:
        label = model._meta.label_lower
        if label in self.GLOBAL:
            value = self.next[label]
            self.next[label] = value + 1
            return value
        value = self.local.get(label, 0) + 1
        self.local[label] = value
        return value


Message = tuple[Any, ...]


class Context:
    def __init__(self, ids: Ids, today: dt.date, seed: int, vendor: str) -> None:
        self.ids = ids
        self.today = today
        self.seed = seed
        self.vendor = vendor
        # Everything happened before this moment: the load's "now" (06:00 UTC on the anchor day,
        # so yesterday's work in every US time zone is in the past).
        self.now = dt.datetime.combine(today, dt.time(6), tzinfo=dt.UTC)
        self.buffers: dict[tuple[type[models.Model], str], list[Row]] = {}
        self.tables: dict[tuple[type[models.Model], str], Table] = {}
        self.outbox: list[Message] = []  # ("rows", model label, columns, stored rows), …
        self.events: list[Ev] = []  # events without a participant (setup, group sessions)
        self.password_hash = ""
        self.instruments: dict[str, Any] = {}  # code -> Instrument
        self.versions: dict[str, Any] = {}  # code -> its current InstrumentVersion
        self.states = 1
        self.organizations: dict[str, int] = {}
        self.evaluators: dict[str, Staff] = {}  # one evaluator per state, in all its programs
        # The program being written.
        self.plan: ProgramPlan
        self.program_id = 0
        self.dockets = 0  # docket numbers are unique per court; counted per program
        self.curricula: dict[str, tuple[int, uuid.UUID, int]] = {}

    def id(self, model: type[models.Model]) -> int:
        return self.ids.take(model)

    def row(self, model: type[models.Model], columns: str, values: Row) -> None:
        key = (model, columns)
        buffer = self.buffers.get(key)
        if buffer is None:
            buffer = self.buffers[key] = []
        buffer.append(values)
        if len(buffer) >= BATCH:
            self._send(key, buffer)
            self.buffers[key] = []

    def _send(self, key: tuple[type[models.Model], str], rows: list[Row]) -> None:
        """Rows as the database stores them, for the writing side."""
        table = self.tables.get(key)
        if table is None:
            table = self.tables[key] = Table(key[0], key[1], self.vendor)
        convert = table.convert
        self.outbox.append(("rows", key[0]._meta.label_lower, key[1], [convert(r) for r in rows]))

    def flush_rows(self) -> None:
        for key, buffer in self.buffers.items():
            if buffer:
                self._send(key, buffer)
        self.buffers = {}

    def take_outbox(self) -> list[Message]:
        out, self.outbox = self.outbox, []
        return out

    def entered(
        self, rng: random.Random, moment: dt.datetime, most_minutes: int = 240
    ) -> dt.datetime:
        """When something that happened at `moment` was typed in: two minutes to
        `most_minutes` later, with seconds and microseconds like a real clock, never after the
        load's now. (Called millions of times: `random()` arithmetic rather than `randint`.)"""
        draw = rng.random
        later = moment + dt.timedelta(seconds=120 + draw() * (most_minutes - 2) * 60 + draw() * 60)
        cap = self.now - dt.timedelta(seconds=60 + int(draw() * 3540))
        return later if later < cap else cap

    def at(
        self, day: dt.date, zone: Any, rng: random.Random, first: int = 8, last: int = 17
    ) -> dt.datetime:
        """A working-hours moment on a local day, in that zone."""
        draw = rng.random
        hour = first + int(draw() * (last - first + 1))
        return dt.datetime.combine(day, CLOCK[hour][int(draw() * 8)], tzinfo=zone)
