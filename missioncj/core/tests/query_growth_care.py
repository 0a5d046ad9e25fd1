"""Growth for the participant record and service delivery: identifiers and contact details,
contacts with addenda, counseling notes, CTI boundary moves, treatment-plan goals,
objectives, ratings and reviews, safety-plan versions, work and school, legal obligations,
and group sessions with attendance (see query_growth.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from missioncj.care.models import (
    Attendance,
    Component,
    CurriculumKind,
    Location,
    Modality,
    TreatmentPlan,
)
from missioncj.care.services import add_addendum, counseling, log_contact, plans, safety, vocational
from missioncj.care.services.cti import move_cti_boundary
from missioncj.care.services.curricula import current_sessions, revise_curriculum
from missioncj.care.services.groups import record_group_session
from missioncj.participants import services as people
from missioncj.participants.models import Episode, EpisodeStatus

STEPS = {
    "warning_signs": "Not sleeping",
    "internal_coping": "Walk",
    "social_distractions": "Library",
    "people_to_ask": "Aunt 555-201-3344",
    "professionals": "Peer; 988",
    "safe_environment": "Medicines with aunt",
}


def day(episode: Episode, number: int, offset: int = 0) -> dt.date:
    """A past day after enrollment, different for each batch."""
    assert episode.enrolled_date is not None
    return episode.enrolled_date + dt.timedelta(days=6 + 3 * number + offset)


def at(episode: Episode, number: int, hour: int = 15) -> dt.datetime:
    return dt.datetime.combine(day(episode, number), dt.time(hour), tzinfo=dt.UTC)


def for_participant(scene: Any, episode: Episode, number: int) -> None:
    cm = scene.user("casemanager")
    person = episode.participant
    tag = f"{person.last_name}-{number}"
    people.add_identifier(actor=cm, participant=person, kind="booking", value=f"BK-{tag}")
    people.add_phone(actor=cm, participant=person, number=f"555-01{number:02d}", label="home")
    people.add_address(
        actor=cm, participant=person, line1=f"{number} Elm St", city="Harbor", state="IL"
    )
    people.add_collateral(actor=cm, participant=person, name=f"Aunt {tag}", relationship="aunt")
    collateral = person.collaterals.order_by("-pk").first()
    contact = log_contact(
        actor=cm,
        episode=episode,
        occurred_at=at(episode, number),
        duration_minutes=30,
        modality=Modality.IN_PERSON,
        location=Location.OFFICE,
        components=int(Component.CTI | Component.LINKAGE),
        note=f"Contact {tag}",
        with_whom="both",
        collateral=collateral,
    )
    add_addendum(actor=cm, contact=contact, text=f"Addendum {tag}")
    counseling.write_counseling_note(
        actor=scene.user("clinician"),
        participant=person,
        session_on=day(episode, number),
        note=f"Counseling {tag}",
    )
    _plan(scene, episode, number)
    assert episode.enrolled_date is not None
    move_cti_boundary(
        actor=cm,
        episode=episode,
        boundary=3,
        new_date=episode.enrolled_date + dt.timedelta(days=300 + number),
        reason=f"Extended {tag}",
    )
    safety.save_safety_plan(actor=cm, participant=person, reasons_for_living=tag, **STEPS)
    vocational.record_employment_status(
        actor=cm, episode=episode, as_of=day(episode, number), employment="seeking"
    )
    activity = vocational.record_vocational_activity(
        actor=cm,
        episode=episode,
        kind="application",
        on=day(episode, number),
        description=f"Applied {tag}",
        status="pending",
    )
    vocational.update_activity_status(actor=cm, activity=activity, status="approved")
    vocational.add_obligation(
        actor=cm,
        participant=person,
        kind="fines_fees",
        description=f"Costs {tag}",
        amount_owed="100.00",
        amount_paid="10.00",
        due_date=day(episode, number, 60),
    )


def _plan(scene: Any, episode: Episode, number: int) -> None:
    cm = scene.user("casemanager")
    plan = TreatmentPlan.objects.filter(episode=episode).first()
    if plan is None:
        plan = plans.start_plan(actor=cm, episode=episode, started_on=day(episode, 0))
    domain = ["housing", "school_work", "family_marital", "leisure", "substance_use"][number % 5]
    plans.set_needs(actor=cm, plan=plan, needs={domain: ("high", "")})
    goal = plans.add_goal(actor=cm, plan=plan, domain=domain, text=f"Goal {number}")
    objective = plans.add_objective(
        actor=cm,
        goal=goal,
        text=f"Objective {number}",
        responsible="participant",
        target_date=day(episode, number, 90),
    )
    plans.rate_progress(actor=cm, objective=objective, rated_on=day(episode, number), rating=2)
    plans.review_plan(
        actor=cm,
        plan=plan,
        reviewed_on=day(episode, number),
        summary=f"Review {number}",
        participant_signature=episode.participant.legal_name,
    )


def for_program(scene: Any, number: int) -> None:
    """A group session for everyone enrolled on the north team, and a curriculum revision."""
    cm = scene.user("casemanager")
    episodes = list(
        Episode.objects.filter(team=scene.world.north, status=EpisodeStatus.ENROLLED)
        .select_related("participant", "program", "team")
        .order_by("pk")
    )
    curriculum = scene.world.drug.curricula.get(kind=CurriculumKind.DRT)
    record_group_session(
        actor=cm,
        curriculum=curriculum,
        session_number=2 + number,
        occurred_at=dt.datetime(2026, 9, 16 + number, 14, 0, tzinfo=dt.UTC),
        duration_minutes=60,
        location="Annex",
        facilitators=[cm, scene.user("peer")],
        attendance=[(e, "present" if i % 2 else "absent", "") for i, e in enumerate(episodes)],
    )
    # Attendance on the scene's group too (the page about one group lists its members).
    scene_group = scene.group
    known = set(scene_group.attendance.values_list("episode_id", flat=True))
    for episode in episodes:
        if episode.pk not in known:
            Attendance.objects.create(
                group_session=scene_group,
                episode=episode,
                participant=episode.participant,
                status="present",
            )
    sessions = current_sessions(curriculum)
    sessions[0]["title"] = f"{sessions[0]['title']} ({number})"
    revise_curriculum(actor=scene.user("supervisor"), curriculum=curriculum, sessions=sessions)
