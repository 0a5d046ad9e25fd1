"""Writing and verifying the audit chain.

Every service writes its event with `record()` inside its own transaction, so the change and its
event commit together or not at all. Reads of participant records are recorded the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
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


def _digest(event: AuditEvent) -> str:
    payload = {
        "occurred_at": event.occurred_at.astimezone(dt.UTC).isoformat(),
        "kind": event.kind,
        "action": event.action,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "participant": str(event.participant_public_id or ""),
        "subject_type": event.subject_type,
        "subject": event.subject_public_id,
        "request_id": event.request_id,
        "before": event.before,
        "after": event.after,
        "prev": event.prev_hash,
    }
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


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
    """Append one event to the chain (joins the caller's transaction)."""
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            # Racing first writers: the loser's insert waits, then is ignored, then locks the row.
            AuditChainHead.objects.bulk_create(
                [AuditChainHead(pk=1, last_hash=GENESIS)], ignore_conflicts=True
            )
            head = AuditChainHead.objects.select_for_update().get(pk=1)
        event = AuditEvent(
            occurred_at=timezone.now(),
            kind=kind,
            action=action,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=actor_label or (getattr(actor, "username", "") or "system"),
            participant_public_id=getattr(participant, "public_id", None),
            subject_type=subject._meta.label_lower if subject is not None else "",
            subject_public_id=str(getattr(subject, "public_id", "") or "") if subject else "",
            request_id=current_request_id(),
            before=_jsonable(before),
            after=_jsonable(after),
            prev_hash=head.last_hash,
        )
        event.hash = _digest(event)
        event.save(force_insert=True)
        head.last_hash = event.hash
        head.last_event_id = event.pk
        head.save(update_fields=["last_hash", "last_event_id"])
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    problem: str = ""


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Recompute every hash in order; name the first event that does not fit."""
    expected_prev = GENESIS
    checked = 0
    last_id: int | None = None
    queryset = AuditEvent.objects.order_by("pk")
    for event in queryset.iterator(chunk_size=batch_size):
        if event.prev_hash != expected_prev:
            return ChainReport(
                False,
                checked,
                event.pk,
                "does not follow the event before it (removed or reordered)",
            )
        if _digest(event) != event.hash:
            return ChainReport(False, checked, event.pk, "content was altered after it was written")
        expected_prev = event.hash
        last_id = event.pk
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != expected_prev or head.last_event_id != last_id):
        return ChainReport(
            False, checked, head.last_event_id, "newest events are missing (chain head mismatch)"
        )
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
