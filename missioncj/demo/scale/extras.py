"""The people the benchmarks look for: one heavy participant, and seeded duplicate records.

A duplicate is the same person registered again (usually referred later, to the same or another
program of the state) under a name or date of birth that differs the way intake records do: a
typing slip, a nickname (Bill for William, Pepe for José), first and last name swapped, or day
and month of the date of birth transposed. Each is recorded in the manifest with its original.
"""

from __future__ import annotations

import datetime as dt
import random

from missioncj.demo.scale import vocab
from missioncj.demo.scale.plan import (
    DAY,
    EpisodePlan,
    PersonPlan,
    ProgramPlan,
    make_person,
    run_episode,
)
from missioncj.participants.models import EpisodeStatus

KINDS = ("typo", "nickname", "swapped", "transposed_dob")
KEYBOARD = {
    "a": "sq",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "q": "w",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "x": "zc",
    "y": "tu",
    "z": "x",
}


def typo(rng: random.Random, word: str) -> str:
    """One slip of the fingers, or a known spelling variant: never the same word back."""
    for one, other in vocab.SPELLINGS:
        if word in (one, other):
            return other if word == one else one
    if len(word) < 3:
        return word + word[-1]
    for _ in range(20):
        at = rng.randrange(1, len(word))
        kind = rng.choice(["drop", "double", "swap", "key"])
        if kind == "drop":
            out = word[:at] + word[at + 1 :]
        elif kind == "double":
            out = word[:at] + word[at] + word[at:]
        elif kind == "swap" and at < len(word) - 1:
            out = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        else:
            near = KEYBOARD.get(word[at].lower(), "")
            out = word[:at] + rng.choice(near) + word[at + 1 :] if near else word
        if out != word:
            return out
    return word + "e"


def _fits(kind: str, person: PersonPlan) -> bool:
    if person.heavy:
        return False
    if kind == "nickname":
        return person.first in vocab.NICKNAMES
    if kind == "transposed_dob":
        return person.born.day <= 12 and person.born.day != person.born.month
    return True


def duplicate_of(
    rng: random.Random, original: PersonPlan, kind: str, program: ProgramPlan, today: dt.date
) -> PersonPlan | None:
    """A second record of `original` in `program`, referred after the first record."""
    first, last, born = original.first, original.last, original.born
    if kind == "typo":
        if rng.random() < 0.6:
            last = typo(rng, last)
        else:
            first = typo(rng, first)
    elif kind == "nickname":
        first = rng.choice(vocab.NICKNAMES[first])
    elif kind == "swapped":
        first, last = last, first
    else:
        born = born.replace(month=born.day, day=born.month)
    earliest = max(original.episodes[0].referral + dt.timedelta(days=30), program.opened)
    latest = today - dt.timedelta(days=3)
    if earliest >= latest:
        return None
    referral = earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))
    copy = make_person(rng, program, 0, today)
    copy.sex, copy.race, copy.hispanic = original.sex, original.race, original.hispanic
    copy.veteran, copy.language = original.veteran, original.language
    copy.first, copy.last, copy.born, copy.middle = first, last, born, ""
    copy.preferred = ""
    copy.sid = original.sid if rng.random() < 0.5 else copy.sid  # the state id, when captured
    copy.duplicate_of, copy.duplicate_kind = original, kind
    copy.episodes = [run_episode(rng, copy, referral, today)]
    return copy


def add_duplicates(
    rng: random.Random, programs: list[ProgramPlan], share: float, today: dt.date
) -> int:
    """About `share` of the people get a second record; the four kinds in equal numbers."""
    everyone = [p for program in programs for p in program.people]
    wanted = round(len(everyone) * share)
    taken: set[int] = set()  # one duplicate per person
    made = attempts = 0
    while made < wanted and attempts < wanted * 20:
        attempts += 1
        kind = KINDS[made % len(KINDS)]
        original = rng.choice(everyone)
        if original.index in taken or not _fits(kind, original):
            continue
        same_state = [p for p in programs if p.state == original.program.state]
        program = original.program if rng.random() < 0.4 else rng.choice(same_state)
        copy = duplicate_of(rng, original, kind, program, today)
        if copy is None:
            continue
        program.people.append(copy)
        taken.add(original.index)
        made += 1
    return made


def heavy_person(
    rng: random.Random, program: ProgramPlan, years: float, today: dt.date
) -> PersonPlan:
    """Enrolled for years and still in the program: demoted again and again, seen almost every
    day, tested several times a week and in court every week."""
    person = make_person(rng, program, 0, today)
    person.heavy, person.risk, person.engagement = True, 0.8, 1.0
    referral = today - dt.timedelta(days=int(years * 365))
    episode = EpisodePlan(referral=referral, source="Judge")
    episode.screening = referral + DAY
    episode.enrolled = referral + dt.timedelta(days=4)
    episode.status = EpisodeStatus.ENROLLED
    person.episodes = [episode]
    return person
