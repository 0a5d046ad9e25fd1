"""Demo service delivery: weekly groups with attendance patterns, treatment plans with progress,
safety plans, work and school, legal obligations — all through the care services."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from missioncj.care.models import (
    ActivityKind,
    ActivityStatus,
    AttendanceStatus,
    CurriculumKind,
    NeedLevel,
    PlanDomain,
    Responsible,
    VocationalStatus,
)
from missioncj.care.services import groups, plans, safety, vocational
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.programs.models import Program

# (curriculum, weekday, hour): DRT on Tuesdays at 10, the peer group on Thursdays at 2 pm.
GROUPS = [(CurriculumKind.DRT, 1, 10), (CurriculumKind.PEER, 3, 14)]
WEEKS_OF_GROUPS = 16

GOALS = {
    PlanDomain.SUBSTANCE_USE: ("Stay sober one day at a time", "Attend three meetings a week"),
    PlanDomain.HOUSING: ("Move into a sober house", "Complete the sober-house application"),
    PlanDomain.SCHOOL_WORK: ("Find steady work", "Apply for two jobs each week"),
    PlanDomain.ANTISOCIAL_ASSOCIATES: ("Spend time with people in recovery", "Get a sponsor"),
    PlanDomain.MENTAL_HEALTH: ("Keep my mood steady", "See the prescriber every month"),
    PlanDomain.FAMILY_SUPPORT: ("Rebuild trust with my family", "Weekly call with my sister"),
}


def add_service_delivery(rng: random.Random, today: dt.date, program: Program, lead: Any) -> None:
    episodes = list(
        Episode.objects.filter(program=program, status=EpisodeStatus.ENROLLED)
        .select_related("participant", "program", "team")
        .order_by("pk")
    )
    # Everyone gets an attendance habit; a few drift away from groups altogether.
    habit = {e.pk: rng.choice([0.95, 0.9, 0.85, 0.75, 0.6, 0.3]) for e in episodes}
    _groups(rng, today, program, lead, episodes, habit)
    for episode in episodes:
        _plan(rng, today, episode, lead)
        _work_and_legal(rng, today, episode, lead)
        if rng.random() < 0.45:
            _safety_plan(rng, episode, lead)


def _groups(
    rng: random.Random,
    today: dt.date,
    program: Program,
    lead: Any,
    episodes: list[Episode],
    habit: dict[int, float],
) -> None:
    zone = program.zone
    curricula = {c.kind: c for c in program.curricula.all()}
    for kind, weekday, hour in GROUPS:
        curriculum = curricula[kind]
        size = curriculum.sessions.count()
        first = today - dt.timedelta(weeks=WEEKS_OF_GROUPS)
        day = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
        number = 1
        while day < today:
            members = [e for e in episodes if e.enrolled_date and e.enrolled_date <= day]
            attendance = [(e, _status(rng, habit[e.pk]), "") for e in members]
            if attendance:
                groups.record_group_session(
                    actor=lead,
                    curriculum=curriculum,
                    session_number=number,
                    occurred_at=dt.datetime.combine(day, dt.time(hour), tzinfo=zone),
                    duration_minutes=90,
                    location="Courthouse annex, room 2"
                    if kind == CurriculumKind.DRT
                    else "Recovery center",
                    facilitators=[lead],
                    attendance=attendance,
                )
            number = number % size + 1
            day += dt.timedelta(weeks=1)


def _status(rng: random.Random, habit: float) -> str:
    if rng.random() < habit:
        return AttendanceStatus.PRESENT
    return AttendanceStatus.EXCUSED if rng.random() < 0.25 else AttendanceStatus.ABSENT


def _plan(rng: random.Random, today: dt.date, episode: Episode, lead: Any) -> None:
    assert episode.enrolled_date is not None
    started = episode.enrolled_date + dt.timedelta(days=rng.randint(3, 10))
    if started >= today:
        return
    plan = plans.start_plan(actor=lead, episode=episode, started_on=started)
    domains = rng.sample(list(GOALS), k=3)
    plans.set_needs(
        actor=lead,
        plan=plan,
        needs={d: (rng.choice([NeedLevel.MODERATE, NeedLevel.HIGH]), "") for d in domains},
    )
    for domain in domains:
        goal_text, objective_text = GOALS[domain]
        goal = plans.add_goal(actor=lead, plan=plan, domain=domain, text=goal_text)
        objective = plans.add_objective(
            actor=lead,
            goal=goal,
            text=objective_text,
            responsible=rng.choice(
                [Responsible.PARTICIPANT, Responsible.CASE_MANAGER, Responsible.PEER]
            ),
            target_date=started + dt.timedelta(days=90),
        )
        rating, day = 0, started + dt.timedelta(days=30)
        while day < today:
            rating = min(4, rating + rng.choice([0, 1, 1, 2]))
            plans.rate_progress(actor=lead, objective=objective, rated_on=day, rating=rating)
            day += dt.timedelta(days=30)
    review_day = started + dt.timedelta(days=rng.randint(80, 95))
    if review_day < today and rng.random() < 0.7:
        plans.review_plan(
            actor=lead,
            plan=plan,
            reviewed_on=review_day,
            summary="Reviewed goals together; progress on most objectives.",
            participant_signature=episode.participant.legal_name,
        )


def _work_and_legal(rng: random.Random, today: dt.date, episode: Episode, lead: Any) -> None:
    assert episode.enrolled_date is not None
    start = episode.enrolled_date
    vocational.record_employment_status(
        actor=lead,
        episode=episode,
        as_of=start,
        employment=rng.choice(
            [VocationalStatus.SEEKING] * 3
            + [VocationalStatus.NOT_SEEKING, VocationalStatus.PART_TIME]
        ),
    )
    if (today - start).days > 45 and rng.random() < 0.5:
        search = start + dt.timedelta(days=rng.randint(10, 30))
        vocational.record_vocational_activity(
            actor=lead,
            episode=episode,
            kind=ActivityKind.APPLICATION,
            on=search,
            description="Applied at the distribution warehouse",
            status=ActivityStatus.DONE,
        )
        if rng.random() < 0.6:
            vocational.record_employment_status(
                actor=lead,
                episode=episode,
                as_of=search + dt.timedelta(days=14),
                employment=VocationalStatus.FULL_TIME,
                employer="Harbor Distribution",
                hours_per_week=40,
            )
    if rng.random() < 0.5:
        vocational.add_obligation(
            actor=lead,
            participant=episode.participant,
            kind="fines_fees",
            jurisdiction="Harbor County District Court",
            description="Court costs, prior case",
            amount_owed="450.00",
            amount_paid=str(rng.choice([0, 50, 150])) + ".00",
            due_date=today + dt.timedelta(days=rng.randint(-10, 90)),
        )


def _safety_plan(rng: random.Random, episode: Episode, lead: Any) -> None:
    safety.save_safety_plan(
        actor=lead,
        participant=episode.participant,
        warning_signs="Not sleeping; skipping meals; staying in my room; thinking I'm a burden.",
        internal_coping="Walk around the block; shower; music; write down three things.",
        social_distractions="Coffee at the recovery center; the 7 pm meeting at St. Mark's.",
        people_to_ask="My sister Ana 555-0142; my sponsor Ray 555-0177.",
        professionals="Peer specialist Pat 555-0100; clinic after-hours line 555-0199; call or "
        "text 988.",
        safe_environment="Medications kept by my sister; no alcohol in the house.",
        reasons_for_living=rng.choice(["My kids.", "Getting my license back.", "My dog, Max."]),
    )
