"""The simulated history before any row is written: programs, people and their episodes.

Pure arithmetic from a seeded `random.Random`: the same seed and anchor date give the same plan.
Program sizes are long-tailed (a Zipf law: a few big urban courts, many small rural ones),
referrals grow over each program's life, time in the program follows how people leave
(graduation near the planned length, termination early and exponentially, withdrawal and
transfer in between), and a share of people come back for a second episode.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from missioncj.demo.scale import vocab
from missioncj.demo.scale.spec import ScaleSpec
from missioncj.participants.models import DischargeReason, EpisodeStatus, Race

DAY = dt.timedelta(days=1)
OPEN = (EpisodeStatus.REFERRED, EpisodeStatus.SCREENING, EpisodeStatus.ENROLLED)
# (court type, intercept, planned months, weight): the mix of programs in a state.
COURT_TYPES = [
    ("adult_drug", 3, 18, 45),
    ("mental_health", 2, 15, 15),
    ("veterans", 3, 18, 12),
    ("family_drug", 3, 15, 8),
    ("reentry", 4, 12, 20),
]
COURT_LABELS = {
    "adult_drug": "Adult Drug Court",
    "mental_health": "Mental Health Court",
    "veterans": "Veterans Treatment Court",
    "family_drug": "Family Treatment Court",
    "reentry": "Jail Re-entry",
}
LEAVING = [  # (reason, weight)
    (DischargeReason.GRADUATED, 55),
    (DischargeReason.TERMINATED, 25),
    (DischargeReason.WITHDREW, 10),
    (DischargeReason.TRANSFERRED, 6),
    (DischargeReason.OTHER, 3),
    (DischargeReason.DECEASED, 1),
]
RACES = [
    (Race.WHITE, 55),
    (Race.BLACK, 28),
    (Race.AMERICAN_INDIAN, 3),
    (Race.ASIAN, 2),
    (Race.PACIFIC_ISLANDER, 1),
    (Race.OTHER, 6),
    (Race.UNKNOWN, 5),
]


@dataclass(eq=False)
class EpisodePlan:
    referral: dt.date
    source: str
    screening: dt.date | None = None
    enrolled: dt.date | None = None
    closed: dt.date | None = None
    status: str = EpisodeStatus.REFERRED
    reason: str = ""
    note: str = ""
    team: int = 0
    moves: list[Any] = field(default_factory=list)  # court phase moves (timeline.Move)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def last_day(self, today: dt.date) -> dt.date:
        """The last day anything happens in this episode (yesterday while it is open)."""
        return self.closed if self.closed else today - DAY


@dataclass(eq=False)
class PersonPlan:
    index: int
    program: ProgramPlan
    sex: str
    first: str
    middle: str
    last: str
    born: dt.date
    race: str
    hispanic: bool
    veteran: bool
    language: str
    engagement: float  # contact intensity, lognormal around 1: a long tail of intense cases
    risk: float  # 0 … 1: positives, failures to appear, sanctions
    episodes: list[EpisodePlan] = field(default_factory=list)
    preferred: str = ""
    sid: str = ""
    heavy: bool = False
    duplicate_of: PersonPlan | None = None
    duplicate_kind: str = ""


@dataclass(eq=False)
class ProgramPlan:
    index: int
    state: tuple[str, str, str, tuple[str, ...]]
    county: str
    court_type: str
    intercept: int
    length_months: int
    opened: dt.date
    size: int
    people: list[PersonPlan] = field(default_factory=list)
    teams: int = 1
    calendar_since: dt.date | None = None  # the court calendar (hearings, phases' hearings)
    testing_since: dt.date | None = None
    assessments_since: dt.date | None = None
    gpra: bool = False
    jitter: float = 1.0  # how much earlier or later than others it adopted the court modules
    status_weekday: int = 3
    status_time: dt.time = dt.time(9, 0)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.state[2])

    @property
    def name(self) -> str:
        return f"{self.county} County {COURT_LABELS[self.court_type]} · MISSION-CJ"

    @property
    def has_calendar(self) -> bool:
        return self.court_type != "reentry"


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def program_plans(spec: ScaleSpec, rng: random.Random, today: dt.date) -> list[ProgramPlan]:
    """Programs with Zipf-distributed sizes; program 0 is the largest adult drug court."""
    weights = [1 / (i + 3) ** 0.85 for i in range(spec.programs)]
    scale = spec.participants / sum(weights)
    sizes = [max(8, round(w * scale)) for w in weights]
    sizes[0] += spec.participants - sum(sizes)
    states = vocab.STATES[: spec.states]
    kinds = [(k, i, m) for k, i, m, w in COURT_TYPES for _ in range(w)]
    used: set[tuple[int, str, str]] = set()
    plans = []
    for index, size in enumerate(sizes):
        kind, intercept, months = kinds[0] if index == 0 else rng.choice(kinds)
        state_index = index % len(states)
        county = rng.choice(vocab.COUNTIES)
        while (state_index, county, kind) in used:
            county = rng.choice(vocab.COUNTIES)
        used.add((state_index, county, kind))
        span = int(spec.years * 365)
        opened = today - dt.timedelta(days=span if index == 0 else rng.randint(span // 3, span))
        plans.append(
            ProgramPlan(
                index=index,
                state=states[state_index],
                county=county,
                court_type=kind,
                intercept=intercept,
                length_months=months,
                opened=opened,
                size=size,
                gpra=rng.random() < 0.35,
                jitter=1.0 if index == 0 else rng.uniform(0.5, 1.5),
                status_weekday=rng.choice([0, 1, 2, 3, 4]),
                status_time=rng.choice([dt.time(9), dt.time(9, 30), dt.time(13, 30)]),
            )
        )
    return plans


def make_person(rng: random.Random, program: ProgramPlan, index: int, today: dt.date) -> PersonPlan:
    sex = "male" if rng.random() < 0.72 else "female"
    names = vocab.MALE_FIRST if sex == "male" else vocab.FEMALE_FIRST
    first = names.draw(rng)
    middle = names.draw(rng) if rng.random() < 0.35 else ""
    age = min(75, max(18, int(rng.lognormvariate(3.5, 0.28))))
    born = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
    person = PersonPlan(
        index=index,
        program=program,
        sex=sex,
        first=first,
        middle=middle,
        last=vocab.LAST_NAMES.draw(rng),
        born=born,
        race=_weighted(rng, RACES),
        hispanic=rng.random() < 0.18,
        veteran=program.court_type == "veterans" or rng.random() < 0.06,
        language="Spanish" if rng.random() < 0.07 else "English",
        engagement=min(6.0, rng.lognormvariate(0, 0.55)),
        risk=rng.betavariate(2, 5),
        sid=f"{program.state[1]}{rng.randint(10_000_000, 99_999_999)}",
    )
    nick = vocab.NICKNAMES.get(first)
    if nick and rng.random() < 0.3:
        person.preferred = rng.choice(nick)
    return person


def referral_day(rng: random.Random, program: ProgramPlan, today: dt.date) -> dt.date:
    """Referrals grow over a program's life: 30% even, 70% on a rising ramp."""
    span = (today - program.opened).days - 2
    share = rng.random() if rng.random() < 0.3 else rng.random() ** 0.5
    return program.opened + dt.timedelta(days=int(share * span))


