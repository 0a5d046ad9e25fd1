"""One program drawn as a stream of messages for the writing side (`pipeline`): its setup, its
people and every record of theirs as stored rows, and the audit events of all of it in chain
order (each person's in the order they happened).

Drawing touches no database, so it can run in another process ahead of the writing."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from missioncj.demo.scale import care, courtroom, docket, phases, setup, testing
from missioncj.demo.scale.assess import AnswerPool, write_assessments
from missioncj.demo.scale.chain import Ev
from missioncj.demo.scale.context import Context, Message, ProgramRows
from missioncj.demo.scale.linkage import write_outcomes, write_referrals
from missioncj.demo.scale.people import Person, prepare, write_person
from missioncj.demo.scale.plan import ProgramPlan
from missioncj.demo.scale.reads import add_reads
from missioncj.demo.scale.spec import ScaleSpec

MAX_READS = 3.0  # reads per write at most, whatever the audit target
EVENTS_PER_MESSAGE = 20_000


@dataclass
class Run:
    """What every program of a load draws with."""

    spec: ScaleSpec
    pool: AnswerPool
    contact_rate: float
    referral_rate: float
    people: int  # in the whole load


@dataclass
class Tally:
    """Running totals across programs (for the read rate and the manifest)."""

    people: int = 0
    writes: int = 0
    reads: int = 0
    public_ids: dict[int, str] = field(default_factory=dict)  # person index -> public id
    landmarks: dict[str, Any] = field(default_factory=dict)


def read_ratio(spec: ScaleSpec, tally: Tally, people_left: int) -> float:
    """Reads per write so the load ends at the audit target: writes still to come are
    estimated from the writes per person so far."""
    per_person = tally.writes / tally.people if tally.people else 150.0
    coming = per_person * people_left
    wanted = spec.audit_events - tally.writes - tally.reads - coming
    return min(MAX_READS, max(0.0, wanted / coming)) if coming else 0.0


def as_stored(event: Ev) -> tuple[Any, ...]:
    return (
        event.occurred_at,
        event.kind,
        event.action,
        event.actor_id,
        event.actor_label,
        event.participant_public_id,
        event.subject_type,
        event.subject_public_id,
        event.request_id,
        event.before,
        event.after,
    )


def program_messages(ctx: Context, plan: ProgramPlan, run: Run, tally: Tally) -> Iterator[Message]:
    """("begin", index), ("rows", …) and ("events", […]) messages, then ("end", index, local
    counts). The writing side applies them in one transaction."""
    rng = random.Random(f"{ctx.seed}:program:{plan.index}")
    ctx.plan, ctx.events, ctx.dockets = plan, [], 0
    ctx.ids.start_program()
    yield ("begin", plan.index)
    rows = setup.write_program(ctx, rng)
    opened = dt.datetime.combine(plan.opened - dt.timedelta(days=30), dt.time(10), tzinfo=plan.zone)
    courtroom.court(ctx, rng, rows, opened)
    courtroom.schedules(ctx, rng, rows)
    people = [prepare(ctx, person, rows) for person in plan.people]
    heavy = next((p for p in people if p.plan.heavy), None)
    days: Counter[dt.date] = Counter()
    for person in people:
        exact = run.spec.heavy_hearings if person is heavy else 0
        for episode in person.episodes:
            for day in docket.docket_days(episode.plan, plan, ctx.today, exact):
                days[day] += 1
    courtroom.calendar(ctx, rng, rows, {d for d in days if d < ctx.today})
    attendance = care.write_groups(ctx, rng, rows, people, run.spec.group_share)
    events = [as_stored(e) for e in sorted(ctx.events, key=attrgetter("occurred_at"))]
    tally.writes += len(events)
    ratio = read_ratio(run.spec, tally, run.people - tally.people)
    for person in people:
        _person(ctx, run, person, person is heavy, attendance)
        tally.writes += len(person.events)
        tally.reads += add_reads(person, ratio)
        tally.people += 1
        tally.public_ids[person.plan.index] = person.pid
        person.events.sort(key=attrgetter("occurred_at"))
        events.extend(as_stored(e) for e in person.events)
        person.events = []
        yield from ctx.take_outbox()
        if len(events) >= EVENTS_PER_MESSAGE:
            yield ("events", events)
            events = []
    ctx.flush_rows()
    yield from ctx.take_outbox()
    if events:
        yield ("events", events)
    if plan.index == 0:
        tally.landmarks = _landmarks(ctx, rows, heavy, days)
    yield ("end", plan.index, dict(ctx.ids.local))


def _person(
    ctx: Context,
    run: Run,
    person: Person,
    heavy: bool,
    attendance: dict[int, list[tuple[dt.date, str]]],
) -> None:
    spec = run.spec
    write_person(ctx, person)
    rows = person.program
    for number, episode in enumerate(person.episodes):
        if heavy:
            days = care.heavy_days(episode, spec.heavy_contacts, ctx.today)
        else:
            days = care.contact_days(person.rng, person, episode, run.contact_rate, ctx.today)
        care.write_contacts(ctx, person, episode, days)
        exact = spec.heavy_tests if heavy else 0
        tests = testing.write_tests(ctx, person, episode, rows.phases, exact)
        case = None
        if rows.court is not None:
            case = docket.open_case(ctx, person, episode, person.docket_numbers[number], rows.court)
        sanctions = docket.write_docket(
            ctx, person, episode, case, tests, spec.heavy_hearings if heavy else 0
        )
        phases.write_phases(ctx, person, episode, tests, attendance.get(episode.id, []), sanctions)
        write_assessments(ctx, person, episode, run.pool)
        write_referrals(ctx, person, episode, run.referral_rate)
        write_outcomes(ctx, person, episode)


def _landmarks(
    ctx: Context, rows: ProgramRows, heavy: Person | None, days: Counter[dt.date]
) -> dict[str, Any]:
    """What the benchmarks open, from the report program: its logins, the heavy participant,
    the busiest recent docket day and the newest group of the case manager's team."""
    out: dict[str, Any] = {
        "report_program": str(rows.public_id),
        "logins": {
            "director": rows.director.username,
            "supervisor": rows.supervisor.username,
            "court": rows.court_partner.username,
            "evaluator": rows.evaluator.username,
        },
    }
    if heavy is not None:
        team = heavy.episodes[0].team
        out["heavy_participant"] = heavy.pid
        out["logins"] |= {"casemanager": team.case_manager.username, "peer": team.peer.username}
        latest = rows.latest_group.get(team.id)
        out["group_session"] = str(latest) if latest else None
    recent = [d for d in days if ctx.today - dt.timedelta(days=60) <= d < ctx.today]
    if recent:
        busiest = max(recent, key=lambda d: (days[d], d))
        out["docket"] = {"program": str(rows.public_id), "date": str(busiest)}
    return out
