"""Audit events for bulk rows, chained by `missioncj.core.audit.BulkChain`.

Every generated write gets the event its service would record (same kind, action, actor,
participant, subject and before/after), and some reads get theirs; `BulkChain.append` gives
each event its chain, previous hash and hash exactly as `record()` would. The only thing done
differently is where the queued rows go: `FastChain.send` hands them to the raw `Writer`, which
inserts them in its own thread while the next events are hashed; `flush` then lets `BulkChain`
update the chain heads.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from missioncj.core.audit import BulkChain
from missioncj.core.models import AuditEvent
from missioncj.demo.scale.sink import Table, Writer

# The subject types services write (`subject._meta.label_lower`).
PARTICIPANT = "participants.participant"
EPISODE = "participants.episode"


class Ev:
    """One audit event as a generator makes it, before it is chained (in time order)."""

    __slots__ = (
        "action",
        "actor_id",
        "actor_label",
        "after",
        "before",
        "kind",
        "occurred_at",
        "participant_public_id",
        "request_id",
        "subject_public_id",
        "subject_type",
    )

    def __init__(
        self,
        occurred_at: dt.datetime,
        kind: str,
        action: str,
        actor: tuple[int, str] | None,
        participant: uuid.UUID | None,
        subject_type: str = "",
        subject: uuid.UUID | str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        request_id: str = "",
    ) -> None:
        self.occurred_at = occurred_at
        self.kind = kind
        self.action = action
        self.actor_id: int | None = actor[0] if actor else None
        self.actor_label: str = actor[1] if actor else "system"
        self.participant_public_id = participant
        self.subject_type = subject_type
        self.subject_public_id = str(subject) if subject else ""
        self.before = before
        self.after = after
        self.request_id = request_id


# The stored columns of a chained event, as `BulkChain` queues them (before/after as JSON text).
AUDIT_COLUMNS = (
    "id occurred_at kind action actor_id actor_label participant_public_id subject_type "
    "subject_public_id request_id before after chain prev_hash hash"
)


class FastChain(BulkChain):
    """BulkChain whose queued rows go to the raw writer (see the module docstring)."""

    def __init__(self, writer: Writer) -> None:
        super().__init__()
        self.writer = writer
        self.table: Table = writer.table(AuditEvent, AUDIT_COLUMNS, json_as_text=True)

    def add_stored(self, event: tuple[Any, ...]) -> None:
        """One event as `program.as_stored` gives it."""
        self.append(
            occurred_at=event[0],
            kind=event[1],
            action=event[2],
            actor_id=event[3],
            actor_label=event[4],
            participant_public_id=event[5],
            subject_type=event[6],
            subject_public_id=event[7],
            request_id=event[8],
            before=event[9],
            after=event[10],
        )
        if len(self.pending) >= 20_000:
            self.send()

    def send(self) -> None:
        """Hand the chained rows to the writer (the heads are written by `flush`)."""
        self.writer.put(self.table, self.pending)
        self.written += len(self.pending)
        self.pending = []

    def flush(self) -> None:
        self.send()
        self.writer.drain()
        super().flush()