def run_episode(
    rng: random.Random, person: PersonPlan, referral: dt.date, today: dt.date
) -> EpisodePlan:
    """Referral, screening, the enrolment decision and (maybe) discharge, as they happen."""
    last = today - DAY
    episode = EpisodePlan(referral=referral, source=rng.choice(vocab.REFERRAL_SOURCES))
    screening = referral + dt.timedelta(days=rng.randint(1, 6))
    if screening > last:
        return episode
    episode.screening, episode.status = screening, EpisodeStatus.SCREENING
    decided = screening + dt.timedelta(days=rng.randint(2, 12))
    if decided > last:
        return episode
    if rng.random() < 0.12:
        episode.closed, episode.status = decided, EpisodeStatus.NOT_ENROLLED
        episode.note = rng.choice(["Did not meet criteria", "Declined the program", "Moved away"])
        return episode
    episode.enrolled, episode.status = decided, EpisodeStatus.ENROLLED
    planned = person.program.length_months * 30.4
    reason = _weighted(rng, LEAVING)
    if reason == DischargeReason.GRADUATED:
        days = planned * rng.uniform(0.95, 1.35)
    elif reason == DischargeReason.TERMINATED:
        days = 14 + rng.expovariate(1 / (planned * 0.3)) * (0.6 + person.risk)
    else:
        days = rng.uniform(15, planned)
    end = decided + dt.timedelta(days=int(days))
    if end <= last:
        episode.closed, episode.status, episode.reason = end, EpisodeStatus.DISCHARGED, reason
    return episode


def people_for(
    rng: random.Random, program: ProgramPlan, first_index: int, today: dt.date
) -> list[PersonPlan]:
    people = []
    for number in range(program.size):
        person = make_person(rng, program, first_index + number, today)
        episode = run_episode(rng, person, referral_day(rng, program, today), today)
        person.episodes.append(episode)
        # Some come back after being terminated or withdrawing: a second episode.
        if episode.reason in (DischargeReason.TERMINATED, DischargeReason.WITHDREW) and (
            rng.random() < 0.18
        ):
            assert episode.closed is not None
            again = episode.closed + dt.timedelta(days=rng.randint(60, 500))
            if again < today - dt.timedelta(days=3):
                person.episodes.append(run_episode(rng, person, again, today))
        people.append(person)
    return people


def finish(programs: list[ProgramPlan]) -> int:
    """Everyone in referral order within each program, numbered across the installation."""
    number = 0
    for program in programs:
        program.people.sort(key=lambda p: (p.episodes[0].referral, p.index))
        for person in program.people:
            person.index = number
            number += 1
    return number


def assign_teams(program: ProgramPlan, caseload: int, rng: random.Random) -> None:
    """Teams enough for `caseload` open episodes each; open episodes are dealt round-robin so
    every team's caseload comes out the same size, closed ones at random."""
    open_episodes = [e for p in program.people for e in p.episodes if e.is_open]
    program.teams = max(1, round(len(open_episodes) / caseload))
    for number, episode in enumerate(open_episodes):
        episode.team = number % program.teams
    for person in program.people:
        for episode in person.episodes:
            if not episode.is_open:
                episode.team = rng.randrange(program.teams)
