"""A small cohort worked by hand for the court performance measures, made with the ORM (the
services of court and care belong to other areas and check today's date; these rows are dated
in 2025-2026 on purpose). Every figure the tests expect is derived in comments there.

Drug Court (world.drug, America/New_York); period 2025-01-01 to 2026-06-30, today 2026-11-02,
so the horizon is 2026-06-30.

    who  team   court   referred    enrolled    closed / reason
    A    north  A       2025-01-01  2025-01-11  2026-01-11 graduated
    B    north  A       2025-01-20  2025-02-19  2025-05-01 terminated
    C    south  B       2025-03-01  2025-04-15  (enrolled)
    D    south  A       2025-10-01  2025-10-06  (enrolled)
    E    north  B       2026-05-01  2026-05-21  (enrolled)
    F    north  A       2024-05-01  2024-06-01  2025-06-01 withdrew  (outside the cohort)
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from missioncj.care.models import (
    Attendance,
    Component,
    Contact,
    Curriculum,
    GroupSession,
    Location,
    Modality,
)
from missioncj.court.models import (
    Court,
    CourtCase,
    CourtPhase,
    CourtResponse,
    DocketEntry,
    DrugTest,
    Hearing,
    PhaseMove,
)
from missioncj.outcomes.models import OutcomeEvent
from missioncj.participants.models import Episode, Participant
from missioncj.programs.models import Program, Team

START, END, TODAY = dt.date(2025, 1, 1), dt.date(2026, 6, 30), dt.date(2026, 11, 2)
_docket = itertools.count(1)


@dataclass
class Cohort:
    program: Program
    user: Any
    courts: dict[str, Court]
    teams: dict[str, Team]
    episodes: dict[str, Episode] = field(default_factory=dict)
    phases: dict[tuple[str, int], CourtPhase] = field(default_factory=dict)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC) + dt.timedelta(hours=4)


def person(
    c: Cohort, name: str, team: str, court: str, referred: dt.date, enrolled: dt.date, **close: Any
) -> Episode:
    participant = Participant.objects.create(
        first_name="Cohort",
        last_name=name,
        date_of_birth=dt.date(1988, 3, 3),
        created_by=c.user,
    )
    episode = Episode.objects.create(
        participant=participant,
        program=c.program,
        team=c.teams[team],
        status="discharged" if close else "enrolled",
        referral_date=referred,
        enrolled_date=enrolled,
        closed_date=close.get("closed"),
        discharge_reason=close.get("reason", ""),
    )
    CourtCase.objects.create(
        participant=participant,
        episode=episode,
        court=c.courts[court],
        docket_number=f"25CR{next(_docket):04d}",
        status="post_plea",
        intercept=3,
        opened_on=referred,
        recorded_by=c.user,
    )
    c.episodes[name] = episode
    return episode


def contact(c: Cohort, who: str, day: dt.date, minutes: int, flags: int, **extra: Any) -> Contact:
    episode = c.episodes[who]
    return Contact.objects.create(
        episode=episode,
        participant=episode.participant,
        occurred_at=at(day),
        duration_minutes=minutes,
        modality=extra.get("modality", Modality.IN_PERSON),
        location=Location.OFFICE,
        components=int(flags),
        author=c.user,
        signed_at=None if extra.get("draft") else at(day, 12),
    )


def group(c: Cohort, kind: str, day: dt.date, members: dict[str, str]) -> GroupSession:
    session = GroupSession.objects.create(
        program=c.program,
        curriculum=Curriculum.objects.get(program=c.program, kind=kind),
        curriculum_version=1,
        session_number=1,
        occurred_at=at(day, 17),
        duration_minutes=90,
        location="Room 2",
        recorded_by=c.user,
    )
    for who, status in members.items():
        episode = c.episodes[who]
        Attendance.objects.create(
            group_session=session,
            episode=episode,
            participant=episode.participant,
            status=status,
        )
    return session


def drug_test(c: Cohort, who: str, day: dt.date, outcome: str, hours: int | None = 24, **kw: Any):
    episode = c.episodes[who]
    collected = outcome in ("negative", "positive", "invalid", "pending")
    return DrugTest.objects.create(
        participant=episode.participant,
        episode=episode,
        reason="random",
        specimen="urine",
        status="collected" if collected else outcome,
        validity=kw.get("validity", "valid" if collected else ""),
        collected_at=at(day) if collected else None,
        resulted_at=at(day) + dt.timedelta(hours=hours)
        if collected and hours is not None
        else None,
        outcome=outcome,
        local_date=day,
        recorded_by=c.user,
    )


def tests_of(c: Cohort, who: str, rows: list[tuple[str, str, int | None]], **kw: Any) -> None:
    for day, outcome, hours in rows:
        drug_test(c, who, dt.date.fromisoformat(day), outcome, hours, **kw)


def respond(c: Cohort, who: str, kind: str, day: dt.date) -> None:
    episode = c.episodes[who]
    CourtResponse.objects.create(
        participant=episode.participant,
        episode=episode,
        kind=kind,
        behaviour="b",
        response="r",
        magnitude="low",
        decided_on=day,
        decided_by="Judge",
        recorded_by=c.user,
    )


def hearing(c: Cohort, court: str, day: dt.date, kind: str = "status", status: str = "held"):
    return Hearing.objects.create(
        court=c.courts[court],
        kind=kind,
        local_date=day,
        local_time=dt.time(9),
        starts_at=at(day, 9),
        status=status,
    )


def on_docket(c: Cohort, the_hearing: Hearing, who: str, appearance: str) -> None:
    episode = c.episodes[who]
    DocketEntry.objects.create(
        hearing=the_hearing,
        participant=episode.participant,
        episode=episode,
        appearance=appearance,
        recorded_by=c.user,
    )


def event(c: Cohort, who: str, kind: str, day: str, void: bool = False) -> None:
    episode = c.episodes[who]
    OutcomeEvent.objects.create(
        participant=episode.participant,
        episode=episode,
        kind=kind,
        occurred_on=dt.date.fromisoformat(day),
        source="court_record",
        recorded_by=c.user,
        voided_at=at(TODAY) if void else None,
        void_reason="entered twice" if void else "",
    )


def move(c: Cohort, who: str, court: str, number: int, day: str, kind: str = "start") -> None:
    episode = c.episodes[who]
    PhaseMove.objects.create(
        participant=episode.participant,
        episode=episode,
        phase=c.phases[(court, number)],
        kind=kind,
        on=dt.date.fromisoformat(day),
        decided_by="Judge",
        reason="criteria met",
        recorded_by=c.user,
    )


def base(world: Any) -> Cohort:
    program = world.drug
    courts = {
        "A": Court.objects.create(program=program, name="Treatment Court A"),
        "B": Court.objects.create(program=program, name="Treatment Court B"),
    }
    c = Cohort(
        program, world.user("director"), courts, {"north": world.north, "south": world.south}
    )
    for court, number in (("A", 1), ("A", 2), ("B", 1)):
        c.phases[(court, number)] = CourtPhase.objects.create(
            court=courts[court], number=number, name=f"Phase {number}"
        )
    return c


def build(world: Any) -> Cohort:
    c = base(world)
    d = dt.date
    person(
        c,
        "A",
        "north",
        "A",
        d(2025, 1, 1),
        d(2025, 1, 11),
        closed=d(2026, 1, 11),
        reason="graduated",
    )
    person(
        c,
        "B",
        "north",
        "A",
        d(2025, 1, 20),
        d(2025, 2, 19),
        closed=d(2025, 5, 1),
        reason="terminated",
    )
    person(c, "C", "south", "B", d(2025, 3, 1), d(2025, 4, 15))
    person(c, "D", "south", "A", d(2025, 10, 1), d(2025, 10, 6))
    person(c, "E", "north", "B", d(2026, 5, 1), d(2026, 5, 21))
    person(
        c, "F", "north", "A", d(2024, 5, 1), d(2024, 6, 1), closed=d(2025, 6, 1), reason="withdrew"
    )
    _services(c)
    _tests(c)
    _court(c)
    _events(c)
    return c


def _services(c: Cohort) -> None:
    d = dt.date
    contact(c, "A", d(2025, 1, 12), 60, Component.CTI)
    contact(c, "A", d(2025, 1, 20), 60, Component.DRT)
    contact(c, "B", d(2025, 2, 20), 60, Component.DRT, draft=True)
    contact(c, "B", d(2025, 2, 21), 15, Component.CTI, modality=Modality.OUTREACH_ATTEMPT)
    contact(c, "C", d(2025, 6, 14), 30, Component.TRAUMA | Component.PEER)
    contact(c, "D", d(2025, 10, 3), 90, Component.DRT)
    contact(c, "E", d(2026, 7, 5), 60, Component.DRT)  # after the horizon
    group(c, "drt", d(2025, 3, 10), {"B": "present", "A": "absent"})
    group(c, "peer", d(2025, 4, 20), {"C": "present"})


def _tests(c: Cohort) -> None:
    tests_of(c, "A", [("2025-01-05", "negative", 24)])  # before enrollment: not counted
    tests_of(
        c,
        "A",
        [
            ("2025-01-13", "negative", 24),
            ("2025-01-15", "negative", 24),
            ("2025-01-20", "positive", 24),
            ("2025-01-22", "negative", 24),
            ("2025-01-27", "negative", 24),
            ("2025-02-03", "negative", 24),
            ("2025-02-05", "excused", None),
            ("2025-02-10", "negative", 24),
            ("2025-02-12", "missed", None),
        ],
    )
    tests_of(
        c,
        "B",
        [
            ("2025-02-20", "negative", 48),
            ("2025-02-24", "positive", 48),
            ("2025-02-26", "refused", None),
            ("2025-03-02", "negative", 48),
            ("2025-03-09", "negative", 48),
        ],
    )
    tests_of(c, "B", [("2025-03-04", "negative", 48)], validity="dilute")
    tests_of(c, "C", [("2025-04-16", "positive", 72)])
    tests_of(c, "C", [("2025-04-18", "invalid", 24)], validity="adulterated")
    tests_of(c, "C", [("2025-04-20", "pending", None)])
    tests_of(c, "E", [("2026-05-22", "negative", 12), ("2026-07-02", "negative", 12)])


def _court(c: Cohort) -> None:
    d = dt.date
    for kind, n in (("incentive", 3), ("sanction", 1)):
        for _ in range(n):
            respond(c, "A", kind, d(2025, 3, 1))
    respond(c, "B", "sanction", d(2025, 3, 1))
    respond(c, "B", "sanction", d(2025, 3, 5))
    respond(c, "B", "service_adjustment", d(2025, 3, 5))
    respond(c, "C", "incentive", d(2025, 6, 1))
    respond(c, "C", "incentive", d(2025, 7, 1))
    respond(c, "D", "incentive", d(2026, 7, 10))  # after the horizon
    h1 = hearing(c, "A", d(2025, 3, 1))
    on_docket(c, h1, "A", "appeared")
    on_docket(c, h1, "B", "failed")
    on_docket(c, hearing(c, "A", d(2025, 3, 15), kind="staffing"), "A", "")
    on_docket(c, hearing(c, "A", d(2025, 4, 1), status="cancelled"), "B", "failed")
    on_docket(c, hearing(c, "A", d(2026, 7, 15), status="scheduled"), "D", "failed")
    h5 = hearing(c, "A", d(2025, 11, 1))
    on_docket(c, h5, "D", "remote")
    on_docket(c, h5, "A", "excused")
    on_docket(c, hearing(c, "B", d(2025, 5, 1)), "C", "failed")
    on_docket(c, hearing(c, "B", d(2026, 6, 1), status="scheduled"), "E", "")
    move(c, "A", "A", 1, "2025-01-11")
    move(c, "A", "A", 2, "2025-03-12", "promote")
    move(c, "B", "A", 1, "2025-02-19")
    move(c, "D", "A", 1, "2025-10-06")
    move(c, "D", "A", 2, "2025-12-05", "promote")
    move(c, "D", "A", 1, "2026-02-03", "demote")
    move(c, "C", "B", 1, "2025-04-15")
    move(c, "E", "B", 1, "2026-07-01")  # after the horizon


def _events(c: Cohort) -> None:
    event(c, "A", "arrest", "2025-06-01")
    event(c, "A", "conviction", "2025-09-01")
    event(c, "A", "arrest", "2026-03-01")  # after discharge; 1-year window not yet observable
    event(c, "B", "arrest", "2025-03-10")
    event(c, "B", "arrest", "2025-07-01")
    event(c, "B", "conviction", "2026-06-01")  # 13 months after discharge
    event(c, "C", "arrest", "2025-05-01", void=True)
    event(c, "C", "charge", "2025-08-01")
    event(c, "D", "arrest", "2025-09-01")  # before enrollment
    event(c, "F", "arrest", "2025-07-01")  # outside the cohort
