"""Fuzzy duplicate search (`participants.duplicates.find_candidates`): the time of one search
and, when the scale load seeded duplicates, recall@10: the share of seeded duplicates whose
original is among the ten candidates found for the duplicate's name, date of birth and
identifiers, searched by someone who may see the original.

Its hand-written SQL is the blocking query a person would write first (same date of birth, or a
surname starting with the same three letters, in scope): a floor for fetching candidates, not a
fuzzy ranking, so the ratio is shown without a target."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from missioncj.accounts.models import User
from missioncj.bench import facts as f
from missioncj.bench.ops import Context, Operation, Target, unavailable
from missioncj.bench.pages import preferred, scope_sql
from missioncj.bench.sql import fetch, ilike, t
from missioncj.participants.models import Episode, Participant

FUZZY = Target(p95_ms=50, recall=0.98)
LABEL = "Fuzzy duplicate search (top 10)"
TOP = 10


@dataclass(frozen=True)
class Probe:
    user: User
    first_name: str
    last_name: str
    date_of_birth: dt.date
    identifiers: tuple[str, ...]
    original: UUID | None  # the person who should be found (seeded duplicates)


def probe_for(person: Participant, user: User, original: UUID | None) -> Probe:
    return Probe(
        user=user,
        first_name=person.first_name,
        last_name=person.last_name,
        date_of_birth=person.date_of_birth,
        identifiers=tuple(person.identifiers.values_list("value", flat=True)),
        original=original,
    )


def typo(name: str) -> str:
    """The name with two letters in the middle swapped (a common keying slip)."""
    if len(name) < 4:
        return name + name[-1]
    i = len(name) // 2
    return name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :]


def probes(ctx: Context) -> list[Probe]:
    words = preferred(ctx, "director", "supervisor", "casemanager")
    if not ctx.facts.duplicates:
        person = Participant.objects.get(public_id=ctx.facts.normal_participant)
        user = f.viewer_for(person.public_id, words)
        found = probe_for(person, user, None)
        return [Probe(user, found.first_name, typo(found.last_name), found.date_of_birth, (), None)]
    people = Participant.objects.in_bulk(
        [d for _, d, _ in ctx.facts.duplicates], field_name="public_id"
    )
    viewers: dict[UUID | None, User] = {}
    out = []
    for original, duplicate, _kind in ctx.facts.duplicates:
        if duplicate not in people:
            continue
        person = people[duplicate]
        program = (
            Episode.objects.filter(participant__public_id=original)
            .values_list("program__public_id", flat=True)
            .first()
        )
        if program not in viewers:
            viewers[program] = f.viewer_for(original, words)
        out.append(probe_for(person, viewers[program], original))
    return out


def blocking_sql(probe: Probe) -> Any:
    scope, params = scope_sql(probe.user)
    visible = f"EXISTS (SELECT 1 FROM {t(Episode)} e WHERE e.participant_id = p.id AND {scope})"

    def run(_: int) -> int:
        return len(
            fetch(
                f"SELECT p.id, p.public_id, p.first_name, p.last_name, p.date_of_birth "
                f"FROM {t(Participant)} p WHERE (p.date_of_birth = %s "
                f"OR p.last_name {ilike()} %s) AND {visible}",
                [probe.date_of_birth, probe.last_name[:3] + "%", *params],
            )
        )

    return run


def duplicate_op(ctx: Context) -> Operation:
    try:
        from missioncj.participants.duplicates import find_candidates
    except ImportError:
        return unavailable(
            "duplicate_search", LABEL, FUZZY, "not available: no duplicate search here"
        )
    found = probes(ctx)
    if not found:
        return unavailable("duplicate_search", LABEL, FUZZY, "no seeded duplicate found")

    def search(probe: Probe) -> list[UUID]:
        candidates = find_candidates(
            probe.user,
            first_name=probe.first_name,
            last_name=probe.last_name,
            date_of_birth=probe.date_of_birth,
            identifiers=probe.identifiers,
            limit=TOP,
        )
        return [c.participant.public_id for c in candidates]

    def after() -> dict[str, Any]:
        seeded = [p for p in found if p.original is not None]
        if not seeded:
            return {"recall_at_10": None, "seeded_duplicates": 0}
        hits = sum(1 for p in seeded if p.original in search(p))
        return {
            "recall_at_10": round(hits / len(seeded), 4),
            "seeded_duplicates": len(seeded),
            "found": hits,
        }

    floor = [blocking_sql(p) for p in found]
    return Operation(
        name="duplicate_search",
        label=LABEL,
        target=FUZZY if ctx.facts.duplicates else Target(p95_ms=50),
        run=lambda i: search(found[i % len(found)]),
        hand_sql=lambda i: floor[i % len(floor)](i),
        note=(
            f"{len(found)} seeded duplicates, one per run"
            if ctx.facts.duplicates
            else "a surname with two letters swapped; no seeded duplicates at this scale"
        ),
        after=after,
    )
