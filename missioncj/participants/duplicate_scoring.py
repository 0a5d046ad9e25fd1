"""How alike a searched-for person and a stored participant are: a score from 0 to 100 and the
reasons a person can check ("same date of birth", "first name is a nickname (Bill / William)").

Names count most: first name 40 %, last name 60 % (last names tell people apart better). Each
is compared folded (case, accents, apostrophes) by exact match, the nickname table,
Jaro-Winkler and Soundex; the two names are also tried the other way round. Jaro-Winkler gives
about 0.5 for unrelated names, so only the part above 0.6 counts. The date of birth then scales
the name score: the same date keeps it whole, a different one halves it; no date searched for
keeps 80 %. A shared identifier (docket, booking, SID …) lifts the score most of the way to 100.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from missioncj.participants import nicknames
from missioncj.participants.names import fold, soundex

FIRST_WEIGHT = 0.4
LAST_WEIGHT = 0.6
SWAP_PENALTY = 0.97
NO_DOB_FACTOR = 0.8
IDENTIFIER_LIFT = 0.6


@dataclass(frozen=True)
class Probe:
    """The person searched for, folded once."""

    first_name: str
    last_name: str
    date_of_birth: dt.date | None = None
    identifiers: tuple[str, ...] = ()

    @cached_property
    def first(self) -> str:
        return fold(self.first_name)

    @cached_property
    def last(self) -> str:
        return fold(self.last_name)

    @cached_property
    def identifier_keys(self) -> frozenset[str]:
        return frozenset(k for k in (identifier_key(v) for v in self.identifiers) if k)

    @cached_property
    def identifier_values(self) -> list[str]:
        """Values to look up as stored: as typed, upper and lower case."""
        values = [v.strip() for v in self.identifiers if v.strip()]
        return list(dict.fromkeys(x for v in values for x in (v, v.upper(), v.lower())))


@dataclass
class Part:
    similarity: float
    reasons: list[str] = field(default_factory=list)


def identifier_key(value: str) -> str:
    """Identifiers compared without case, spaces or punctuation: "24-CR-0012" = "24cr0012"."""
    return "".join(c for c in value.upper() if c.isalnum())


def _evidence(jaro_winkler: float) -> float:
    return max(0.0, (jaro_winkler - 0.6) / 0.4)


def _shown(text: str) -> str:
    return text.strip().title() if text.islower() else text.strip()


def first_name_part(searched: str, searched_raw: str, stored: str, stored_raw: str) -> Part:
    if not searched or not stored:
        return Part(0.0)
    if searched == stored:
        return Part(1.0)
    pair = f"({_shown(searched_raw)} / {_shown(stored_raw)})"
    if nicknames.same_person_names(searched, stored):
        # Two long names are forms in two languages (Guillermo / William), else a nickname.
        other_form = min(len(searched), len(stored)) >= 6
        words = "first names are forms of one name" if other_form else "first name is a nickname"
        return Part(0.92, [f"{words} {pair}"])
    if min(len(searched), len(stored)) == 1 and searched[0] == stored[0]:
        return Part(0.6, [f"first initial matches {pair}"])
    similarity = _evidence(JaroWinkler.similarity(searched, stored))
    if soundex(searched) == soundex(stored) and similarity > 0:
        return Part(max(similarity, 0.8), [f"first name sounds alike {pair}"])
    if similarity >= 0.7:
        return Part(similarity, [f"first name spelled alike {pair}"])
    return Part(similarity)


def last_name_part(searched: str, searched_raw: str, stored: str, stored_raw: str) -> Part:
    if not searched or not stored:
        return Part(0.0)
    if searched == stored:
        return Part(1.0)
    pair = f"({_shown(searched_raw)} / {_shown(stored_raw)})"
    similarity = _evidence(JaroWinkler.similarity(searched, stored))
    if soundex(searched) == soundex(stored) and similarity > 0:
        return Part(max(similarity, 0.85), [f"last name sounds alike {pair}"])
    shared = set(searched.split()) & set(stored.split())
    if any(len(word) >= 3 for word in shared):  # compound or hyphenated: García López / García
        return Part(max(similarity, 0.85), [f"shares a last name {pair}"])
    if similarity >= 0.7:
        return Part(similarity, [f"last name spelled alike {pair}"])
    return Part(similarity)


def _first_names(person: object) -> list[str]:
    names = [getattr(person, "first_name", ""), getattr(person, "preferred_name", "")]
    return [n for n in names if n]


def name_part(probe: Probe, person: object) -> Part:
    """The better of the names as given and the names swapped; any of the stored first and
    preferred names may be the one searched for."""
    last_raw = getattr(person, "last_name", "")

    def straight(first_raw: str) -> Part:
        first = first_name_part(probe.first, probe.first_name, fold(first_raw), first_raw)
        last = last_name_part(probe.last, probe.last_name, fold(last_raw), last_raw)
        score = FIRST_WEIGHT * first.similarity + LAST_WEIGHT * last.similarity
        return Part(score, first.reasons + last.reasons)

    best = max((straight(n) for n in _first_names(person)), key=lambda p: p.similarity)
    if best.similarity == 1.0 and not best.reasons:
        best.reasons = ["same name"]
    stored_first = getattr(person, "first_name", "")
    swapped_score = (
        FIRST_WEIGHT * _plain(probe.first, fold(last_raw))
        + LAST_WEIGHT * _plain(probe.last, fold(stored_first))
    ) * SWAP_PENALTY
    if swapped_score > best.similarity + 0.05:
        names = f"({_shown(probe.first_name)} {_shown(probe.last_name)} / "
        names += f"{_shown(stored_first)} {_shown(last_raw)})"
        best = Part(swapped_score, [f"first and last names swapped {names}"])
    whole = fuzz.token_sort_ratio(f"{probe.first} {probe.last}", fold(f"{stored_first} {last_raw}"))
    best.similarity = max(best.similarity, _evidence(whole / 100) * 0.9)
    return best


def _plain(a: str, b: str) -> float:
    return 1.0 if a == b else _evidence(JaroWinkler.similarity(a, b))


def _digits(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def birth_part(searched: dt.date, stored: dt.date) -> Part:
    if searched == stored:
        return Part(1.0, ["same date of birth"])
    pair = f"({searched.isoformat()} / {stored.isoformat()})"
    if (searched.year, searched.month, searched.day) == (stored.year, stored.day, stored.month):
        return Part(0.85, [f"day and month of birth swapped {pair}"])
    differing = sum(a != b for a, b in zip(_digits(searched), _digits(stored), strict=True))
    if differing == 1:
        return Part(0.7, [f"date of birth one digit off {pair}"])
    same_birthday = (searched.month, searched.day) == (stored.month, stored.day)
    if same_birthday and abs(searched.year - stored.year) == 1:
        return Part(0.6, [f"same birthday, year one off {pair}"])
    return Part(0.0)


def score(probe: Probe, person: object, identifiers: Iterable[tuple[str, str]]) -> Part:
    """Score 0 to 100 (as `similarity`) and reasons for one stored person. `identifiers` are the
    person's (kind label, value) pairs."""
    names = name_part(probe, person)
    reasons: list[str] = []
    value = names.similarity
    stored_dob = getattr(person, "date_of_birth", None)
    if probe.date_of_birth is not None and stored_dob is not None:
        born = birth_part(probe.date_of_birth, stored_dob)
        reasons += born.reasons
        first_alike = first_name_part(
            probe.first, probe.first_name, fold(getattr(person, "first_name", "")), ""
        ).similarity
        if born.similarity == 1.0 and first_alike >= 0.9:
            # Same first name and birth date, other last name: often a marriage or a
            # second surname dropped.
            value = max(value, 0.5)
        value *= 0.5 + 0.5 * born.similarity
    else:
        value *= NO_DOB_FACTOR
    shared = sorted(
        {label for label, number in identifiers if identifier_key(number) in probe.identifier_keys}
    )
    if shared:
        value += (1 - value) * IDENTIFIER_LIFT
        reasons = [f"same {label[0].lower()}{label[1:]}" for label in shared] + reasons
    return Part(round(100 * min(1.0, value)), reasons + names.reasons)
