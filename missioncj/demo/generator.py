"""Deterministic synthetic data for the demo, written through the same services as the app.

The same seed and the same anchor date give the same people, episodes and contacts.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from missioncj.accounts.models import User
from missioncj.accounts.services import create_user, grant_role
from missioncj.care.models import Component, Location, Modality, WithWhom
from missioncj.care.services import log_contact
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.demo.assessments import add_assessments
from missioncj.demo.court import add_court
from missioncj.demo.linkage_directory import add_directory
from missioncj.demo.linkage_meetings import add_meetings
from missioncj.demo.linkage_referrals import add_linkage_referrals
from missioncj.demo.outcomes import add_outcome_events
from missioncj.demo.personas import EXTRA_STAFF, PERSONAS, Persona
from missioncj.demo.privacy import add_privacy
from missioncj.demo.service_delivery import add_service_delivery
from missioncj.participants import services as people
from missioncj.participants.models import (
    DischargeReason,
    Episode,
    EpisodeStatus,
    IdentifierKind,
    Participant,
    Race,
    Sex,
    VeteranStatus,
)
from missioncj.programs.models import CourtType, Intercept, Organization, Program, Team
from missioncj.programs.services import create_organization, create_program, create_team

FIRST = [
    "James",
    "Maria",
    "Robert",
    "Linda",
    "Michael",
    "Angela",
    "William",
    "Tasha",
    "David",
    "Crystal",
    "Joseph",
    "Amber",
    "Thomas",
    "Brittany",
    "Carlos",
    "Keisha",
    "Daniel",
    "Heather",
    "Anthony",
    "Jessica",
    "Marcus",
    "Shawna",
    "Kevin",
    "Rosa",
    "Brian",
    "Tiffany",
    "Luis",
    "Danielle",
    "Jason",
    "Monique",
]
LAST = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
]
NICK = {
    "James": "Jim",
    "Robert": "Bobby",
    "William": "Will",
    "Michael": "Mike",
    "Joseph": "Joe",
    "Thomas": "Tom",
    "Daniel": "Danny",
    "Anthony": "Tony",
    "Kevin": "Kev",
}
NOTES = [
    "Met at court before the status hearing; reviewed this week's appointments and transport.",
    "Phone check-in. Reports attending two meetings this week; sleep improving.",
    "Home visit. Discussed triggers around payday and a plan for the weekend.",
    "Accompanied to intake at the outpatient clinic; first appointment booked.",
    "Worked on resume and two job applications at the career center.",
    "Reviewed safety plan steps together; coping strategies updated.",
    "Outreach at shelter; left a message with staff to call back.",
    "Talked with sister (collateral) about housing options and family support.",
    "Group follow-up: practiced refusal skills from the DRT session.",
    "Met probation officer jointly; clarified curfew and reporting schedule.",
]


@dataclass
class DemoResult:
    programs: list[Program] = field(default_factory=list)
    users: list[Persona] = field(default_factory=list)
    participants: int = 0
    contacts: int = 0


class DemoRefused(Exception):
    """The database holds real data; demo rows must never be mixed into it."""


def demo_loaded() -> bool:
    return Organization.objects.filter(is_demo=True).exists()


def holds_real_data() -> bool:
    return (
        Organization.objects.filter(is_demo=False).exists()
        or Participant.objects.exclude(episodes__program__organization__is_demo=True).exists()
    )


def _staff(
    actor: Any,
    persona: Persona,
    password: str,
    programs: dict[str, Program],
    teams: dict[str, Team],
) -> User:
    user = create_user(
        actor=actor,
        username=persona.username,
        password=password,
        display_name=persona.display_name,
        is_superuser=persona.role is None,
    )
    if persona.role is not None:
        grant_role(
            actor=actor,
            user=user,
            program=programs[persona.program],
            role=persona.role,
            team=teams[persona.team] if persona.team else None,
        )
    return user


@transaction.atomic
def load_demo(*, password: str, seed: int = 2026, today: dt.date | None = None) -> DemoResult:
    if demo_loaded():
        raise DemoRefused("Demo data is already loaded.")
    if holds_real_data():
        raise DemoRefused(
            "This database holds real (non-demo) data; demo data will not be mixed into it."
        )
    rng = random.Random(seed)
    org = create_organization(actor=None, name="Harbor County Justice Services", is_demo=True)
    programs = {
        "drug": create_program(
            actor=None,
            organization=org,
            name="Harbor County Drug Court · MISSION-CJ",
            court_type=CourtType.ADULT_DRUG,
            intercept=Intercept.THREE,
            time_zone="America/New_York",
            planned_length_months=6,
        ),
        "reentry": create_program(
            actor=None,
            organization=org,
            name="Harbor County Jail Re-entry · MISSION-CJ",
            court_type=CourtType.REENTRY,
            intercept=Intercept.FOUR,
            time_zone="America/New_York",
            planned_length_months=12,
        ),
    }
    today = today or people.local_today(programs["drug"])
    teams = {
        "Team North": create_team(actor=None, program=programs["drug"], name="Team North"),
        "Team South": create_team(actor=None, program=programs["drug"], name="Team South"),
        "Re-entry Team": create_team(actor=None, program=programs["reentry"], name="Re-entry Team"),
    }
    users = {p.username: _staff(None, p, password, programs, teams) for p in PERSONAS + EXTRA_STAFF}
    result = DemoResult(programs=list(programs.values()), users=list(PERSONAS))
    plan = [
        ("drug", "Team North", 22),
        ("drug", "Team South", 18),
        ("reentry", "Re-entry Team", 20),
    ]
    for program_key, team_name, count in plan:
        team = teams[team_name]
        staff = [
            u
            for p, u in users.items()
            if any(s.username == p and s.team == team_name for s in PERSONAS + EXTRA_STAFF)
        ]
        for index in range(count):
            result.contacts += _person(rng, today, programs[program_key], team, staff, index)
            result.participants += 1
    for key, program in programs.items():
        lead = users["supervisor"] if key == "drug" else users["outsider"]
        add_service_delivery(rng, today, program, lead)
        add_assessments(rng, today, program, lead, key)
        add_court(rng, today, program, lead, key)
        add_directory(rng, program, lead)
        if key == "drug":
            add_privacy(rng, today, program, lead, users["court"])
    for key, program in programs.items():
        lead = users["supervisor"] if key == "drug" else users["outsider"]
        add_linkage_referrals(rng, today, program, lead)
    for key, program in programs.items():  # last, so the rest of the demo draws as before
        add_meetings(rng, program, users["supervisor"] if key == "drug" else users["outsider"])
    events = random.Random(seed + 8)  # its own stream: nothing above draws differently
    for key, program in programs.items():
        lead = users["supervisor"] if key == "drug" else users["outsider"]
        add_outcome_events(events, today, program, lead)
    record(
        kind=AuditKind.DEMO,
        action="demo.load",
        actor_label="demo",
        after={"seed": seed, "today": str(today), "participants": result.participants},
    )
    return result


def _person(
    rng: random.Random,
    today: dt.date,
    program: Program,
    team: Team,
    staff: list[User],
    index: int,
) -> int:
    actor = staff[0]
    first = rng.choice(FIRST)
    # The first people on each team are fixed at the early stages so that every demo, whatever
    # the seed, shows a fresh referral, someone in screening and someone not enrolled.
    low, high = {0: (0, 6), 1: (7, 13)}.get(index, (3, 330))
    referral = today - dt.timedelta(days=rng.randint(low, high))
    participant = people.create_participant(
        actor=actor,
        program=program,
        team=team,
        referral_date=referral,
        referral_source=rng.choice(
            [
                "Judge Alvarez",
                "Public defender",
                "Jail classification",
                "Probation",
                "Pretrial services",
            ]
        ),
        first_name=first,
        last_name=rng.choice(LAST),
        preferred_name=NICK.get(first, "") if rng.random() < 0.3 else "",
        date_of_birth=dt.date(rng.randint(1962, 2004), rng.randint(1, 12), rng.randint(1, 28)),
        sex=rng.choice([Sex.MALE] * 4 + [Sex.FEMALE] * 2),
        race=rng.choice([Race.WHITE] * 5 + [Race.BLACK] * 3 + [Race.OTHER, Race.UNKNOWN]),
        veteran_status=VeteranStatus.VETERAN if rng.random() < 0.12 else VeteranStatus.NOT_VETERAN,
        preferred_language="Spanish" if rng.random() < 0.1 else "English",
        identifiers=[
            {
                "kind": IdentifierKind.COURT_DOCKET
                if program.court_type != CourtType.REENTRY
                else IdentifierKind.BOOKING,
                "value": f"{referral:%y}{rng.choice('CRDB')}{rng.randint(10000, 99999)}",
                "issuer": "Harbor County",
            }
        ],
        phones=[
            {
                "number": f"(555) 555-01{rng.randint(0, 99):02d}",
                "label": "mobile",
                "consent_to_text": rng.random() < 0.7,
            }
        ],
    )
    episode = participant.episodes.get()
    if rng.random() < 0.5:
        people.add_collateral(
            actor=actor,
            participant=participant,
            name=f"{rng.choice(FIRST)} {participant.last_name}",
            relationship=rng.choice(["Sister", "Mother", "Partner", "Brother"]),
            phone=f"(555) 555-02{rng.randint(0, 99):02d}",
        )
    age = (today - referral).days
    if age < 7:
        return 0
    screen_day = referral + dt.timedelta(days=rng.randint(1, 5))
    people.change_status(
        actor=actor, episode=episode, status=EpisodeStatus.SCREENING, on=screen_day
    )
    if age < 14:
        return 0
    if index == 2 or rng.random() < 0.08:
        people.change_status(
            actor=actor,
            episode=episode,
            status=EpisodeStatus.NOT_ENROLLED,
            on=screen_day + dt.timedelta(days=3),
            note="Did not meet criteria",
        )
        return 0
    enrolled = screen_day + dt.timedelta(days=rng.randint(2, 8))
    people.change_status(actor=actor, episode=episode, status=EpisodeStatus.ENROLLED, on=enrolled)
    length = program.planned_length_months * 30
    end = today
    reason = ""
    if (today - enrolled).days > length:
        end = enrolled + dt.timedelta(days=length + rng.randint(-10, 20))
        reason = rng.choice(
            [DischargeReason.GRADUATED] * 6
            + [DischargeReason.TERMINATED] * 2
            + [DischargeReason.WITHDREW]
        )
    elif rng.random() < 0.1:
        end = enrolled + dt.timedelta(days=rng.randint(20, max(21, (today - enrolled).days)))
        reason = DischargeReason.TERMINATED
    elif rng.random() < 0.15:
        # Drifting: still enrolled, but nobody has reached them for weeks.
        end = today - dt.timedelta(days=rng.randint(18, 40))
    end = min(end, today)
    count = _contacts(rng, episode, staff, enrolled, end)
    if reason:
        people.change_status(
            actor=actor, episode=episode, status=EpisodeStatus.DISCHARGED, on=end, reason=reason
        )
    return count


def _contacts(
    rng: random.Random, episode: Episode, staff: list[User], start: dt.date, end: dt.date
) -> int:
    zone = episode.program.zone
    collateral = episode.participant.collaterals.first()
    day, count = start, 0
    latest = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    while day <= end:
        modality = rng.choice(
            [Modality.IN_PERSON] * 5
            + [Modality.PHONE] * 3
            + [Modality.TEXT, Modality.OUTREACH_ATTEMPT]
        )
        in_person = modality in (Modality.IN_PERSON, Modality.OUTREACH_ATTEMPT)
        with_whom = (
            WithWhom.COLLATERAL if collateral and rng.random() < 0.12 else WithWhom.PARTICIPANT
        )
        when = dt.datetime.combine(
            day, dt.time(rng.randint(8, 17), rng.choice([0, 15, 30, 45])), tzinfo=zone
        )
        if when > latest:
            break
        components = Component.CTI | rng.choice(
            [
                Component.PEER,
                Component.DRT,
                Component.LINKAGE,
                Component.VOCATIONAL,
                Component.TRAUMA,
                Component.LEGAL,
                Component(0),
            ]
        )
        log_contact(
            actor=rng.choice(staff),
            episode=episode,
            occurred_at=when,
            duration_minutes=rng.choice([10, 15, 20, 30, 45, 60, 90]),
            modality=modality,
            location=rng.choice(
                [Location.OFFICE, Location.COURT, Location.HOME, Location.COMMUNITY, Location.JAIL]
            )
            if in_person
            else Location.REMOTE,
            components=int(components),
            note=rng.choice(NOTES),
            with_whom=with_whom,
            collateral=collateral if with_whom == WithWhom.COLLATERAL else None,
        )
        count += 1
        day += dt.timedelta(days=rng.choice([2, 4, 6, 7, 7, 9, 12, 16]))
    return count
