"""The de-identified research extract of a program: a zip of CSV files, one per table, with no
name, no identifier, no free text and every date moved.

- **Study ids** are drawn at random for each extract (letters only, never derived from any
  identifier); the mapping is kept in memory while the file is written and then dropped, so
  two extracts of the same program cannot be linked by id and nobody can look one up.
- **Dates**: each person gets one random offset per extract (±1…180 days, never 0) and every
  date of theirs is moved by it, so intervals within a person are exact.
- **Age** is a band at enrollment (referral, if never enrolled); 90 and over is one band.
- **Geography**: the state of the current address only.
- **Free text** (notes, reasons, details, behaviours, place names) is never read.

Every row comes from `outcomes.access.program_episodes` (the aggregate read: all episodes of the
program, restricted records included, named nowhere)."""

from __future__ import annotations

import datetime as dt
import random
import secrets
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from missioncj.assessments.models import Administration, AdministrationStatus
from missioncj.care.models import COMPONENT_CODES, Attendance, Contact
from missioncj.core.exports import Table, columns
from missioncj.core.routers import reads_replica
from missioncj.court.models import CourtResponse, DrugTest, PhaseMove
from missioncj.interop.tables import write_csv
from missioncj.linkage.models import Referral
from missioncj.outcomes.models import OutcomeEvent
from missioncj.participants.models import Episode, Participant
from missioncj.programs.models import Program

MAX_SHIFT_DAYS = 180
ID_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
AGE_BANDS: tuple[tuple[int, str], ...] = (
    (18, "under 18"),
    (25, "18-24"),
    (35, "25-34"),
    (45, "35-44"),
    (55, "45-54"),
    (65, "55-64"),
    (75, "65-74"),
    (90, "75-89"),
)
TOP_BAND = "90 or over"


STATES = {
    "AL": "alabama", "AK": "alaska", "AZ": "arizona", "AR": "arkansas", "CA": "california",
    "CO": "colorado", "CT": "connecticut", "DE": "delaware", "DC": "district of columbia",
    "FL": "florida", "GA": "georgia", "HI": "hawaii", "ID": "idaho", "IL": "illinois",
    "IN": "indiana", "IA": "iowa", "KS": "kansas", "KY": "kentucky", "LA": "louisiana",
    "ME": "maine", "MD": "maryland", "MA": "massachusetts", "MI": "michigan", "MN": "minnesota",
    "MS": "mississippi", "MO": "missouri", "MT": "montana", "NE": "nebraska", "NV": "nevada",
    "NH": "new hampshire", "NJ": "new jersey", "NM": "new mexico", "NY": "new york",
    "NC": "north carolina", "ND": "north dakota", "OH": "ohio", "OK": "oklahoma",
    "OR": "oregon", "PA": "pennsylvania", "RI": "rhode island", "SC": "south carolina",
    "SD": "south dakota", "TN": "tennessee", "TX": "texas", "UT": "utah", "VT": "vermont",
    "VA": "virginia", "WA": "washington", "WV": "west virginia", "WI": "wisconsin",
    "WY": "wyoming", "PR": "puerto rico", "GU": "guam", "VI": "virgin islands",
    "AS": "american samoa", "MP": "northern mariana islands",
}  # fmt: skip
BY_NAME = {name: code for code, name in STATES.items()}


def state_code(text: str) -> str:
    """The USPS code of a state typed as its code or its name; anything else is dropped, so a
    city or street typed in the state field never leaves."""
    cleaned = " ".join(text.replace(".", "").split()).lower()
    if cleaned.upper() in STATES:
        return cleaned.upper()
    return BY_NAME.get(cleaned, "")


def age_band(born: dt.date, on: dt.date) -> str:
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for below, label in AGE_BANDS:
        if age < below:
            return label
    return TOP_BAND


