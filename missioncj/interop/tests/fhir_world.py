"""A full record for FHIR export tests: signed contacts with notes and addenda, a draft, group
attendance, a treatment plan with goals and objectives, PHQ-9 and GAD-7 administrations, a
referral with steps, a counseling note, and consents naming an outside party. Every free text
that must never leave carries a marker in SECRETS."""

from __future__ import annotations

import datetime as dt
from typing import Any

from missioncj.accounts.models import User
from missioncj.assessments.tests.factories import give, phq9
from missioncj.care.models import Component, CurriculumKind, Location, Modality
from missioncj.care.services import log_contact
from missioncj.care.services.contacts import add_addendum
from missioncj.care.services.counseling import write_counseling_note
from missioncj.care.services.plans import add_goal, add_objective, rate_progress, start_plan
from missioncj.care.tests.cti_factories import attend, curriculum, group
from missioncj.linkage.services.referrals import create_referral, record_step
from missioncj.participants.models import Episode, Participant
from missioncj.privacy.models import Category, Consent, RecipientKind, SignatureKind
from missioncj.privacy.services.consents import RecipientInput, record_consent

PARTY = "Harbor Health Partners"
GOAL = "Move into stable sober housing"
SECRETS = (
    "CONTACTNOTE-SECRET",
    "ADDENDUM-SECRET",
    "DRAFTNOTE-SECRET",
    "ATTNOTE-SECRET",
    "SESSIONNOTE-SECRET",
    "RATINGNOTE-SECRET",
    "NEEDNOTE-SECRET",
    "STEPNOTE-SECRET",
    "COUNSELING-SECRET",
    "PLACECONTACT-SECRET",
)


def episode_of(person: Participant) -> Episode:
    return Episode.objects.select_related("program").get(participant=person)


def _contacts(episode: Episode, actor: Any) -> None:
    for day in (dt.date(2026, 10, 2), dt.date(2026, 10, 9)):
        contact = log_contact(
            actor=actor,
            episode=episode,
            occurred_at=dt.datetime.combine(day, dt.time(14), tzinfo=dt.UTC),
            duration_minutes=45,
            modality=Modality.IN_PERSON,
            location=Location.OFFICE,
            components=int(Component.CTI | Component.PEER),
            note="CONTACTNOTE-SECRET relapse talk",
        )
        add_addendum(actor=actor, contact=contact, text="ADDENDUM-SECRET more")
    log_contact(
        actor=actor,
        episode=episode,
        occurred_at=dt.datetime(2026, 10, 12, 14, tzinfo=dt.UTC),
        duration_minutes=10,
        modality=Modality.PHONE,
        location=Location.REMOTE,
        components=int(Component.CTI),
        note="DRAFTNOTE-SECRET",
        sign=False,
    )


def _groups(episode: Episode, actor: Any) -> None:
    drt = curriculum(episode.program, CurriculumKind.DRT)
    for number, (day, status) in enumerate(
        ((dt.date(2026, 10, 5), "present"), (dt.date(2026, 10, 12), "absent")), start=1
    ):
        meeting = group(drt, number, dt.datetime.combine(day, dt.time(18), tzinfo=dt.UTC), actor)
        meeting.note = "SESSIONNOTE-SECRET"
        meeting.save()
        row = attend(meeting, episode, status)
        row.note = "ATTNOTE-SECRET"
        row.save()


def _plan(episode: Episode, actor: Any) -> Any:
    plan = start_plan(actor=actor, episode=episode, started_on=dt.date(2026, 9, 20))
    plan.needs.create(domain="housing", level="high", note="NEEDNOTE-SECRET")
    goal = add_goal(actor=actor, plan=plan, domain="housing", text=GOAL)
    add_goal(actor=actor, plan=plan, domain="school_work", text="Find steady work")
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
    return goal


def _referral(person: Participant, actor: Any, goal: Any) -> None:
    referral = create_referral(
        actor=actor,
        participant=person,
        need="sober_housing",
        referred_on=dt.date(2026, 10, 6),
        place_name="Oak Street Recovery House",
        place_contact="PLACECONTACT-SECRET 555-0199",
        plan_goal=goal,
        note="STEPNOTE-SECRET first call",
    )
    record_step(
        actor=actor,
        referral=referral,
        status="scheduled",
        on=dt.date(2026, 10, 8),
        confirmed_by="receiver",
        confirmer_name="Intake desk",
        note="STEPNOTE-SECRET intake booked",
    )


def full_record(person: Participant, actor: User, clinician: User | None = None) -> None:
    episode = episode_of(person)
    _contacts(episode, actor)
    _groups(episode, actor)
    goal = _plan(episode, actor)
    _referral(person, actor, goal)
    give(actor, person, responses=phq9(2, 2, 2, 2, 1, 1, 0, 0, 0), on=dt.date(2026, 9, 10))
    give(actor, person, "gad7", {f"q{n}": 1 for n in range(1, 8)}, on=dt.date(2026, 9, 10))
    if clinician is not None:
        write_counseling_note(
            actor=clinician,
            participant=person,
            session_on=dt.date(2026, 10, 7),
            note="COUNSELING-SECRET session content",
        )


def party_consent(
    person: Participant,
    actor: User,
    categories: list[str] | None = None,
    party: str = PARTY,
    signed_at: dt.datetime | None = None,
) -> Consent:
    """A TPO consent naming an outside party, for treatment, payment and operations."""
    return record_consent(
        actor=actor,
        participant=person,
        episode=episode_of(person),
        kind="tpo",
        categories=categories or [Category.ATTENDANCE, Category.ASSESSMENTS],
        recipients=[RecipientInput(kind=RecipientKind.PARTY, name=party)],
        purpose="tpo",
        expiry_event="end_of_treatment",
        signer_name=person.legal_name,
        signature_kind=SignatureKind.TYPED,
        signature_text=person.legal_name,
        signed_at=signed_at or dt.datetime(2026, 9, 6, 15, 0, tzinfo=dt.UTC),
    )
