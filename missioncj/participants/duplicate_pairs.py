"""Likely duplicate pairs within a program, for its director and supervisors: people on file
twice who should be merged or told apart. Pairs come from blocks of people who share a birth
date (day and month either way round), a folded name or an identifier value; each pair is
scored like a duplicate search (docs/duplicates.md)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from missioncj.accounts.scope import scope_of
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.participants.duplicate_scoring import Probe, identifier_key, score
from missioncj.participants.duplicate_sources import FIELDS
from missioncj.participants.models import Episode, Identifier, IdentifierKind, Participant
from missioncj.participants.names import fold
from missioncj.programs.models import Program

LIKELY = 80
SHOWN = 100
# A block bigger than this (a very common name) is compared only with birth dates close.
BLOCK_LIMIT = 40


@dataclass
class Pair:
    first: Participant
    second: Participant
    score: int
    reasons: list[str] = field(default_factory=list)


def _blocks(people: list[Participant], identifiers: Iterable[tuple[int, str]]) -> list[list[int]]:
    by_key: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for index, person in enumerate(people):
        born = person.date_of_birth
        by_key[("born", born.year, *sorted((born.month, born.day)))].append(index)
        by_key[("name", fold(f"{person.first_name} {person.last_name}"))].append(index)
    position = {person.pk: index for index, person in enumerate(people)}
    for participant_id, value in identifiers:
        if participant_id in position:
            by_key[("id", identifier_key(value))].append(position[participant_id])
    return [sorted(set(block)) for block in by_key.values() if len(set(block)) > 1]


def _close_births(a: Participant, b: Participant) -> bool:
    return abs((a.date_of_birth - b.date_of_birth).days) <= 366


def likely_pairs(user: Any, program: Program) -> list[Pair]:
    """Pairs scoring LIKELY or more among the people of `program` the user may see."""
    in_program = Episode.objects.filter(participant=OuterRef("pk"), program=program)
    people = list(
        Participant.objects.visible_to(user).filter(Exists(in_program)).only(*FIELDS).order_by("pk")
    )
    numbers = Identifier.objects.filter(participant__in=[p.pk for p in people]).values_list(
        "participant_id", "kind", "value"
    )
    labels = dict(IdentifierKind.choices)
    held: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for participant_id, kind, value in numbers:
        held[participant_id].append((str(labels.get(kind, kind)), value))
    flat = [(pid, value) for pid, pairs in held.items() for _, value in pairs]
    seen: set[tuple[int, int]] = set()
    pairs: list[Pair] = []
    for block in _blocks(people, flat):
        for i, j in combinations(block, 2):
            a, b = people[i], people[j]
            if (i, j) in seen or (len(block) > BLOCK_LIMIT and not _close_births(a, b)):
                continue
            seen.add((i, j))
            probe = Probe(
                a.first_name, a.last_name, a.date_of_birth, tuple(v for _, v in held[a.pk])
            )
            match = score(probe, b, held[b.pk])
            if match.similarity >= LIKELY:
                pairs.append(Pair(a, b, int(match.similarity), match.reasons))
    pairs.sort(key=lambda p: (-p.score, p.first.last_name, p.first.pk, p.second.pk))
    return pairs[:SHOWN]


@login_required
def duplicate_pairs(request: HttpRequest) -> HttpResponse:
    """The page: one of the user's programs (a director's or supervisor's), else 404."""
    overseen = Program.objects.filter(pk__in=scope_of(request.user).program_ids).order_by("name")
    wanted = request.GET.get("program", "")
    if wanted:
        try:
            overseen = overseen.filter(public_id=UUID(wanted))
        except ValueError:
            raise Http404("No such program") from None
    program = overseen.first()
    if program is None:
        raise Http404("No such program")
    pairs = likely_pairs(request.user, program)
    shown = sorted({str(p.public_id) for pair in pairs for p in (pair.first, pair.second)})
    record(
        kind=AuditKind.LIST,
        action="participant.duplicate_pairs",
        actor=request.user,
        after={"program": str(program.public_id), "shown": shown},
    )
    programs = Program.objects.filter(pk__in=scope_of(request.user).program_ids).order_by("name")
    context = {"program": program, "programs": programs, "pairs": pairs}
    return render(request, "participants/duplicate_pairs.html", context)
