"""Test personas and a small world: two programs, three teams, a participant on each team.

Personas mirror the demo logins: director, supervisor, casemanager, peer, clinician, court,
evaluator, admin (drug-court program) and outsider (a case manager in the re-entry program).
Every persona has a TOTP authenticator, so pages work with MFA required (the non-demo default).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from missioncj.accounts.models import User
from missioncj.accounts.services import create_user, grant_role
from missioncj.care.models import Component, Location, Modality
from missioncj.care.services import log_contact
from missioncj.demo.personas import EXTRA_STAFF, PERSONAS
from missioncj.participants import services as people
from missioncj.participants.models import EpisodeStatus, Participant
from missioncj.programs.models import CourtType, Program, Team
from missioncj.programs.services import create_organization, create_program, create_team

PASSWORD = "correct horse battery staple"
TODAY = dt.date(2026, 11, 2)


@dataclass
class World:
    drug: Program
    reentry: Program
    north: Team
    south: Team
    reentry_team: Team
    users: dict[str, User]
    north_person: Participant  # on casemanager's team
    south_person: Participant  # drug court, other team: supervisor sees, casemanager does not
    reentry_person: Participant  # outsider's program

    def user(self, name: str) -> User:
        return self.users[name]


def make_participant(actor: User, program: Program, team: Team, last: str, **extra: Any):
    participant = people.create_participant(
        actor=actor,
        program=program,
        team=team,
        referral_date=dt.date(2026, 9, 1),
        first_name="Test",
        last_name=last,
        date_of_birth=dt.date(1990, 5, 17),
        identifiers=[{"kind": "court_docket", "value": f"26CR{abs(hash(last)) % 10000:04d}"}],
        **extra,
    )
    episode = participant.episodes.get()
    people.change_status(
        actor=actor, episode=episode, status=EpisodeStatus.SCREENING, on=dt.date(2026, 9, 2)
    )
    people.change_status(
        actor=actor, episode=episode, status=EpisodeStatus.ENROLLED, on=dt.date(2026, 9, 5)
    )
    log_contact(
        actor=actor,
        episode=episode,
        occurred_at=dt.datetime(2026, 9, 10, 14, 0, tzinfo=dt.UTC),
        duration_minutes=30,
        modality=Modality.IN_PERSON,
        location=Location.OFFICE,
        components=int(Component.CTI),
        note=f"First meeting with {last}.",
    )
    return participant


@pytest.fixture
def world(db: Any) -> World:
    org = create_organization(actor=None, name="Test County")
    drug = create_program(
        actor=None,
        organization=org,
        name="Drug Court",
        court_type=CourtType.ADULT_DRUG,
        time_zone="America/New_York",
    )
    reentry = create_program(
        actor=None,
        organization=org,
        name="Re-entry",
        court_type=CourtType.REENTRY,
        time_zone="America/Chicago",
        planned_length_months=12,
    )
    programs = {"drug": drug, "reentry": reentry}
    teams = {
        "Team North": create_team(actor=None, program=drug, name="Team North"),
        "Team South": create_team(actor=None, program=drug, name="Team South"),
        "Re-entry Team": create_team(actor=None, program=reentry, name="Re-entry Team"),
    }
    users: dict[str, User] = {}
    for persona in PERSONAS + EXTRA_STAFF:
        user = create_user(
            actor=None,
            username=persona.username,
            password=PASSWORD,
            display_name=persona.display_name,
            is_superuser=persona.role is None,
        )
        TOTP.activate(user, generate_totp_secret())
        if persona.role is not None:
            grant_role(
                actor=None,
                user=user,
                program=programs[persona.program],
                role=persona.role,
                team=teams[persona.team] if persona.team else None,
            )
        users[persona.username] = user
    return World(
        drug=drug,
        reentry=reentry,
        north=teams["Team North"],
        south=teams["Team South"],
        reentry_team=teams["Re-entry Team"],
        users=users,
        north_person=make_participant(users["casemanager"], drug, teams["Team North"], "North"),
        south_person=make_participant(users["cm.south"], drug, teams["Team South"], "South"),
        reentry_person=make_participant(
            users["outsider"], reentry, teams["Re-entry Team"], "Reentry"
        ),
    )


@pytest.fixture
def login(world: World):
    """login("casemanager") -> a test client signed in as that persona."""

    def _login(username: str) -> Client:
        client = Client()
        client.force_login(world.user(username))
        return client

    return _login


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Hashing is deliberately slow in production; tests of hashing ask for the real hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background tasks run on commit in the test's own thread, which sees its transaction.
    settings.MISSIONCJ_TASKS = "inline"
