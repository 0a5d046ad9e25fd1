"""An audit event as the reader may see it: the one row shape of the page, the CSV/XLSX file
and the API, so the three always agree. Reading the report is itself an audit event."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth import get_user_model

from missioncj.core.audit import record
from missioncj.core.exports import columns
from missioncj.core.models import AuditKind
from missioncj.privacy.audit_report.filters import Question
from missioncj.privacy.audit_report.query import Event, chunks
from missioncj.privacy.audit_report.scope import Reader, Sight, sight

RESTRICTED = "Restricted record"
SHOWN_ID = frozenset({"named", "restricted", "id"})  # states whose public id the reader sees
KIND_LABELS = dict(AuditKind.choices)
COLUMNS = columns(
    ("occurred_at", "occurred_at"),
    ("kind", "kind"),
    ("action", "action"),
    ("actor", "actor"),
    ("actor_name", "actor_name"),
    ("participant", "participant_id"),
    ("participant_name", "participant_name"),
    ("subject_type", "subject_type"),
    ("subject_id", "subject_id"),
    ("request_id", "request_id"),
    ("before", "before"),
    ("after", "after"),
    ("event", "event"),
)


def row(reader: Reader, seen: Sight, actors: dict[int, str], event: Event) -> dict[str, Any]:
    state = seen.state(reader, event.participant_public_id)
    named = state == "named"
    name = seen.names[event.participant_public_id] if named else ""
    return {
        "event": event.hash,
        "occurred_at": event.occurred_at.astimezone(reader.zone),
        "kind": event.kind,
        "kind_label": KIND_LABELS.get(event.kind, event.kind),
        "action": event.action,
        "actor": event.actor_label,
        "actor_name": actors.get(event.actor_id, "") if event.actor_id else "",
        "participant": event.participant_public_id
        if state in ("named", "restricted", "id")
        else None,
        "participant_name": RESTRICTED if state == "restricted" else name,
        "participant_state": state,
        # The subject of an event about someone outside the reader's programs is not theirs.
        "subject_type": event.subject_type,
        "subject_id": "" if state == "outside" else event.subject_public_id,
        "request_id": event.request_id,
        "contents": named,
        "before": event.before if named else None,  # read only for readers who may name
        "after": event.after if named else None,
    }


def actor_names(ids: Iterable[int | None], known: dict[int, str] | None = None) -> dict[int, str]:
    """How each staff member is named (their display name): one query for a page or chunk,
    asking only for those not already `known` (a download keeps what earlier chunks found)."""
    names = {} if known is None else known
    wanted = {i for i in ids if i is not None and i not in names}
    if wanted:
        users = get_user_model().objects.filter(pk__in=wanted)
        for user in users.only("pk", "username", "display_name", "first_name", "last_name"):
            names[user.pk] = str(user)
    return names


def shape(
    reader: Reader,
    events: list[Event],
    actors: dict[int, str] | None = None,
    seen: Sight | None = None,
) -> list[dict[str, Any]]:
    """The events as rows; a download passes the same `actors` and `seen` for every chunk."""
    seen = sight(reader, (e.participant_public_id for e in events), seen)
    names = actor_names((e.actor_id for e in events), actors)
    return [row(reader, seen, names, e) for e in events]


def as_text(value: Any) -> str:
    return "" if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)


def file_cells(shaped: dict[str, Any]) -> list[Any]:
    """A shaped row in COLUMNS order, contents as JSON text."""
    cells = {**shaped, "before": as_text(shaped["before"]), "after": as_text(shaped["after"])}
    cells["participant"] = str(shaped["participant"] or "")
    return [cells[c.key] for c in COLUMNS]


class FileRows:
    """Every answering row for the download, one chunk at a time, counting the distinct
    participants the rows carry (the export log asks once the file is written)."""

    def __init__(self, reader: Reader, question: Question) -> None:
        self.reader = reader
        self.question = question
        self.people: set[Any] = set()
        self.actors: dict[int, str] = {}
        self.seen = Sight()

    def __iter__(self) -> Iterator[list[Any]]:
        for batch in chunks(self.reader, self.question):
            for shaped in shape(self.reader, batch, self.actors, self.seen):
                if shaped["participant"] is not None:
                    self.people.add(shaped["participant"])
                yield file_cells(shaped)

    def participant_count(self) -> int:
        return len(self.people)


def record_reading(
    reader: Reader,
    question: Question,
    *,
    action: str,
    shown: Iterable[dict[str, Any]] | None = None,
) -> None:
    """The reading as an audit event (kind READ): who asked what and, for a page, how many
    events were shown and whose names or contents were on it (a download's rows are in the
    export log). About the participant when filtered to one, so it appears in that
    participant's own report."""
    after: dict[str, Any] = {"asked": question.described()}
    if shown is not None:
        rows = list(shown)
        after["events"] = len(rows)
        after["named"] = sorted(
            {str(r["participant"]) for r in rows if r["participant_state"] == "named"}
        )
    record(
        kind=AuditKind.READ,
        action=action,
        actor=reader.user,
        participant=question.participant,
        after=after,
    )
