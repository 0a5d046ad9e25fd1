"""Contacts as `log_contact` writes them, and weekly groups as `record_group_session` does.

Contacts come as a Poisson process whose weekly rate follows the Critical Time Intervention
phase (most in transition, fewest in transfer of care), scaled by the person's engagement (a
long-tailed lognormal) and one calibration factor. A few of the newest notes are still drafts.

Each team holds one group a week, its curriculum alternating (dual recovery therapy, peer
recovery, prosocial thinking), for its enrolled members; members attend by habit.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from missioncj.care.curricula_seed import SEED
from missioncj.care.models import Attendance, Contact, GroupSession
from missioncj.demo.scale import vocab
from missioncj.demo.scale.chain import Ev
from missioncj.demo.scale.context import Context, ProgramRows, new_uuid, request_id
from missioncj.demo.scale.people import EpisodeRows, Person
from missioncj.demo.scale.plan import DAY
from missioncj.demo.scale.timeline import cti_segments, next_weekday

CONTACT_COLUMNS = (
    "id public_id created_at updated_at episode_id participant_id occurred_at duration_minutes "
    "modality location with_whom collateral_id components note author_id signed_at"
)
MODALITIES = ["in_person"] * 5 + ["phone"] * 3 + ["text", "video", "outreach_attempt"]
PLACES = ["office", "office", "court", "home", "community", "community", "jail"]
EXTRA = [2, 4, 8, 16, 32, 64, 0, 0]  # DRT, peer, vocational, trauma, legal, linkage, none
DURATIONS = [10, 15, 15, 20, 30, 30, 45, 60, 90]
NOTES = vocab.NOTES
GROUP_PLAN = [("drt", 1, 10), ("peer", 3, 14), ("drt", 1, 10), ("prosocial", 2, 13)]
GROUP_PLACES = {
    "drt": "Treatment center, group room",
    "peer": "Recovery community center",
    "prosocial": "Probation annex, room 2",
}


def contact_days(
    rng: random.Random, person: Person, episode: EpisodeRows, rate: float, today: dt.date
) -> list[dt.date]:
    days: list[dt.date] = []
    for first, last, weight in cti_segments(person.program.plan, episode.plan, today):
        per_day = rate * weight * person.plan.engagement / 7
        if per_day <= 0:
            continue
        span = (last - first).days + 1
        at = rng.expovariate(per_day)
        while at < span:
            days.append(first + dt.timedelta(days=int(at)))
            at += rng.expovariate(per_day)
    return days


def heavy_days(episode: EpisodeRows, count: int, today: dt.date) -> list[dt.date]:
    assert episode.plan.enrolled is not None
    span = (today - DAY - episode.plan.enrolled).days
    return [episode.plan.enrolled + dt.timedelta(days=span * i // count) for i in range(count)]


def write_contacts(ctx: Context, person: Person, episode: EpisodeRows, days: list[dt.date]) -> None:
    rng = person.rng
    zone = person.program.plan.zone
    staff = episode.team.staff
    authors = [staff[0]] * 6 + [staff[1]] * 3 + ([staff[2]] if len(staff) > 2 else [staff[0]])
    collateral = person.collateral
    draw = rng.random  # indexing by random() rather than choice(): this runs millions of times
    recent = ctx.today - dt.timedelta(days=3)
    for day in days:
        occurred = ctx.at(day, zone, rng)
        if occurred >= ctx.now:
            continue
        author = authors[int(draw() * 10)]
        modality = MODALITIES[int(draw() * len(MODALITIES))]
        in_person = modality not in ("phone", "video", "text")
        location = PLACES[int(draw() * len(PLACES))] if in_person else "remote"
        with_whom, collateral_id, collateral_pid = "participant", None, None
        if collateral is not None and draw() < 0.12:
            with_whom = "collateral" if draw() < 0.7 else "both"
            collateral_id, collateral_pid = collateral[0], str(collateral[1])
        components = 1 | EXTRA[int(draw() * len(EXTRA))]
        note = NOTES[int(draw() * len(NOTES))]
        duration = DURATIONS[int(draw() * len(DURATIONS))]
        entered = ctx.entered(rng, occurred)
        draft = day >= recent and draw() < 0.05
        signed = None if draft else entered
        contact_id, public_id = ctx.id(Contact), new_uuid(rng)
        ctx.row(
            Contact,
            CONTACT_COLUMNS,
            (
                contact_id,
                public_id,
                entered,
                entered,
                episode.id,
                person.id,
                occurred,
                duration,
                modality,
                location,
                with_whom,
                collateral_id,
                components,
                note,
                author.id,
                signed,
            ),
        )
        person.event(
            entered,
            "create",
            "contact.create",
            author.actor,
            "care.contact",
            public_id,
            after={
                "occurred_at": str(occurred),
                "duration_minutes": duration,
                "modality": modality,
                "location": location,
                "with_whom": with_whom,
                "collateral": collateral_pid,
                "components": components,
                "note": note,
                "signed_at": str(signed) if signed else None,
            },
        )


def write_groups(
    ctx: Context, rng: random.Random, rows: ProgramRows, people: list[Person], share: float
) -> dict[int, list[tuple[dt.date, str]]]:
    """Every team's weekly groups; returns episode id -> [(local day, status)] for the court
    phase criteria. Attendance events go to each member's own list."""
    plan = rows.plan
    zone = plan.zone
    by_team: dict[int, list[tuple[Person, EpisodeRows]]] = defaultdict(list)
    habit: dict[int, float] = {}
    for person in people:
        for episode in person.episodes:
            if episode.plan.enrolled is not None:
                by_team[episode.team.id].append((person, episode))
                habit[episode.id] = rng.choice([0.95, 0.9, 0.85, 0.8, 0.7, 0.5, 0.3])
    tally: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    start = plan.assessments_since or plan.opened
    for team in rows.teams:
        members = by_team.get(team.id, [])
        number = {kind: 0 for kind in rows.curricula}
        week = 0
        monday = next_weekday(start, 0)
        while monday < ctx.today - DAY:
            kind, weekday, hour = GROUP_PLAN[week % len(GROUP_PLAN)]
            week += 1
            day = monday + dt.timedelta(days=weekday)
            monday += dt.timedelta(weeks=1)
            if day >= ctx.today:
                break
            present = [
                (p, e)
                for p, e in members
                if e.plan.enrolled is not None
                and e.plan.enrolled <= day
                and (e.plan.closed is None or day < e.plan.closed)
                and rng.random() < share
            ]
            if not present:
                continue
            curriculum_id, curriculum_pid, size = rows.curricula[kind]
            number[kind] = number[kind] % size + 1
            _session(
                ctx,
                rng,
                rows,
                team,
                kind,
                curriculum_id,
                curriculum_pid,
                number[kind],
                dt.datetime.combine(day, dt.time(hour), tzinfo=zone),
                present,
                habit,
                tally,
            )
    return tally


