"""Where duplicate candidates come from: a few bounded, indexed queries, each starting from
`Participant.objects.visible_to(user)`, so nobody outside the user's scope is ever read.

- by name: the trigram index over `name_key`, for stored names containing a 4-letter piece of
  the last name and a trigram of the first name or of a nickname alternative (LIKE answered by
  the pg_trgm GIN index on PostgreSQL, ranked by `similarity()`; the FTS5 trigram table on
  SQLite), best first, at most NAME_POOL people;
- by date of birth: the same date and the date with day and month swapped (the index on
  `date_of_birth`), at most BIRTH_POOL people, so a badly misspelt name with the right birth
  date is still found;
- by identifier: the same identifier value (the index on `Identifier.value`).

Then one query loads the identifiers of all of them. Four queries at most, however many
candidates there are.
"""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Case, DateField, F, FloatField, Func, Q, QuerySet, Value, When
from django.db.models.functions import Greatest

from missioncj.participants import nicknames
from missioncj.participants.duplicate_scoring import Probe
from missioncj.participants.models import Identifier, Participant
from missioncj.participants.name_index import FTS_TABLE

NAME_POOL = 200
BIRTH_POOL = 300
IDENTIFIER_POOL = 50
FIELDS = (
    "id",
    "public_id",
    "first_name",
    "middle_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
)
_TABLE = Participant._meta.db_table


def name_variants(probe: Probe) -> list[str]:
    """The folded full names to look up: as typed, then with each nickname alternative of the
    first name (Bill → William …)."""
    firsts = [probe.first, *nicknames.alternatives(probe.first, limit=4)]
    return list(dict.fromkeys(f"{first} {probe.last}".strip() for first in firsts))


def transposed(born: dt.date) -> dt.date | None:
    if born.day > 12 or born.day == born.month:
        return None
    return born.replace(month=born.day, day=born.month)


class DaysApart(Func):
    """Whole days between a date column and a date, either way round."""

    arity = 2
    output_field = FloatField()

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> Any:
        template = "ABS(JULIANDAY(%(expressions)s))"
        return super().as_sql(compiler, connection, template=template, arg_joiner=") - JULIANDAY(")

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return super().as_sql(
            compiler, connection, template="ABS(%(expressions)s)", arg_joiner=" - "
        )


def _quoted(gram: str) -> str:
    return '"' + gram.replace('"', '""') + '"'


def _grams(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(len(text) - size + 1)]


def name_pieces(probe: Probe) -> tuple[list[str], list[str]]:
    """What a stored name must contain to be a name candidate: one of the 4-letter pieces of
    the last name (trigrams for a name shorter than four letters), and one of the trigrams of
    the first name or of its nickname alternatives. A single slip in a long name leaves a piece
    intact; the birth-date source covers slips that leave none (Smith / Smyth)."""
    last = [g for word in probe.last.split() for g in (_grams(word, 4) or _grams(word, 3))]
    firsts = [probe.first, *nicknames.alternatives(probe.first, limit=4)]
    first = [g for name in firsts for word in name.split() for g in _grams(word, 3)]
    return list(dict.fromkeys(last)), list(dict.fromkeys(first))


def fts_query(probe: Probe) -> str:
    """The pieces as an FTS5 query: (any last-name piece) AND (any first-name trigram)."""
    parts = [
        "(" + " OR ".join(_quoted(g) for g in grams) + ")" for grams in name_pieces(probe) if grams
    ]
    return " AND ".join(parts)


def _contains_any(grams: list[str]) -> Q:
    """LIKE '%piece%' for any piece: the pg_trgm GIN index answers each one."""
    return reduce(or_, (Q(name_key__contains=g) for g in grams))


def by_name(visible: QuerySet[Participant], probe: Probe) -> QuerySet[Participant]:
    """People whose stored name contains the pieces (`name_pieces`), through the trigram
    index. PostgreSQL: best trigram similarity first, ties to the nearer birth date. SQLite:
    the name exactly as searched first, then the nearer birth date (or, with no date, bm25
    rank); ranking every match by bm25 costs more than the whole rest of the search, and the
    Python re-rank orders the candidates anyway."""
    variants = [v for v in name_variants(probe) if len(v) >= 3]
    order: list[Any] = []
    if connection.vendor == "postgresql":
        last, first = name_pieces(probe)
        if not variants or not last:
            return visible.none()
        pieces = _contains_any(last) & _contains_any(first) if first else _contains_any(last)
        scores = [TrigramSimilarity("name_key", v) for v in variants]
        similarity = Greatest(*scores) if len(scores) > 1 else scores[0]
        ranked = visible.filter(pieces).annotate(name_rank=-similarity)
        order.append("name_rank")
    else:
        query = fts_query(probe)
        if not query:
            return visible.none()
        # The FTS5 table is joined by rowid; names are constants, the query text a parameter.
        ranked = visible.extra(  # noqa: S610
            tables=[FTS_TABLE],
            where=[f'{FTS_TABLE}.rowid = "{_TABLE}"."id"', f"{FTS_TABLE} MATCH %s"],
            params=[query],
            select={} if probe.date_of_birth else {"name_rank": f"{FTS_TABLE}.rank"},
        )
        exact = Case(When(name_key__in=variants, then=Value(0)), default=Value(1))
        order += [exact.asc()] if probe.date_of_birth else ["name_rank"]
    if probe.date_of_birth is not None:
        # The nearer birth date first, so a one-digit slip in the date is kept.
        born = Value(probe.date_of_birth, output_field=DateField())
        order.append(DaysApart(F("date_of_birth"), born).asc())
    return ranked.order_by(*order, "pk")[:NAME_POOL]


def by_birth(visible: QuerySet[Participant], probe: Probe) -> QuerySet[Participant] | None:
    if probe.date_of_birth is None:
        return None
    dates = [probe.date_of_birth]
    swapped = transposed(probe.date_of_birth)
    if swapped is not None:
        dates.append(swapped)
    return visible.filter(date_of_birth__in=dates).order_by("pk")[:BIRTH_POOL]


def by_identifier(visible: QuerySet[Participant], probe: Probe) -> QuerySet[Participant] | None:
    if not probe.identifier_values:
        return None
    holders = Identifier.objects.filter(value__in=probe.identifier_values)
    return visible.filter(pk__in=holders.values("participant_id")).order_by("pk")[:IDENTIFIER_POOL]


def gather(user: Any, probe: Probe) -> list[Participant]:
    """Everyone any source finds, once, with their identifiers loaded."""
    visible = Participant.objects.visible_to(user)
    found: dict[int, Participant] = {}
    sources = (by_name(visible, probe), by_birth(visible, probe), by_identifier(visible, probe))
    for source in sources:
        if source is not None:
            for person in source.only(*FIELDS):
                found.setdefault(person.pk, person)
    people = list(found.values())
    if people:
        by_person: dict[int, list[Identifier]] = {p.pk: [] for p in people}
        for identifier in Identifier.objects.filter(participant_id__in=by_person).order_by("pk"):
            by_person[identifier.participant_id].append(identifier)
        for person in people:
            person.matched_identifiers = by_person[person.pk]  # type: ignore[attr-defined]
    return people
