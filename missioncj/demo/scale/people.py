"""Participants as `create_participant` (with identifiers and phones), `add_address`,
`add_collateral`, `open_episode` and `change_status` leave them, with the same audit events.

Everything about one person is written together, and their events are chained in the order
they happened.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from missioncj.demo.scale import vocab
from missioncj.demo.scale.chain import EPISODE, PARTICIPANT, Ev
from missioncj.demo.scale.context import Actor, Context, ProgramRows, Staff, TeamRows, new_uuid
from missioncj.demo.scale.context import request_id as new_request
from missioncj.demo.scale.plan import EpisodePlan, PersonPlan
from missioncj.participants.models import (
    Address,
    CollateralContact,
    Episode,
    EpisodeStatus,
    Identifier,
    Participant,
    Phone,
)

RELATIONSHIPS = [
    "Mother",
    "Sister",
    "Brother",
    "Partner",
    "Father",
    "Aunt",
    "Grandmother",
    "Friend",
]
PARTICIPANT_COLUMNS = (
    "id public_id created_at updated_at first_name middle_name last_name preferred_name "
    "date_of_birth sex gender_identity race ethnicity veteran_status preferred_language "
    "created_by_id restricted restricted_reason"
)
EPISODE_COLUMNS = (
    "id public_id created_at updated_at participant_id program_id team_id status referral_date "
    "referral_source screening_date enrolled_date closed_date discharge_reason closing_note"
)


@dataclass(eq=False)
class EpisodeRows:
    plan: EpisodePlan
    id: int
    public_id: uuid.UUID
    team: TeamRows
    state: dict[str, Any] = field(default_factory=dict)  # the EPISODE_FIELDS snapshot now

    def __post_init__(self) -> None:
        self.pid = str(self.public_id)  # as audit events name it


@dataclass(eq=False)
class Person:
    """One participant being written: their ids, their rng, and their events."""

    plan: PersonPlan
    rng: random.Random
    id: int
    public_id: uuid.UUID
    program: ProgramRows
    episodes: list[EpisodeRows] = field(default_factory=list)
    collateral: tuple[int, uuid.UUID, str] | None = None
    phones: list[str] = field(default_factory=list)
    events: list[Ev] = field(default_factory=list)
    docket_numbers: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.pid = str(self.public_id)  # as audit events name it

    def event(
        self,
        when: dt.datetime,
        kind: str,
        action: str,
        actor: Actor | None,
        subject_type: str = PARTICIPANT,
        subject: uuid.UUID | str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        request: str | None = None,
    ) -> None:
        self.events.append(
            Ev(
                when,
                kind,
                action,
                actor,
                self.public_id,
                subject_type,
                subject if subject is not None else self.pid,
                before,
                after,
                request if request is not None else new_request(self.rng),
            )
        )


def _phone(rng: random.Random, person: PersonPlan) -> str:
    area = rng.choice(person.program.state[3])
    return f"({area}) {rng.randint(201, 989)}-{rng.randint(0, 9999):04d}"


def _cities(person: PersonPlan) -> list[str]:
    county = person.program.county
    return [county + ending for ending in vocab.TOWN_ENDINGS[:3]]


def write_person(ctx: Context, person: Person) -> None:
    plan, rng, program = person.plan, person.rng, person.program
    first = plan.episodes[0]
    team = program.teams[first.team]
    actor = team.case_manager
    created = ctx.entered(rng, ctx.at(first.referral, program.plan.zone, rng), 90)
    ctx.row(
        Participant,
        PARTICIPANT_COLUMNS,
        (
            person.id,
            person.public_id,
            created,
            created,
            plan.first,
            plan.middle,
            plan.last,
            plan.preferred,
            plan.born,
            plan.sex,
            "",
            plan.race,
            "hispanic" if plan.hispanic else "not_hispanic",
            "veteran" if plan.veteran else "not_veteran",
            plan.language,
            actor.id,
            False,
            "",
        ),
    )
    request = new_request(rng)
    person.event(
        created,
        "create",
        "participant.create",
        actor.actor,
        after={
            "first_name": plan.first,
            "middle_name": plan.middle,
            "last_name": plan.last,
            "preferred_name": plan.preferred,
            "date_of_birth": str(plan.born),
            "sex": plan.sex,
            "gender_identity": "",
            "race": plan.race,
            "ethnicity": "hispanic" if plan.hispanic else "not_hispanic",
            "veteran_status": "veteran" if plan.veteran else "not_veteran",
            "preferred_language": plan.language,
        },
        request=request,
    )
    for number, episode in enumerate(person.episodes):
        opened = (
            created
            if number == 0
            else ctx.entered(rng, ctx.at(episode.plan.referral, program.plan.zone, rng), 90)
        )
        open_episode(ctx, person, episode, opened, request if number == 0 else None)
        if number == 0:
            _identifiers(ctx, person, created, request, person.docket_numbers[:1])
        run_status(ctx, person, episode)
    if rng.random() < 0.85:
        _addresses(ctx, person, created, actor)
    if rng.random() < 0.5:
        _collateral(ctx, person, created, actor)


def _identifiers(
    ctx: Context, person: Person, created: dt.datetime, request: str, docket_numbers: list[str]
) -> None:
    plan, rng = person.plan, person.rng
    actor = person.episodes[0].team.case_manager.actor
    county = f"{plan.program.county} County"
    items: list[tuple[str, str, str]] = []
    if plan.sid and rng.random() < 0.8:
        items.append(("state_id", plan.sid, f"State of {plan.program.state[0]}"))
    for number in docket_numbers:
        kind = "booking" if plan.program.court_type == "reentry" else "court_docket"
        items.append((kind, number, county))
    if plan.program.court_type != "reentry" and rng.random() < 0.3:
        items.append(("booking", f"B{rng.randint(1_000_000, 9_999_999)}", f"{county} Jail"))
    if rng.random() < 0.2:
        items.append(("probation", f"P{rng.randint(100_000, 999_999)}", f"{county} Probation"))
    for kind, value, issuer in items:
        ctx.row(
            Identifier,
            "id participant_id kind value issuer created_at",
            (ctx.id(Identifier), person.id, kind, value, issuer, created),
        )
        person.event(
            created,
            "create",
            "identifier.create",
            actor,
            after={"kind": kind, "value": value, "issuer": issuer},
            request=request,
        )
    phones = [("mobile", rng.random() < 0.7)] + ([("home", False)] if rng.random() < 0.2 else [])
    for label, consent in phones:
        number = _phone(rng, plan)
        person.phones.append(number)
        ctx.row(
            Phone,
            "id participant_id number label consent_to_text consent_recorded_at created_at",
            (
                ctx.id(Phone),
                person.id,
                number,
                label,
                consent,
                created if consent else None,
                created,
            ),
        )
        person.event(
            created,
            "create",
            "phone.create",
            actor,
            after={"number": number, "consent_to_text": consent},
            request=request,
        )


def _addresses(ctx: Context, person: Person, created: dt.datetime, actor: Staff) -> None:
    rng, plan = person.rng, person.plan
    moves = 2 if rng.random() < 0.15 else 1
    for number in range(moves):
        when = ctx.entered(rng, created, 60 * 24 * (30 if number else 3))
        street = f"{vocab.LAST_NAMES.draw(rng)} {rng.choice(vocab.STREET_SUFFIXES)}"
        line1 = f"{rng.randint(1, 9999)} {street}"
        city = rng.choice(_cities(plan))
        kind = rng.choice(vocab.HOUSING_KINDS)
        ctx.row(
            Address,
            "id participant_id line1 line2 city state postal_code kind is_current created_at",
            (
                ctx.id(Address),
                person.id,
                line1,
                "",
                city,
                plan.program.state[1],
                f"{rng.randint(10_000, 99_999)}",
                kind,
                number == moves - 1,
                when,
            ),
        )
        person.event(
            when,
            "create",
            "address.create",
            actor.actor,
            after={"line1": line1, "city": city, "state": plan.program.state[1], "kind": kind},
        )


def _collateral(ctx: Context, person: Person, created: dt.datetime, actor: Staff) -> None:
    rng = person.rng
    when = ctx.entered(rng, created, 60 * 24 * 5)
    names = vocab.MALE_FIRST if rng.random() < 0.5 else vocab.FEMALE_FIRST
    name = f"{names.draw(rng)} {person.plan.last}"
    relationship = rng.choice(RELATIONSHIPS)
    collateral_id, public_id = ctx.id(CollateralContact), new_uuid(rng)
    ctx.row(
        CollateralContact,
        "id public_id created_at updated_at participant_id name relationship phone email notes",
        (
            collateral_id,
            public_id,
            when,
            when,
            person.id,
            name,
            relationship,
            _phone(rng, person.plan),
            "",
            "",
        ),
    )
    person.collateral = (collateral_id, public_id, name)
    person.event(
        when,
        "create",
        "collateral.create",
        actor.actor,
        after={"name": name, "relationship": relationship},
    )


def prepare(ctx: Context, plan: PersonPlan, program: ProgramRows) -> Person:
    """Ids and public ids for a person and their episodes, before anything is written (group
    sessions and dockets refer to them)."""
    rng = random.Random(f"{ctx.seed}:{plan.index}")
    person = Person(plan, rng, ctx.id(Participant), new_uuid(rng), program)
    for episode_plan in plan.episodes:
        team = program.teams[episode_plan.team]
        person.episodes.append(EpisodeRows(episode_plan, ctx.id(Episode), new_uuid(rng), team))
        # The case that brought them: a docket number (a booking number for re-entry).
        ctx.dockets += rng.randint(1, 40)
        day = episode_plan.referral - dt.timedelta(days=rng.randint(3, 40))
        person.docket_numbers.append(
            f"{day:%y}CR{ctx.dockets:06d}"
            if program.plan.has_calendar
            else f"{day:%y}-{ctx.dockets:07d}"
        )
    return person


def open_episode(
    ctx: Context, person: Person, episode: EpisodeRows, opened: dt.datetime, request: str | None
) -> EpisodeRows:
    plan, team = episode.plan, episode.team
    episode.state = {
        "status": "referred",
        "program": str(person.program.public_id),
        "team": str(team.public_id),
        "referral_date": str(plan.referral),
        "referral_source": plan.source,
        "screening_date": None,
        "enrolled_date": None,
        "closed_date": None,
        "discharge_reason": "",
        "closing_note": "",
    }
    person.event(
        opened,
        "create",
        "episode.open",
        team.case_manager.actor,
        EPISODE,
        episode.public_id,
        after=dict(episode.state),
        request=request,
    )
    episode.state["created"] = opened
    return episode


def run_status(ctx: Context, person: Person, episode: EpisodeRows) -> None:
    """`change_status` for each step the episode took, then the episode row as it ends up."""
    plan, rng, zone = episode.plan, person.rng, person.program.plan.zone
    actor = episode.team.case_manager.actor
    created = episode.state.pop("created")
    updated = created
    steps: list[tuple[str, dt.date | None]] = [
        ("screening", plan.screening),
        ("enrolled", plan.enrolled),
        (plan.status if plan.status in ("discharged", "not_enrolled") else "", plan.closed),
    ]
    for status, day in steps:
        if not status or day is None:
            continue
        when = max(ctx.entered(rng, ctx.at(day, zone, rng), 120), updated)
        before = dict(episode.state)
        field_name = {"screening": "screening_date", "enrolled": "enrolled_date"}.get(
            status, "closed_date"
        )
        episode.state[field_name] = str(day)
        if status == "discharged":
            episode.state["discharge_reason"] = plan.reason
        if status in ("discharged", "not_enrolled"):
            episode.state["closing_note"] = plan.note
        episode.state["status"] = status
        person.event(
            when,
            "transition",
            f"episode.{status}",
            actor,
            EPISODE,
            episode.public_id,
            before=before,
            after=dict(episode.state),
        )
        updated = when
    ctx.row(
        Episode,
        EPISODE_COLUMNS,
        (
            episode.id,
            episode.public_id,
            created,
            updated,
            person.id,
            person.program.id,
            episode.team.id,
            plan.status,
            plan.referral,
            plan.source,
            plan.screening,
            plan.enrolled,
            plan.closed,
            plan.reason,
            plan.note,
        ),
    )
    assert EpisodeStatus(plan.status)
