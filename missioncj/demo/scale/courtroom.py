"""A program's court and schedules as the services set them up: `create_court` and the court
partner's `assign_seat` when the program opens, `adopt_default_phases`, one hearing series a
year for status hearings and for staffing (`create_series`, laid out in full) from the day the
program began using the calendar, and the assessment schedules it adopted (`adopt_profile`).

A status hearing is `held` once a result is recorded for someone on it (as
`record_hearing_result` leaves it); staffing meetings stay `scheduled`, as the service leaves
them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from decimal import Decimal

from missioncj.assessments.models import Schedule, Timepoint
from missioncj.assessments.profiles import PROFILES
from missioncj.assessments.schedule_services import SCHEDULE_FIELDS, TIMEPOINT_FIELDS
from missioncj.core.audit import snapshot
from missioncj.court.hearing_times import to_utc
from missioncj.court.models import Court, CourtPhase, CourtSeat, Hearing, HearingSeries, Seat
from missioncj.court.phase_defaults import DEFAULT_PHASES
from missioncj.court.services.courts import COURT_FIELDS
from missioncj.court.services.hearings import SERIES_FIELDS
from missioncj.court.services.phases import PHASE_FIELDS
from missioncj.demo.scale.chain import Ev
from missioncj.demo.scale.context import Context, ProgramRows, new_uuid
from missioncj.demo.scale.timeline import next_weekday, staffing_day

STAFFING_TIME = dt.time(14, 0)
SERIES_WEEKS = 52
FUTURE = dt.timedelta(weeks=6)


def court(ctx: Context, rng: random.Random, rows: ProgramRows, moment: dt.datetime) -> None:
    plan = rows.plan
    court_id, public_id = ctx.id(Court), new_uuid(rng)
    name = f"{plan.county} County Court, Treatment Court Part"
    if not plan.has_calendar:
        name = f"{plan.county} County Court, Probation Part"
    location = f"{plan.county} County Courthouse, {rng.randint(1, 400)} Main St"
    ctx.row(
        Court,
        "id public_id created_at updated_at program_id name location judge",
        (court_id, public_id, moment, moment, rows.id, name, location, rows.judge),
    )
    instance = Court(name=name, location=location, judge=rows.judge)
    after = snapshot(instance, COURT_FIELDS[1:])
    ctx.events.append(
        Ev(
            moment,
            "create",
            "court.create",
            None,
            None,
            "court.court",
            public_id,
            after={"program": str(rows.public_id), **after},
        )
    )
    rows.court = (court_id, public_id)
    seat_pid = new_uuid(rng)
    ctx.row(
        CourtSeat,
        "id public_id created_at updated_at court_id user_id seat active assigned_by_id",
        (
            ctx.id(CourtSeat),
            seat_pid,
            moment,
            moment,
            court_id,
            rows.court_partner.id,
            Seat.COORDINATOR,
            True,
            None,
        ),
    )
    ctx.events.append(
        Ev(
            moment,
            "create",
            "court_seat.create",
            None,
            None,
            "court.courtseat",
            seat_pid,
            after={
                "court": str(public_id),
                "user": str(rows.court_partner.id),
                "seat": Seat.COORDINATOR,
            },
        )
    )
    if plan.has_calendar:
        _phases(ctx, rng, rows, moment)


def _phases(ctx: Context, rng: random.Random, rows: ProgramRows, moment: dt.datetime) -> None:
    assert rows.court is not None
    for spec in DEFAULT_PHASES:
        phase_id, public_id = ctx.id(CourtPhase), new_uuid(rng)
        values = {
            **spec,
            "tasks": list(spec["tasks"]),
            "tests_per_week": Decimal(str(spec["tests_per_week"])),
        }
        ctx.row(
            CourtPhase,
            "id public_id created_at updated_at court_id number name min_days negative_days "
            "attendance_percent no_sanctions_days tasks tests_per_week hearing_every_days",
            (
                phase_id,
                public_id,
                moment,
                moment,
                rows.court[0],
                values["number"],
                values["name"],
                values["min_days"],
                values["negative_days"],
                values["attendance_percent"],
                values["no_sanctions_days"],
                values["tasks"],
                values["tests_per_week"],
                values["hearing_every_days"],
            ),
        )
        instance = CourtPhase(**{k: v for k, v in values.items()})
        after = {"court": str(rows.court[1]), **snapshot(instance, PHASE_FIELDS[1:])}
        ctx.events.append(
            Ev(
                moment,
                "create",
                "court.phase.create",
                rows.supervisor.actor,
                None,
                "court.courtphase",
                public_id,
                after=after,
            )
        )
        rows.phases[spec["number"]] = (phase_id, public_id, instance)


def calendar(ctx: Context, rng: random.Random, rows: ProgramRows, held: set[dt.date]) -> None:
    """Yearly series of status hearings and staffing meetings, from the day the program began
    using the calendar to six weeks ahead."""
    plan = rows.plan
    if plan.calendar_since is None or rows.court is None:
        return
    end = ctx.today + FUTURE
    start = plan.calendar_since
    staffing_weekday = staffing_day(next_weekday(start, plan.status_weekday)).weekday()
    while start <= end:
        last = min(end, start + dt.timedelta(weeks=SERIES_WEEKS) - dt.timedelta(days=1))
        made = dt.datetime.combine(start - dt.timedelta(days=7), dt.time(11), tzinfo=plan.zone)
        for kind, weekday, time, room in (
            ("status", plan.status_weekday, plan.status_time, "Courtroom 3B"),
            ("staffing", staffing_weekday, STAFFING_TIME, "Conference room 2"),
        ):
            _series(ctx, rng, rows, kind, weekday, time, room, start, last, made, held)
        start = last + dt.timedelta(days=1)


def _series(
    ctx: Context,
    rng: random.Random,
    rows: ProgramRows,
    kind: str,
    weekday: int,
    time: dt.time,
    room: str,
    start: dt.date,
    last: dt.date,
    made: dt.datetime,
    held: set[dt.date],
) -> None:
    assert rows.court is not None
    zone = rows.plan.zone
    series_id, series_pid = ctx.id(HearingSeries), new_uuid(rng)
    ctx.row(
        HearingSeries,
        "id public_id created_at updated_at court_id kind weekday local_time every_weeks "
        "starts_on ends_on created_by_id",
        (
            series_id,
            series_pid,
            made,
            made,
            rows.court[0],
            kind,
            weekday,
            time,
            1,
            start,
            last,
            rows.supervisor.id,
        ),
    )
    days: list[dt.date] = []
    day = next_weekday(start, weekday)
    while day <= last:
        days.append(day)
        day += dt.timedelta(weeks=1)
    for day in days:
        hearing_id, hearing_pid = ctx.id(Hearing), new_uuid(rng)
        starts_at = to_utc(day, time, zone)
        status, updated = "scheduled", made
        if kind == "status" and day in held and day < ctx.today:
            status = "held"
            updated = min(starts_at + dt.timedelta(hours=rng.randint(2, 30)), ctx.now)
        ctx.row(
            Hearing,
            "id public_id created_at updated_at court_id series_id kind local_date local_time "
            "starts_at room status note",
            (
                hearing_id,
                hearing_pid,
                made,
                updated,
                rows.court[0],
                series_id,
                kind,
                day,
                time,
                starts_at,
                room,
                status,
                "",
            ),
        )
        rows.hearings[(day, kind)] = (hearing_id, hearing_pid)
    after = {
        "court": str(rows.court[1]),
        "kind": kind,
        "weekday": weekday,
        "local_time": str(time),
        "every_weeks": 1,
        "starts_on": str(start),
        "ends_on": str(last),
        "dates": [str(d) for d in days],
    }
    assert set(after) - {"dates"} == set(SERIES_FIELDS)
    ctx.events.append(
        Ev(
            made,
            "create",
            "hearing_series.create",
            rows.supervisor.actor,
            None,
            "court.hearingseries",
            series_pid,
            after=after,
        )
    )


def schedules(ctx: Context, rng: random.Random, rows: ProgramRows) -> None:
    """The MISSION-CJ outcome measures, and CSAT GPRA for programs with that grant."""
    plan = rows.plan
    if plan.assessments_since is None:
        return
    moment = dt.datetime.combine(
        plan.assessments_since - dt.timedelta(days=1), dt.time(15), tzinfo=plan.zone
    )
    for profile in ["mission", "gpra"] if plan.gpra else ["mission"]:
        _adopt(ctx, rng, rows, profile, moment)


def _adopt(
    ctx: Context, rng: random.Random, rows: ProgramRows, profile: str, moment: dt.datetime
) -> None:
    spec = PROFILES[profile]
    schedule = Schedule(
        name=spec["name"],
        profile=profile,
        target_rate=spec["target_rate"],
        lead_days=spec["lead_days"],
        note=spec["note"][:500],
    )
    schedule_id, schedule_pid = ctx.id(Schedule), new_uuid(rng)
    ctx.row(
        Schedule,
        "id public_id created_at updated_at program_id name profile target_rate lead_days note "
        "active",
        (
            schedule_id,
            schedule_pid,
            moment,
            moment,
            rows.id,
            schedule.name,
            profile,
            Decimal(spec["target_rate"]),
            schedule.lead_days,
            schedule.note,
            True,
        ),
    )
    ctx.events.append(
        Ev(
            moment,
            "create",
            "schedule.adopt",
            None,
            None,
            "assessments.schedule",
            schedule_pid,
            after=snapshot(schedule, SCHEDULE_FIELDS),
        )
    )
    shown = []
    through = Timepoint.instruments.through
    for order, tp in enumerate(spec["timepoints"]):
        fields = {k: v for k, v in tp.items() if k != "instruments"}
        timepoint = Timepoint(order=order, **fields)
        timepoint_id = ctx.id(Timepoint)
        ctx.row(
            Timepoint,
            "id public_id created_at updated_at schedule_id code label anchor due_months "
            "due_days opens_months opens_days closes_months closes_days repeat_months "
            "follow_up ends_at_discharge preset order",
            (
                timepoint_id,
                new_uuid(rng),
                moment,
                moment,
                schedule_id,
                *(getattr(timepoint, name) for name in TIMEPOINT_FIELDS),
            ),
        )
        for code in tp["instruments"]:
            ctx.row(
                through,
                "id timepoint_id instrument_id",
                (ctx.id(through), timepoint_id, ctx.instruments[code].pk),
            )
        shown.append(
            {**snapshot(timepoint, TIMEPOINT_FIELDS), "instruments": sorted(tp["instruments"])}
        )
        rows.timepoints.append((profile, tp))
    ctx.events.append(
        Ev(
            moment,
            "update",
            "schedule.timepoints",
            None,
            None,
            "assessments.schedule",
            schedule_pid,
            after={"timepoints": shown},
        )
    )


def used(entries: Iterable[dt.date]) -> set[dt.date]:
    return set(entries)
