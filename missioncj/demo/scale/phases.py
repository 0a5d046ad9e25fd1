"""Court phases as `start_phase`, `promote`, `demote` and `record_task` leave them.

A promotion's audit event carries the criteria the service would have found unmet that day:
`phase_criteria.evaluate` runs over the episode's own tests, group attendance, sanctions and
tasks up to that day, and an unmet criterion needs a reason, as the service asks.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from missioncj.care.models import COMPLETED
from missioncj.court.models import PhaseMove, PhaseTask
from missioncj.court.phase_criteria import evaluate
from missioncj.court.services.phase_moves import START_REASON
from missioncj.demo.scale.context import Context, new_uuid
from missioncj.demo.scale.people import EpisodeRows, Person

DEMOTE_REASONS = [
    "Relapse: positive tests after a month clean",
    "Missed treatment and two random calls",
    "New arrest while in the program",
]
PROMOTE_REASONS = [
    "Judge promoted at the status hearing on the team's recommendation",
    "Steady progress; the team agreed the remaining criteria will follow",
]


def write_phases(
    ctx: Context,
    person: Person,
    episode: EpisodeRows,
    tests: list[SimpleNamespace],
    attendance: list[tuple[dt.date, str]],
    sanctions: list[dt.date],
) -> None:
    plan, rows = episode.plan, person.program
    if not plan.moves or rows.court is None:
        return
    rng, zone = person.rng, rows.plan.zone
    planner = rows.supervisor
    end = plan.last_day(ctx.today)
    done: dict[int, dict[str, dt.date]] = {}  # phase number -> task -> day
    moves = plan.moves
    for index, move in enumerate(moves):
        phase_id, phase_pid, phase = rows.phases[move.number]
        leaves = moves[index + 1].on if index + 1 < len(moves) else end
        previous = moves[index - 1] if index else None
        when = ctx.entered(rng, ctx.at(move.on, zone, rng, 15, 17), 240)
        before = {"phase": previous.number, "since": str(previous.on)} if previous else None
        after: dict[str, Any] = {
            "phase": move.number,
            "court": str(rows.court[1]),
            "on": str(move.on),
            "decided_by": rows.judge,
        }
        if move.kind == "start":
            reason = START_REASON
            after["reason"] = reason
        elif move.kind == "demote":
            reason = rng.choice(DEMOTE_REASONS)
            after["reason"] = reason
        else:
            assert previous is not None
            unmet = _unmet(
                rows,
                previous,
                move.on,
                plan.enrolled,
                tests,
                attendance,
                sanctions,
                done.get(previous.number, {}),
            )
            reason = (
                rng.choice(PROMOTE_REASONS)
                if unmet
                else f"All criteria for Phase {previous.number} met"
            )
            after |= {"reason": reason, "criteria_met": not unmet, "unmet": unmet}
        move_pid = new_uuid(rng)
        ctx.row(
            PhaseMove,
            "id public_id created_at updated_at participant_id episode_id phase_id kind on "
            "decided_by reason recorded_by_id",
            (
                ctx.id(PhaseMove),
                move_pid,
                when,
                when,
                person.id,
                episode.id,
                phase_id,
                move.kind,
                move.on,
                rows.judge,
                reason,
                planner.id,
            ),
        )
        person.event(
            when,
            "transition",
            f"court.phase.{move.kind}",
            planner.actor,
            "court.phasemove",
            move_pid,
            before=before,
            after=after,
        )
        _tasks(ctx, person, episode, move.number, phase_id, phase_pid, phase, move.on, leaves, done)


def _tasks(
    ctx: Context,
    person: Person,
    episode: EpisodeRows,
    number: int,
    phase_id: int,
    phase_pid: Any,
    phase: Any,
    entered: dt.date,
    leaves: dt.date,
    done: dict[int, dict[str, dt.date]],
) -> None:
    rng, zone = person.rng, person.program.plan.zone
    already = done.setdefault(number, {})
    span = (leaves - entered).days - 1
    if span < 7:
        return
    for task in phase.tasks:
        if task in already or rng.random() > 0.85:
            continue
        day = entered + dt.timedelta(days=rng.randint(7, span))
        if day >= ctx.today:
            continue
        already[task] = day
        when = ctx.entered(rng, ctx.at(day, zone, rng), 240)
        task_pid = new_uuid(rng)
        ctx.row(
            PhaseTask,
            "id public_id created_at updated_at participant_id episode_id phase_id task done_on "
            "recorded_by_id",
            (
                ctx.id(PhaseTask),
                task_pid,
                when,
                when,
                person.id,
                episode.id,
                phase_id,
                task,
                day,
                episode.team.case_manager.id,
            ),
        )
        person.event(
            when,
            "create",
            "court.phase.task",
            episode.team.case_manager.actor,
            "court.phasetask",
            task_pid,
            after={"phase": str(phase_pid), "task": task, "done_on": str(day)},
        )


def _unmet(
    rows: Any,
    previous: Any,
    on: dt.date,
    enrolled: dt.date | None,
    tests: list[SimpleNamespace],
    attendance: list[tuple[dt.date, str]],
    sanctions: list[dt.date],
    tasks: dict[str, dt.date],
) -> list[dict[str, str]]:
    """What `promote` puts in its event: the criteria of the phase being left not met on `on`."""
    assert enrolled is not None
    phase = rows.phases[previous.number][2]
    recorded = [s for d, s in attendance if previous.on <= d <= on and s != "excused"]
    past = [d for d in sanctions if d <= on]
    status = evaluate(
        phase=phase,
        entered_on=previous.on,
        enrolled_on=enrolled,
        today=on,
        tests=tests,
        attended=sum(1 for s in recorded if s in COMPLETED),
        recorded=len(recorded),
        last_sanction=max(past) if past else None,
        tasks_done=[t for t, d in tasks.items() if d <= on],
    )
    return [{"criterion": c.key, "figures": c.figures} for c in status.unmet]
