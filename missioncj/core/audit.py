"""Writing and verifying the audit chain.

Every service writes its event with `record()` inside its own transaction, so the change and its
event commit together or not at all. Reads of participant records are recorded the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from missioncj.core.context import current_request_id
from missioncj.core.models import AuditChainHead, AuditEvent, AuditKind

GENESIS = "0" * 64


def _jsonable(value: Any) -> Any:
    """Normalise to what the database hands back, so the stored row hashes the same later."""
    if value is None:
        return None
    return json.loads(json.dumps(value, sort_keys=True, default=str))


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values of an instance as plain JSON (for before/after)."""
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(instance, name)
        if isinstance(value, models.Model):
            value = str(getattr(value, "public_id", value.pk))
        elif isinstance(value, uuid.UUID | dt.date | dt.datetime):
            value = str(value)
        out[name] = value
    return _jsonable(out)


# The fields a hash covers, in the order `verify_chain` reads them from the database.
HASHED = (
    "occurred_at",
    "kind",
    "action",
    "actor_id",
    "actor_label",
    "participant_public_id",
    "subject_type",
    "subject_public_id",
    "request_id",
    "before",
    "after",
    "chain",
    "prev_hash",
)


def chain_for(participant_public_id: uuid.UUID | None, actor_id: int | None) -> int:
    """The chain an event joins: a stable function of the person it is about (else its actor),
    so one participant's history stays in order in one chain."""
    count = max(1, int(getattr(settings, "MISSIONCJ_AUDIT_CHAINS", 64)))
    if participant_public_id is not None:
        return participant_public_id.int % count
    return (actor_id or 0) % count


def digest_values(*values: Any) -> str:
    """SHA-256 of one event given the HASHED values in order (model or database row alike)."""
    (occurred_at, kind, action, actor_id, actor_label, participant, subject_type, subject,
     request_id, before, after, chain, prev) = values  # fmt: skip
    payload = {
        "occurred_at": occurred_at.astimezone(dt.UTC).isoformat(),
        "kind": kind,
        "action": action,
        "actor_id": actor_id,
        "actor_label": actor_label,
        "participant": str(participant or ""),
        "subject_type": subject_type,
        "subject": subject,
        "request_id": request_id,
        "before": before,
        "after": after,
        "prev": prev,
    }
    if chain:
        # Chain 0 is the original single chain; its events hash as they always did.
        payload["chain"] = chain
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _digest(event: AuditEvent) -> str:
    return digest_values(*(getattr(event, name) for name in HASHED))


def _locked_head(chain: int) -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:
        # Racing first writers: the loser's insert waits, then is ignored, then locks the row.
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(chain=chain, last_hash=GENESIS)], ignore_conflicts=True
        )
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
    return head