def _session(
    ctx: Context,
    rng: random.Random,
    rows: ProgramRows,
    team: Any,
    kind: str,
    curriculum_id: int,
    curriculum_pid: Any,
    session_number: int,
    occurred: dt.datetime,
    present: list[tuple[Person, EpisodeRows]],
    habit: dict[int, float],
    tally: dict[int, list[tuple[dt.date, str]]],
) -> None:
    facilitator = team.peer if kind == "peer" else (team.clinician or team.case_manager)
    entered = ctx.entered(rng, occurred + dt.timedelta(minutes=90), 180)
    session_id, public_id = ctx.id(GroupSession), new_uuid(rng)
    location = GROUP_PLACES[kind]
    ctx.row(
        GroupSession,
        "id public_id created_at updated_at program_id curriculum_id curriculum_version "
        "session_number occurred_at duration_minutes location is_individual_makeup note "
        "recorded_by_id",
        (
            session_id,
            public_id,
            entered,
            entered,
            rows.id,
            curriculum_id,
            1,
            session_number,
            occurred,
            90,
            location,
            False,
            "",
            facilitator.id,
        ),
    )
    rows.latest_group[team.id] = public_id
    through = GroupSession.facilitators.through
    ctx.row(through, "id groupsession_id user_id", (ctx.id(through), session_id, facilitator.id))
    request = request_id(rng)
    ctx.events.append(
        Ev(
            entered,
            "create",
            "group_session.create",
            facilitator.actor,
            None,
            "care.groupsession",
            public_id,
            after={
                "program": str(rows.public_id),
                "curriculum": str(curriculum_pid),
                "curriculum_version": 1,
                "session_number": session_number,
                "occurred_at": str(occurred),
                "duration_minutes": 90,
                "location": location,
                "is_individual_makeup": False,
                "note": "",
                "facilitators": [facilitator.username],
                "members": len(present),
            },
            request_id=request,
        )
    )
    name = SEED[kind][0]
    day = occurred.date()
    for person, episode in present:
        roll = rng.random()
        status = "present" if roll < habit[episode.id] else ("excused" if roll > 0.93 else "absent")
        ctx.row(
            Attendance,
            "id group_session_id episode_id participant_id status note",
            (ctx.id(Attendance), session_id, episode.id, person.id, status, ""),
        )
        person.events.append(
            Ev(
                entered,
                "create",
                "attendance.create",
                facilitator.actor,
                person.public_id,
                "care.groupsession",
                public_id,
                after={
                    "episode": episode.pid,
                    "curriculum": name,
                    "session_number": session_number,
                    "status": status,
                    "note": "",
                },
                request_id=request,
            )
        )
        tally[episode.id].append((day, status))
