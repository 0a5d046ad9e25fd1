"""A full record for packet and section tests: hearings around the packet day, a staffing
recommendation, contacts with notes and addenda, drug tests, responses, group attendance, a
plan, assessments and a condition. Every free text that must never leave carries a marker."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from missioncj.accounts.models import User
from missioncj.assessments.tests.factories import give, phq9
from missioncj.care.models import Component, CurriculumKind, Location, Modality
from missioncj.care.services import log_contact
from missioncj.care.services.contacts import add_addendum
from missioncj.care.services.plans import add_goal, add_objective, rate_progress, start_plan
from missioncj.care.tests.cti_factories import attend, curriculum, group
from missioncj.court.models import (
    AnalyteResult,
    Condition,
    Court,
    CourtCase,
    CourtResponse,
    DocketEntry,
    DrugTest,
    Hearing,
    HearingKind,
)
from missioncj.court.services import hearings as hearing_services
from missioncj.court.services.docket_entries import (
    add_to_docket,
    record_hearing_result,
    record_staffing,
)
from missioncj.court.services.phase_moves import start_phase
from missioncj.court.services.phases import adopt_default_phases
from missioncj.participants.models import Episode, Participant

DAY = dt.date(2026, 11, 5)  # the packet day: staffing 8:00, status hearing 9:00
PREVIOUS = dt.date(2026, 10, 29)  # failed to appear; the period starts that day
NEXT = dt.date(2026, 11, 19)
SECRETS = (
    "CONTACTNOTE-SECRET",
    "ADDENDUM-SECRET",
    "STAFFNOTE-SECRET",
    "TESTNOTE-SECRET",
    "ATTNOTE-SECRET",
    "RATINGNOTE-SECRET",
    "OUTCOME-SECRET",
)
RECOMMENDATION = "Continue in phase one; praise for steady attendance"
GOAL = "Move into stable sober housing"


def episode_of(person: Participant) -> Episode:
    return Episode.objects.select_related("program").get(participant=person)


def hearing(court: Court, day: dt.date, kind: str = HearingKind.STATUS, hour: int = 9) -> Hearing:
    existing = Hearing.objects.filter(court=court, local_date=day, kind=kind).first()
    if existing is not None:
        return existing
    return hearing_services.schedule_hearing(
        actor=User.objects.get(username="supervisor"),
        court=court,
        kind=kind,
        local_date=day,
        local_time=dt.time(hour, 0),
    )


def docket(court: Court, person: Participant, actor: Any, day: dt.date = DAY) -> DocketEntry:
    """On the staffing meeting and the status hearing of `day`; returns the status entry."""
    add_to_docket(
        actor=actor,
        hearing=hearing(court, day, HearingKind.STAFFING, 8),
        participant=person,
    )
    return add_to_docket(actor=actor, hearing=hearing(court, day), participant=person)


def _test(
    episode: Episode, actor: Any, day: dt.date, outcome: str, positives: tuple[str, ...] = ()
) -> DrugTest:
    collected = outcome not in ("missed", "refused")
    test = DrugTest.objects.create(
        participant=episode.participant,
        episode=episode,
        reason="random",
        specimen="urine",
        status="collected" if collected else outcome,
        collected_at=dt.datetime.combine(day, dt.time(15), tzinfo=dt.UTC) if collected else None,
        outcome=outcome,
        local_date=day,
        note="TESTNOTE-SECRET",
        recorded_by=actor,
    )
    for analyte in positives:
        AnalyteResult.objects.create(test=test, analyte=analyte, result="positive")
    return test


def full_record(world: Any, court: Court, case: CourtCase, person: Participant, actor: Any) -> None:
    episode = episode_of(person)
    if not court.phases.exists():
        adopt_default_phases(actor=world.user("director"), court=court)
    start_phase(
        actor=actor, episode=episode, court=court, on=dt.date(2026, 9, 5), decided_by="Hon. Ortiz"
    )
    before = add_to_docket(
        actor=actor, hearing=hearing(court, dt.date(2026, 10, 22)), participant=person
    )
    record_hearing_result(actor=actor, entry=before, appearance="appeared", outcome="fine")
    middle = add_to_docket(actor=actor, hearing=hearing(court, PREVIOUS), participant=person)
    record_hearing_result(
        actor=actor, entry=middle, appearance="failed", outcome="OUTCOME-SECRET warrant held"
    )
    docket(court, person, actor)
    staffing = DocketEntry.objects.get(
        participant=person, hearing__local_date=DAY, hearing__kind=HearingKind.STAFFING
    )
    record_staffing(
        actor=actor, entry=staffing, recommendation=RECOMMENDATION, staffing_note="STAFFNOTE-SECRET"
    )
    add_to_docket(actor=actor, hearing=hearing(court, NEXT), participant=person)
    for day, modality in ((dt.date(2026, 10, 30), Modality.IN_PERSON), (DAY, Modality.PHONE)):
        contact = log_contact(
            actor=actor,
            episode=episode,
            occurred_at=dt.datetime.combine(day, dt.time(12), tzinfo=episode.program.zone),
            duration_minutes=30,
            modality=modality,
            location=Location.OFFICE if modality == Modality.IN_PERSON else Location.REMOTE,
            components=int(Component.CTI),
            note="CONTACTNOTE-SECRET relapse talk",
        )
        add_addendum(actor=actor, contact=contact, text="ADDENDUM-SECRET more detail")
    _test(episode, actor, dt.date(2026, 10, 20), "positive", ("thc",))
    _test(episode, actor, dt.date(2026, 10, 30), "negative")
    _test(episode, actor, dt.date(2026, 10, 31), "positive", ("cocaine",))
    _test(episode, actor, dt.date(2026, 11, 2), "missed")
    CourtResponse.objects.create(
        participant=person,
        episode=episode,
        kind="sanction",
        behaviour="Missed hearing",
        response="Essay on accountability",
        magnitude="low",
        decided_on=dt.date(2026, 10, 29),
        decided_by="Hon. Ortiz",
        recorded_by=actor,
    )
    drt = curriculum(episode.program, CurriculumKind.DRT)
    for number, (day, status) in enumerate(
        ((dt.date(2026, 10, 29), "present"), (dt.date(2026, 10, 30), "absent")), start=1
    ):
        meeting = group(drt, number, dt.datetime.combine(day, dt.time(18), tzinfo=dt.UTC), actor)
        row = attend(meeting, episode, status)
        row.note = "ATTNOTE-SECRET"
        row.save()
    plan = start_plan(actor=actor, episode=episode, started_on=dt.date(2026, 9, 20))
    goal = add_goal(actor=actor, plan=plan, domain="housing", text=GOAL)
    objective = add_objective(
        actor=actor, goal=goal, text="Apply to two sober houses", responsible="participant"
    )
    rate_progress(
        actor=actor,
        objective=objective,
        rated_on=dt.date(2026, 10, 30),
        rating=2,
        note="RATINGNOTE-SECRET",
    )
    give(actor, person, responses=phq9(2, 2, 2, 2, 1, 1, 0, 0, 0), on=dt.date(2026, 9, 10))
    give(actor, person, on=dt.date(2026, 10, 27))
    Condition.objects.create(
        case=case,
        kind="community_service",
        description="Forty hours of community service",
        ordered_on=dt.date(2026, 9, 1),
        due_on=dt.date(2026, 12, 1),
        unit="hours",
        required=Decimal("40"),
    )