def record(
    *,
    kind: AuditKind,
    action: str,
    actor: Any = None,
    participant: Any = None,
    subject: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one event to its chain (joins the caller's transaction)."""
    actor = actor if getattr(actor, "pk", None) else None
    participant_public_id = getattr(participant, "public_id", None)
    chain = chain_for(participant_public_id, actor.pk if actor else None)
    with transaction.atomic():
        head = _locked_head(chain)
        event = AuditEvent(
            occurred_at=timezone.now(),
            kind=kind,
            action=action,
            actor=actor,
            actor_label=actor_label or (getattr(actor, "username", "") or "system"),
            participant_public_id=participant_public_id,
            subject_type=subject._meta.label_lower if subject is not None else "",
            subject_public_id=str(getattr(subject, "public_id", "") or "") if subject else "",
            request_id=current_request_id(),
            before=_jsonable(before),
            after=_jsonable(after),
            chain=chain,
            prev_hash=head.last_hash,
        )
        event.hash = _digest(event)
        event.save(force_insert=True)
        head.last_hash = event.hash
        head.last_event_id = event.pk
        head.save(update_fields=["last_hash", "last_event_id"])
    return event


class BulkChain:
    """Appends many events at once (bulk loaders) with exactly the hashes `record()` writes.

    Use inside one transaction. It locks every chain head, so no other writer can append
    meanwhile, and gives events ids after the newest one, in the order they are added.
    `append(**fields)` is the fast path (no model objects); `add(event)` takes an unsaved
    `AuditEvent` and fills in its id, chain and hashes.
    """

    def __init__(self) -> None:
        count = max(1, int(getattr(settings, "MISSIONCJ_AUDIT_CHAINS", 64)))
        for chain in range(count):
            _locked_head(chain)
        self.heads = {
            head.chain: head
            for head in AuditChainHead.objects.select_for_update().order_by("chain")
        }
        self.next_id = (AuditEvent.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
        self.pending: list[tuple[Any, ...]] = []
        self.written = 0

    def append(
        self,
        *,
        occurred_at: dt.datetime,
        kind: str,
        action: str,
        actor_id: int | None = None,
        actor_label: str = "system",
        participant_public_id: uuid.UUID | None = None,
        subject_type: str = "",
        subject_public_id: str = "",
        request_id: str = "",
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> tuple[Any, ...]:
        """Queue one event; returns its stored values (id, *HASHED, hash)."""
        before_text, before = _normalised(before)
        after_text, after = _normalised(after)
        chain = chain_for(participant_public_id, actor_id)
        head = self.heads.get(chain) or _locked_head(chain)
        self.heads[chain] = head
        values = (occurred_at, str(kind), action, actor_id, actor_label, participant_public_id,
                  subject_type, subject_public_id, request_id, before, after, chain,
                  head.last_hash)  # fmt: skip
        digest = digest_values(*values)
        row = (self.next_id, *values, digest)
        self.pending.append((*row[:10], before_text, after_text, *row[12:]))
        head.last_hash = digest
        head.last_event_id = self.next_id
        self.next_id += 1
        return row

    def add(self, event: AuditEvent) -> AuditEvent:
        row = self.append(
            **{name: getattr(event, name) for name in HASHED if name not in {"chain", "prev_hash"}}
        )
        event.pk, event.before, event.after = row[0], row[10], row[11]
        event.chain, event.prev_hash, event.hash = row[12], row[13], row[14]
        return event

    def flush(self) -> None:
        if self.pending:
            _insert_rows(self.pending)
            self.written += len(self.pending)
            self.pending = []
        AuditChainHead.objects.bulk_update(
            list(self.heads.values()), ["last_hash", "last_event_id"], batch_size=500
        )
        _advance_id_sequence()


def _normalised(value: dict[str, Any] | None) -> tuple[str | None, Any]:
    """The JSON text to store and the value the database will hand back for it."""
    if value is None:
        return None, None
    text = json.dumps(value, default=str)
    return text, json.loads(text)


_COLUMNS = ("id", *HASHED, "hash")


def _insert_rows(rows: list[tuple[Any, ...]]) -> None:
    """Write many rows (id, *HASHED, hash; before/after as JSON text) in one statement stream:
    COPY on PostgreSQL, one prepared INSERT on SQLite (Django's bulk_create spends most of its
    time compiling SQL per row). Values are stored as the model fields store them."""
    names = [str(getattr(AuditEvent._meta.get_field(name), "column", name)) for name in _COLUMNS]
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return

        def stored(row: tuple[Any, ...]) -> tuple[Any, ...]:
            # As Django's SQLite backend stores them: naive UTC text, uuid as hex.
            occurred = row[1].astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
            person = row[6].hex if row[6] is not None else None
            return (row[0], occurred, *row[2:6], person, *row[7:])

        marks = ", ".join(["%s"] * len(names))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, [stored(row) for row in rows[start : start + 5000]])


def _advance_id_sequence() -> None:
    """Explicit ids leave PostgreSQL's sequence behind; move it past the newest id."""
    if connection.vendor != "postgresql":
        return
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    problem: str = ""


def verify_chain(
    batch_size: int = 5000, progress: Callable[[int, int], None] | None = None
) -> ChainReport:
    """Recompute every hash in id order, following each chain; name the first event that does
    not fit. `progress(checked, about_total)` is called after each batch."""
    expected: dict[int, str] = {}
    last_ids: dict[int, int] = {}
    checked = 0
    last_id = 0
    about_total = AuditEvent.objects.count() if progress else 0
    fields = ("pk", *HASHED, "hash")
    while True:
        rows = list(
            AuditEvent.objects.filter(pk__gt=last_id)
            .order_by("pk")
            .values_list(*fields)[:batch_size]
        )
        if not rows:
            break
        for row in rows:
            pk, values, stored = row[0], row[1:-1], row[-1]
            chain, prev = values[-2], values[-1]
            if prev != expected.get(chain, GENESIS):
                problem = "does not follow the event before it (removed or reordered)"
                return ChainReport(False, checked, pk, problem)
            if digest_values(*values) != stored:
                return ChainReport(False, checked, pk, "content was altered after it was written")
            expected[chain] = stored
            last_ids[chain] = pk
            checked += 1
        last_id = rows[-1][0]
        if progress:
            progress(checked, max(about_total, checked))
    heads = {head.chain: head for head in AuditChainHead.objects.all()}
    for chain in sorted(set(heads) | set(expected)):
        head = heads.get(chain)
        if head is None:
            problem = f"newest events are missing (chain {chain} has no head)"
            return ChainReport(False, checked, last_ids[chain], problem)
        if head.last_hash != expected.get(chain, GENESIS) or head.last_event_id != last_ids.get(
            chain
        ):
            problem = f"newest events are missing (chain {chain} head mismatch)"
            return ChainReport(False, checked, head.last_event_id, problem)
    return ChainReport(True, checked)


def create_recorded(
    instance: Any,
    *,
    actor: Any,
    action: str,
    fields: Iterable[str],
    participant: Any = None,
) -> Any:
    """Validate, insert and record a new row (call inside the service's transaction)."""
    instance.full_clean()
    instance.save()
    record(
        kind=AuditKind.CREATE,
        action=action,
        actor=actor,
        participant=participant,
        subject=instance,
        after=snapshot(instance, fields),
    )
    return instance
