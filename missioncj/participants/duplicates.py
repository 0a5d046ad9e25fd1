"""Is this person already on file? Candidates for a name, date of birth and identifiers, best
first, each with a score (0 to 100) and the reasons in words, only among the people the user may
see. How candidates are found and scored: docs/duplicates.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.participants.duplicate_scoring import Probe, score
from missioncj.participants.duplicate_sources import gather
from missioncj.participants.models import Participant

# Below this a candidate is not worth a person's attention: an unrelated name with a different
# birth date scores under 30; the same name with another birth date scores 50.
MIN_SCORE = 45
MAX_LIMIT = 50
MAX_IDENTIFIERS = 10


@dataclass
class Candidate:
    participant: Participant
    score: int
    reasons: list[str] = field(default_factory=list)


def _name(value: str, field_name: str, label: str, errors: dict[str, str]) -> str:
    text = (value or "").strip()
    if not text:
        errors[field_name] = f"Enter the {label} to look for."
    elif len(text) > 100:
        errors[field_name] = f"The {label} is longer than 100 characters."
    elif not any(c.isalpha() for c in text):
        errors[field_name] = f"The {label} needs at least one letter."
    return text


def check_birth_date(value: dt.date | None) -> str:
    """The refusal for a date of birth no one on file can have ("" when it is possible)."""
    if value is None:
        return ""
    today = timezone.now().date()
    if value > today:
        return "Date of birth cannot be in the future."
    if value.year < today.year - 110:
        return "Date of birth is more than 110 years ago."
    return ""


def make_probe(
    *,
    first_name: str,
    last_name: str,
    date_of_birth: dt.date | None = None,
    identifiers: Iterable[str] = (),
) -> Probe:
    """The searched-for person, or one ValidationError naming every field that is wrong."""
    errors: dict[str, str] = {}
    first = _name(first_name, "first_name", "first name", errors)
    last = _name(last_name, "last_name", "last name", errors)
    if date_of_birth is not None and not isinstance(date_of_birth, dt.date):
        errors["date_of_birth"] = "Give the date of birth as a date (YYYY-MM-DD)."
    elif problem := check_birth_date(date_of_birth):
        errors["date_of_birth"] = problem
    values = tuple(v.strip() for v in identifiers if v and v.strip())
    if len(values) > MAX_IDENTIFIERS:
        errors["identifiers"] = f"Give at most {MAX_IDENTIFIERS} identifiers."
    elif any(len(v) > 64 for v in values):
        errors["identifiers"] = "An identifier is longer than 64 characters."
    if errors:
        raise ValidationError(errors)
    return Probe(first, last, date_of_birth, values)


def rank(user: Any, probe: Probe, limit: int) -> list[Candidate]:
    """Score everyone the sources find and keep the best `limit` above MIN_SCORE."""
    candidates = []
    for person in gather(user, probe):
        labelled = [(i.get_kind_display(), i.value) for i in person.matched_identifiers]  # type: ignore[attr-defined]
        match = score(probe, person, labelled)
        if match.similarity >= MIN_SCORE:
            candidates.append(Candidate(person, int(match.similarity), match.reasons))
    candidates.sort(key=lambda c: (-c.score, c.participant.last_name, c.participant.pk))
    return candidates[:limit]


def find_candidates(
    user: Any,
    *,
    first_name: str,
    last_name: str,
    date_of_birth: dt.date | None = None,
    identifiers: Iterable[str] = (),
    limit: int = 10,
) -> list[Candidate]:
    """People in the user's scope who may be this person, best first. Showing them is a read
    of their records, so the search is recorded (like a participant search) with who was
    shown. Bad input raises ValidationError keyed by field and reads nothing."""
    probe = make_probe(
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        identifiers=identifiers,
    )
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError({"limit": f"Ask for between 1 and {MAX_LIMIT} candidates."})
    candidates = rank(user, probe, limit)
    searched: dict[str, Any] = {"query": f"{probe.first_name} {probe.last_name}"[:100]}
    if probe.date_of_birth is not None:
        searched["date_of_birth"] = probe.date_of_birth.isoformat()
    if probe.identifiers:
        searched["identifiers"] = len(probe.identifiers)
    record(
        kind=AuditKind.SEARCH,
        action="participant.duplicates",
        actor=user,
        after={**searched, "shown": [str(c.participant.public_id) for c in candidates]},
    )
    return candidates