@dataclass
class Pseudonyms:
    """Per-extract study ids and date offsets, by participant and episode key. Never stored."""

    rng: random.Random
    zone: Any  # the program's time zone: a contact's day is its local day
    people: dict[int, tuple[str, int]] = field(default_factory=dict)
    episodes: dict[int, str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def _token(self, prefix: str) -> str:
        while True:
            token = prefix + "".join(self.rng.choice(ID_LETTERS) for _ in range(8))
            if token not in self.used:
                self.used.add(token)
                return token

    def person(self, participant_id: int) -> tuple[str, int]:
        if participant_id not in self.people:
            offset = self.rng.randint(1, MAX_SHIFT_DAYS) * self.rng.choice((-1, 1))
            self.people[participant_id] = (self._token("P"), offset)
        return self.people[participant_id]

    def study_id(self, participant_id: int) -> str:
        return self.person(participant_id)[0]

    def episode(self, episode_id: int) -> str:
        if episode_id not in self.episodes:
            self.episodes[episode_id] = self._token("E")
        return self.episodes[episode_id]

    def shift(self, participant_id: int, day: dt.date | dt.datetime | None) -> dt.date | None:
        if day is None:
            return None
        if isinstance(day, dt.datetime):
            day = timezone.localdate(day, self.zone)
        return day + dt.timedelta(days=self.person(participant_id)[1])


@dataclass
class Extract:
    program: Program
    episodes: QuerySet[Episode]
    ids: Pseudonyms

    def keys(self, participant_id: int, episode_id: int) -> dict[str, Any]:
        return {
            "study_id": self.ids.study_id(participant_id),
            "episode": self.ids.episode(episode_id),
        }


def _participants(x: Extract) -> Iterator[dict[str, Any]]:
    first: dict[int, Episode] = {}
    for episode in x.episodes.order_by("referral_date", "pk"):
        first.setdefault(episode.participant_id, episode)
    people = Participant.objects.filter(pk__in=list(first)).prefetch_related("addresses")
    rows = []
    for person in people.order_by("pk"):
        episode = first[person.pk]
        current = [a for a in person.addresses.all() if a.is_current]
        rows.append(
            {
                "study_id": x.ids.study_id(person.pk),
                "age_band": age_band(
                    person.date_of_birth, episode.enrolled_date or episode.referral_date
                ),
                "sex": person.sex,
                "race": person.race,
                "ethnicity": person.ethnicity,
                "veteran_status": person.veteran_status,
                "court_type": x.program.court_type,
                "state": state_code(current[0].state) if current else "",
            }
        )
    # In study-id order: random, so the order of the file says nothing about who came first.
    yield from sorted(rows, key=lambda r: r["study_id"])


def _episodes(x: Extract) -> Iterator[dict[str, Any]]:
    rows = []
    for e in x.episodes.order_by("pk"):
        p = e.participant_id
        rows.append(
            {
                **x.keys(p, e.pk),
                "status": e.status,
                "referral_date": x.ids.shift(p, e.referral_date),
                "screening_date": x.ids.shift(p, e.screening_date),
                "enrolled_date": x.ids.shift(p, e.enrolled_date),
                "closed_date": x.ids.shift(p, e.closed_date),
                "discharge_reason": e.discharge_reason,
            }
        )
    yield from sorted(rows, key=lambda r: (r["study_id"], r["episode"]))


def _components(bits: int) -> str:
    return " ".join(code for flag, code in COMPONENT_CODES.items() if bits & int(flag))


def _contacts(x: Extract) -> Iterator[dict[str, Any]]:
    rows = Contact.objects.filter(episode__in=x.episodes, signed_at__isnull=False)
    for c in rows.only(
        "participant_id",
        "episode_id",
        "occurred_at",
        "duration_minutes",
        "modality",
        "location",
        "with_whom",
        "components",
    ).iterator():
        yield {
            **x.keys(c.participant_id, c.episode_id),
            "date": x.ids.shift(c.participant_id, c.occurred_at),
            "minutes": c.duration_minutes,
            "modality": c.modality,
            "location": c.location,
            "with_whom": c.with_whom,
            "components": _components(c.components),
        }


def _attendance(x: Extract) -> Iterator[dict[str, Any]]:
    rows = Attendance.objects.filter(episode__in=x.episodes).select_related(
        "group_session__curriculum"
    )
    for a in rows.iterator():
        session = a.group_session
        yield {
            **x.keys(a.participant_id, a.episode_id),
            "date": x.ids.shift(a.participant_id, session.occurred_at),
            "curriculum": session.curriculum.kind,
            "session_number": session.session_number,
            "minutes": session.duration_minutes,
            "individual_makeup": session.is_individual_makeup,
            "status": a.status,
        }


def _numbers(scores: Any) -> str:
    """Subscale scores as `code=value` pairs; only numbers are kept."""
    if not isinstance(scores, dict):
        return ""
    pairs = sorted(
        (str(k), v)
        for k, v in scores.items()
        if isinstance(v, int | float) and str(k).isidentifier()
    )
    return " ".join(f"{k}={v}" for k, v in pairs)


def _assessments(x: Extract) -> Iterator[dict[str, Any]]:
    rows = (
        Administration.objects.filter(episode__in=x.episodes, status=AdministrationStatus.COMPLETED)
        .exclude(corrections__status=AdministrationStatus.COMPLETED)
        .select_related("instrument_version__instrument")
    )
    for a in rows.iterator():
        yield {
            **x.keys(a.participant_id, a.episode_id),
            "instrument": a.instrument_version.instrument.code,
            "version": a.instrument_version.number,
            "date": x.ids.shift(a.participant_id, a.administered_on),
            "total": a.total,
            "subscales": _numbers(a.scores),
            "band": a.band,
        }


def _drug_tests(x: Extract) -> Iterator[dict[str, Any]]:
    rows = DrugTest.objects.filter(episode__in=x.episodes).prefetch_related("results")
    for t in rows.order_by("pk"):
        yield {
            **x.keys(t.participant_id, t.episode_id),
            "date": x.ids.shift(t.participant_id, t.local_date),
            "reason": t.reason,
            "specimen": t.specimen,
            "observed": t.observed,
            "status": t.status,
            "validity": t.validity,
            "outcome": t.outcome,
            "analytes": " ".join(f"{r.analyte}={r.result}" for r in t.results.all()),
        }


def _responses(x: Extract) -> Iterator[dict[str, Any]]:
    for r in CourtResponse.objects.filter(episode__in=x.episodes).iterator():
        yield {
            **x.keys(r.participant_id, r.episode_id),
            "kind": r.kind,
            "magnitude": r.magnitude,
            "jail_days": r.jail_days,
            "decided_date": x.ids.shift(r.participant_id, r.decided_on),
            "delivered_date": x.ids.shift(r.participant_id, r.delivered_on),
        }


def _phase_moves(x: Extract) -> Iterator[dict[str, Any]]:
    for m in PhaseMove.objects.filter(episode__in=x.episodes).select_related("phase").iterator():
        yield {
            **x.keys(m.participant_id, m.episode_id),
            "phase": m.phase.number,
            "kind": m.kind,
            "date": x.ids.shift(m.participant_id, m.on),
        }


def _outcomes(x: Extract) -> Iterator[dict[str, Any]]:
    rows = OutcomeEvent.objects.filter(episode__in=x.episodes, voided_at__isnull=True)
    for o in rows.iterator():
        yield {
            **x.keys(o.participant_id, o.episode_id),
            "kind": o.kind,
            "date": x.ids.shift(o.participant_id, o.occurred_on),
            "end_date": x.ids.shift(o.participant_id, o.ended_on),
            "nights": o.nights,
            "source": o.source,
        }


def _referrals(x: Extract) -> Iterator[dict[str, Any]]:
    for r in Referral.objects.filter(episode__in=x.episodes).iterator():
        p = r.participant_id
        yield {
            **x.keys(p, r.episode_id),
            "need": r.need,
            "urgency": r.urgency,
            "warm_handoff": r.warm_handoff,
            "status": r.status,
            "referred_date": x.ids.shift(p, r.referred_on),
            "status_date": x.ids.shift(p, r.status_on),
            "first_attended_date": x.ids.shift(p, r.first_attended_on),
        }


TABLES: list[tuple[str, Any, str]] = [
    ("participants", _participants, "age_band sex race ethnicity veteran_status court_type state"),
    (
        "episodes",
        _episodes,
        "episode status referral_date screening_date enrolled_date closed_date discharge_reason",
    ),
    ("contacts", _contacts, "episode date minutes modality location with_whom components"),
    (
        "group_attendance",
        _attendance,
        "episode date curriculum session_number minutes individual_makeup status",
    ),
    ("assessments", _assessments, "episode instrument version date total subscales band"),
    (
        "drug_tests",
        _drug_tests,
        "episode date reason specimen observed status validity outcome analytes",
    ),
    (
        "court_responses",
        _responses,
        "episode kind magnitude jail_days decided_date delivered_date",
    ),
    ("phase_moves", _phase_moves, "episode phase kind date"),
    ("outcome_events", _outcomes, "episode kind date end_date nights source"),
    (
        "referrals",
        _referrals,
        "episode need urgency warm_handoff status referred_date status_date first_attended_date",
    ),
]


@reads_replica
def write_extract(
    program: Program, episodes: QuerySet[Episode], out: Any, *, rng: random.Random | None = None
) -> tuple[int, int]:
    """Write the zip to `out`; return (participants, rows). `rng` defaults to the system's
    cryptographic source."""
    extract = Extract(program, episodes, Pseudonyms(rng or secrets.SystemRandom(), program.zone))
    rows = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, build, keys in TABLES:
            table = Table(
                name, columns(*((k, k) for k in ["study_id", *keys.split()])), build(extract)
            )
            info = zipfile.ZipInfo(f"{name}.csv", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as member:
                rows += write_csv(table, member, bom=False)
    return len(extract.ids.people), rows
