"""A program as `create_organization`, `create_program` (with its seeded curricula),
`create_team`, `create_user` and `grant_role` would leave it, dated when the program opened.

Audit payloads come from the services' own `snapshot()` over unsaved model instances, so they
are what the services record; the rows go through the raw writer with explicit ids and
public ids drawn from the seed.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from missioncj.accounts.models import Membership, Role, User
from missioncj.care.curricula_seed import SEED, SEED_NOTE, seed_sessions
from missioncj.care.models import Curriculum, CurriculumRevision, CurriculumSession
from missioncj.core.audit import snapshot
from missioncj.demo.scale import vocab
from missioncj.demo.scale.chain import Ev
from missioncj.demo.scale.context import Context, ProgramRows, Staff, TeamRows, new_uuid
from missioncj.programs.models import Organization, Program, Team
from missioncj.programs.services import PROGRAM_FIELDS

TEAM_WORDS = ["North", "South", "East", "West", "Central", "River", "Hill", "Lake", "Park", "Bay"]
SYSTEM = None  # set up by the installation: the services' actor=None ("system")


def team_name(number: int) -> str:
    word = TEAM_WORDS[number % len(TEAM_WORDS)]
    return f"Team {word}" if number < len(TEAM_WORDS) else f"Team {word} {number // 10 + 1}"


def _person_name(rng: random.Random) -> str:
    names = vocab.MALE_FIRST if rng.random() < 0.5 else vocab.FEMALE_FIRST
    return f"{names.draw(rng)} {vocab.LAST_NAMES.draw(rng)}"


def _stamp(moment: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    return moment, moment


def organization(ctx: Context, rng: random.Random, name: str, moment: dt.datetime) -> int:
    org_id, public_id = ctx.id(Organization), new_uuid(rng)
    ctx.row(
        Organization,
        "id public_id created_at updated_at name is_demo",
        (org_id, public_id, moment, moment, name, True),
    )
    ctx.events.append(
        Ev(
            moment,
            "create",
            "organization.create",
            SYSTEM,
            None,
            "programs.organization",
            public_id,
            after={"name": name, "is_demo": True},
        )
    )
    return org_id


def program(
    ctx: Context, rng: random.Random, org_id: int, moment: dt.datetime
) -> tuple[int, uuid.UUID]:
    plan = ctx.plan
    third = max(1, round(plan.length_months / 3))
    instance = Program(
        name=plan.name,
        court_type=plan.court_type,
        intercept=plan.intercept,
        time_zone=plan.state[2],
        planned_length_months=plan.length_months,
        cti_transition_months=third,
        cti_tryout_months=third,
        cti_transfer_months=third,
    )
    program_id, public_id = ctx.id(Program), new_uuid(rng)
    ctx.row(
        Program,
        "id public_id created_at updated_at organization_id name court_type intercept time_zone "
        "planned_length_months cti_transition_months cti_tryout_months cti_transfer_months",
        (
            program_id,
            public_id,
            moment,
            moment,
            org_id,
            instance.name,
            instance.court_type,
            instance.intercept,
            instance.time_zone,
            instance.planned_length_months,
            third,
            third,
            third,
        ),
    )
    ctx.events.append(
        Ev(
            moment,
            "create",
            "program.create",
            SYSTEM,
            None,
            "programs.program",
            public_id,
            after=snapshot(instance, PROGRAM_FIELDS),
        )
    )
    _curricula(ctx, rng, program_id, public_id, moment)
    return program_id, public_id


def _curricula(
    ctx: Context, rng: random.Random, program_id: int, program_pid: uuid.UUID, moment: dt.datetime
) -> None:
    """`seed_curricula`, the hook every new program runs."""
    for kind, (name, _) in SEED.items():
        sessions = seed_sessions(kind)
        curriculum_id, public_id = ctx.id(Curriculum), new_uuid(rng)
        ctx.row(
            Curriculum,
            "id public_id created_at updated_at program_id kind name version",
            (curriculum_id, public_id, moment, moment, program_id, kind, name, 1),
        )
        for session in sessions:
            ctx.row(
                CurriculumSession,
                "id curriculum_id number title guide",
                (
                    ctx.id(CurriculumSession),
                    curriculum_id,
                    session["number"],
                    session["title"],
                    session["guide"],
                ),
            )
        ctx.row(
            CurriculumRevision,
            "id curriculum_id version sessions note edited_by_id created_at",
            (ctx.id(CurriculumRevision), curriculum_id, 1, sessions, SEED_NOTE, None, moment),
        )
        ctx.events.append(
            Ev(
                moment,
                "create",
                "curriculum.seed",
                SYSTEM,
                None,
                "care.curriculum",
                public_id,
                after={
                    "program": str(program_pid),
                    "kind": kind,
                    "name": name,
                    "version": 1,
                    "sessions": len(sessions),
                },
            )
        )
        ctx.curricula[kind] = (curriculum_id, public_id, len(sessions))


def team(
    ctx: Context, rng: random.Random, program_pid: uuid.UUID, name: str, moment: dt.datetime
) -> tuple[int, uuid.UUID]:
    team_id, public_id = ctx.id(Team), new_uuid(rng)
    ctx.row(
        Team,
        "id public_id created_at updated_at program_id name",
        (team_id, public_id, moment, moment, ctx.program_id, name),
    )
    ctx.events.append(
        Ev(
            moment,
            "create",
            "team.create",
            SYSTEM,
            None,
            "programs.team",
            public_id,
            after={"name": name, "program": str(program_pid)},
        )
    )
    return team_id, public_id


def user(ctx: Context, rng: random.Random, username: str, moment: dt.datetime) -> Staff:
    display = _person_name(rng)
    user_id = ctx.id(User)
    ctx.row(
        User,
        "id password last_login is_superuser username first_name last_name email is_staff "
        "is_active date_joined display_name",
        (
            user_id,
            ctx.password_hash,
            None,
            False,
            username,
            "",
            "",
            "",
            False,
            True,
            moment,
            display,
        ),
    )
    ctx.events.append(
        Ev(
            moment,
            "create",
            "user.create",
            SYSTEM,
            None,
            "accounts.user",
            "",
            after={"username": username, "display_name": display, "is_superuser": False},
        )
    )
    return Staff(user_id, username, display)


def grant(
    ctx: Context,
    staff: Staff,
    role: str,
    program_pid: uuid.UUID,
    moment: dt.datetime,
    team: tuple[int, uuid.UUID] | None = None,
) -> None:
    ctx.row(
        Membership,
        "id user_id program_id role team_id active created_at",
        (
            ctx.id(Membership),
            staff.id,
            ctx.program_id,
            role,
            team[0] if team else None,
            True,
            moment,
        ),
    )
    ctx.events.append(
        Ev(
            moment,
            "role",
            "membership.grant",
            SYSTEM,
            None,
            after={
                "user": staff.username,
                "program": str(program_pid),
                "role": role,
                "team": str(team[1]) if team else None,
            },
        )
    )


def staff_and_teams(
    ctx: Context, rng: random.Random, program_pid: uuid.UUID, moment: dt.datetime
) -> ProgramRows:
    """The program's director, supervisor, court partner and the state's evaluator, then its
    teams: a case manager and a peer each, a clinician on every other team."""
    plan = ctx.plan
    prefix = f"{plan.county.lower().replace(' ', '')}.{plan.court_type.split('_')[0]}"
    if ctx.states > 1:
        prefix = f"{plan.state[1].lower()}.{prefix}"
    people: dict[str, Staff] = {}
    for key, role in (
        ("director", Role.DIRECTOR),
        ("supervisor", Role.SUPERVISOR),
        ("court", Role.COURT_PARTNER),
    ):
        people[key] = user(ctx, rng, f"{prefix}.{key}", moment)
        grant(ctx, people[key], role, program_pid, moment)
    evaluator = ctx.evaluators.get(plan.state[1])
    if evaluator is None:
        evaluator = user(ctx, rng, f"{plan.state[1].lower()}.evaluator", moment)
        ctx.evaluators[plan.state[1]] = evaluator
    grant(ctx, evaluator, Role.EVALUATOR, program_pid, moment)
    teams = []
    for number in range(plan.teams):
        name = team_name(number)
        team_ids = team(ctx, rng, program_pid, name, moment)
        members: dict[str, Staff] = {}
        for key, role in (("cm", Role.CASE_MANAGER), ("peer", Role.PEER), ("clin", Role.CLINICIAN)):
            if key == "clin" and number % 2:
                continue
            members[key] = user(ctx, rng, f"{prefix}.{key}{number + 1}", moment)
            grant(ctx, members[key], role, program_pid, moment, team_ids)
        teams.append(
            TeamRows(
                team_ids[0], team_ids[1], name, members["cm"], members["peer"], members.get("clin")
            )
        )
    return ProgramRows(
        plan=plan,
        id=ctx.program_id,
        public_id=program_pid,
        director=people["director"],
        supervisor=people["supervisor"],
        court_partner=people["court"],
        evaluator=evaluator,
        teams=teams,
    )


def write_program(ctx: Context, rng: random.Random) -> ProgramRows:
    plan = ctx.plan
    moment = dt.datetime.combine(plan.opened - dt.timedelta(days=30), dt.time(10), tzinfo=plan.zone)
    org_name = f"{plan.county} County Justice Services"
    if ctx.states > 1:
        org_name += f" ({plan.state[1]})"
    org_id = ctx.organizations.get(org_name)
    if org_id is None:
        org_id = ctx.organizations[org_name] = organization(ctx, rng, org_name, moment)
    ctx.curricula = {}
    ctx.program_id, program_pid = program(ctx, rng, org_id, moment)
    rows = staff_and_teams(ctx, rng, program_pid, moment)
    rows.curricula = ctx.curricula
    rows.judge = f"Hon. {_person_name(rng)}"
    return rows
