"""The events that answer a question, newest (or oldest) first, read by keyset on
(occurred_at, id): a page is one indexed range read of `size + 1` rows, whatever the depth, and
nothing is ever counted. A download walks the same order in chunks of the same shape, so memory
stays flat however many rows there are. Rows are read as named tuples of the columns the report
shows (building model instances costs more than the query at download sizes)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from missioncj.core.models import AuditEvent
from missioncj.privacy.audit_report.filters import NEWEST, Question
from missioncj.privacy.audit_report.scope import Reader, events_in_scope

PAGE_SIZE = 50
CHUNK_SIZE = 1000
FIELDS = (
    "pk",
    "occurred_at",
    "kind",
    "action",
    "actor_id",
    "actor_label",
    "participant_public_id",
    "subject_type",
    "subject_public_id",
    "request_id",
    "hash",
)
Event = Any  # a named tuple of FIELDS (and before, after for a reader who may see contents)


def events(reader: Reader, question: Question) -> QuerySet[AuditEvent]:
    """The events in the reader's scope that answer the question (not yet ordered)."""
    low, high = question.bounds
    if question.participant is not None:
        # A participant the reader may name in a filter is one of their programs' people, so
        # every event about them is in scope: one range read of (participant, occurred_at).
        found = AuditEvent.objects.filter(participant_public_id=question.participant.public_id)
    else:
        found = events_in_scope(reader)
    found = found.filter(occurred_at__gte=low, occurred_at__lt=high)
    if question.actor is not None:
        found = found.filter(actor=question.actor)
    if question.kind:
        found = found.filter(kind=question.kind)
    if question.action:
        found = found.filter(
            Q(action=question.action) | Q(action__startswith=question.action + ".")
        )
    return found


def read(found: QuerySet[AuditEvent], reader: Reader) -> QuerySet[Any]:
    # Contents are never even read for a reader who may not see them.
    fields = FIELDS + (("before", "after") if reader.may_name else ())
    return found.values_list(*fields, named=True)


def beyond(occurred_at: object, pk: int, descending: bool) -> Q:
    """Rows strictly past (occurred_at, pk) in the given direction, written so the range on
    occurred_at is an index bound on both databases."""
    if descending:
        return Q(occurred_at__lte=occurred_at) & (Q(occurred_at__lt=occurred_at) | Q(pk__lt=pk))
    return Q(occurred_at__gte=occurred_at) & (Q(occurred_at__gt=occurred_at) | Q(pk__gt=pk))


def ordering(descending: bool) -> tuple[str, str]:
    return ("-occurred_at", "-pk") if descending else ("occurred_at", "pk")


@dataclass(frozen=True)
class Page:
    events: list[Event]
    next: str | None  # cursor (an event's hash) to continue after this page
    previous: str | None  # cursor to go back before this page


def page(reader: Reader, question: Question, size: int = PAGE_SIZE) -> Page:
    newest = question.order == NEWEST
    cursor = question.cursor
    backwards = cursor is not None and cursor.direction == "before"
    descending = newest != backwards
    found = events(reader, question)
    if cursor is not None:
        found = found.filter(beyond(cursor.occurred_at, cursor.pk, descending))
    rows = list(read(found.order_by(*ordering(descending)), reader)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
        return Page(
            rows,
            next=rows[-1].hash if rows else None,
            previous=rows[0].hash if more else None,
        )
    return Page(
        rows,
        next=rows[-1].hash if more else None,
        previous=rows[0].hash if cursor is not None and rows else None,
    )


def chunks(reader: Reader, question: Question, size: int | None = None) -> Iterator[list[Event]]:
    """Every answering event in the chosen order (any cursor ignored), `size` at a time."""
    size = size or CHUNK_SIZE
    descending = question.order == NEWEST
    ordered = read(events(reader, question).order_by(*ordering(descending)), reader)
    last: Event | None = None
    while True:
        batch = (
            ordered
            if last is None
            else ordered.filter(beyond(last.occurred_at, last.pk, descending))
        )
        rows = list(batch[:size])
        if rows:
            yield rows
        if len(rows) < size:
            return
        last = rows[-1]
