"""The court record of one episode: its case (`open_case` with charges, `dispose_case` when the
episode ends), its place on status-hearing and staffing dockets (`add_to_docket`,
`record_hearing_result`, `record_staffing`) and what the judge decided there (`record_response`,
`mark_delivered`). A participant sees the judge as often as their court phase says; a sanction
usually follows a positive, missed or refused test since the last hearing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace
from typing import Any

from missioncj.court.models import Appearance, Charge, CourtCase, CourtResponse, DocketEntry
from missioncj.demo.court_cases import ATTORNEYS, CHARGES, OFFICERS
from missioncj.demo.court_hearings import OUTCOMES, RECOMMENDATIONS
from missioncj.demo.scale.context import Context, new_uuid
from missioncj.demo.scale.people import EpisodeRows, Person
from missioncj.demo.scale.plan import EpisodePlan, ProgramPlan
from missioncj.demo.scale.timeline import hearing_dates, staffing_day

FUTURE = dt.timedelta(weeks=6)
BAD = {"positive", "missed", "refused", "invalid"}
INCENTIVES = [
    ("Thirty days of negative tests", "Fishbowl drawing and praise from the bench", "low"),
    ("Attended every group this month", "Gift card", "moderate"),
    ("Started a job", "Curfew extended to 11 pm", "moderate"),
    ("Completed phase tasks early", "Reduced reporting", "high"),
]
SANCTIONS = [
    ("Positive test", "Essay and one extra group", "low", None),
    ("Missed a random call-in", "Eight hours of community service", "moderate", None),
    ("Second positive test this month", "Curfew moved to 8 pm", "moderate", None),
    ("Repeated missed tests", "Jail", "high", 2),
]
ADJUSTMENTS = [("Struggling after a loss", "Weekly individual session added", "low")]


def open_case(
    ctx: Context,
    person: Person,
    episode: EpisodeRows,
    docket_number: str,
    court: tuple[int, uuid.UUID],
) -> tuple[int, uuid.UUID] | None:
    """The case for an enrolled episode, from when the program kept court records here."""
    plan, program = episode.plan, person.program.plan
    since = program.calendar_since or program.testing_since
    if plan.enrolled is None or since is None or plan.last_day(ctx.today) < since:
        return None
    rng, actor = person.rng, episode.team.case_manager
    opened_on = min(plan.referral - dt.timedelta(days=rng.randint(3, 40)), ctx.today)
    when = ctx.entered(rng, ctx.at(max(plan.enrolled, since), program.zone, rng), 120)
    status = (
        "probation"
        if program.court_type == "reentry"
        else rng.choice(
            ["pre_plea", "pre_plea", "post_plea", "post_plea", "post_plea", "probation"]
        )
    )
    contacts = {
        "attorney_name": rng.choice(ATTORNEYS),
        "attorney_phone": f"555-03{rng.randint(0, 99):02d}",
        "attorney_email": "",
        "probation_officer_name": rng.choice(OFFICERS),
        "probation_officer_phone": f"555-04{rng.randint(0, 99):02d}",
        "probation_officer_email": "",
    }
    case_id, public_id = ctx.id(CourtCase), new_uuid(rng)
    judge = person.program.judge
    after = {
        "court": str(court[1]),
        "docket_number": docket_number,
        "judge": judge,
        "status": status,
        "intercept": program.intercept,
        "opened_on": str(opened_on),
        "disposed_on": None,
        "disposition": "",
        **contacts,
    }
    person.event(
        when, "create", "court.case.open", actor.actor, "court.courtcase", public_id, after=after
    )
    for order, (statute, description, level, degree) in enumerate(
        rng.sample(CHARGES, rng.randint(1, 3)), start=1
    ):
        charge_pid = new_uuid(rng)
        ctx.row(
            Charge,
            "id public_id created_at updated_at case_id statute description level degree "
            "disposition disposition_on order",
            (
                ctx.id(Charge),
                charge_pid,
                when,
                when,
                case_id,
                statute,
                description,
                level,
                degree,
                "",
                None,
                order,
            ),
        )
        person.event(
            when,
            "create",
            "court.charge.add",
            actor.actor,
            "court.charge",
            charge_pid,
            after={
                "case": str(public_id),
                "statute": statute,
                "description": description,
                "level": level,
                "degree": degree,
                "disposition": "",
                "disposition_on": None,
            },
        )
    disposed_on, disposition, updated = None, "", when
    if plan.closed and plan.status == "discharged":
        disposed_on = plan.closed
        graduated = plan.reason == "graduated"
        final = "dismissed" if graduated and status == "pre_plea" else "disposed"
        disposition = (
            "Dismissed on graduation"
            if final == "dismissed"
            else "Sentence completed through the program"
            if graduated
            else "Returned to the regular docket; sentenced"
        )
        updated = max(ctx.entered(rng, ctx.at(disposed_on, program.zone, rng), 240), when)
        person.event(
            updated,
            "transition",
            "court.case.dispose",
            actor.actor,
            "court.courtcase",
            public_id,
            before={"status": status, "disposed_on": None, "disposition": ""},
            after={"status": final, "disposed_on": str(disposed_on), "disposition": disposition},
        )
        status = final
    ctx.row(
        CourtCase,
        "id public_id created_at updated_at participant_id episode_id court_id docket_number judge "
        "status intercept opened_on disposed_on disposition attorney_name attorney_phone "
        "attorney_email probation_officer_name probation_officer_phone probation_officer_email "
        "recorded_by_id",
        (
            case_id,
            public_id,
            when,
            updated,
            person.id,
            episode.id,
            court[0],
            docket_number,
            judge,
            status,
            program.intercept,
            opened_on,
            disposed_on,
            disposition,
            *contacts.values(),
            actor.id,
        ),
    )
    return case_id, public_id


def docket_days(
    plan: EpisodePlan, program: ProgramPlan, today: dt.date, exact: int = 0
) -> list[dt.date]:
    """The status hearings an episode is on: from enrolment (or the calendar's first day) to
    its end, or six weeks ahead while it is open. The heavy participant sees the judge every
    week (`exact` entries in all, staffing included)."""
    if plan.enrolled is None or program.calendar_since is None or not plan.moves:
        return []
    start = max(plan.enrolled, program.calendar_since)
    end = plan.last_day(today) if plan.closed else today + FUTURE
    days = hearing_dates(plan.moves, program, start, end, every=7 if exact else None)
    if exact:
        days = [d for d in days if d < today][-(exact // 2) :]
    return days


def write_docket(
    ctx: Context,
    person: Person,
    episode: EpisodeRows,
    case: tuple[int, uuid.UUID] | None,
    tests: list[SimpleNamespace],
    exact: int = 0,
) -> list[dt.date]:
    """Docket entries with results and staffing recommendations; returns the days sanctions
    were decided (for the court phase criteria)."""
    plan, rows = episode.plan, person.program
    days = docket_days(plan, rows.plan, ctx.today, exact)
    if not days:
        return []
    start = max(plan.enrolled or days[0], rows.plan.calendar_since or days[0])
    sanctions: list[dt.date] = []
    previous = start
    for index, day in enumerate(days):
        following = days[index + 1] if index + 1 < len(days) else None
        staffed = staffing_day(day)
        if (staffed, "staffing") in rows.hearings and staffed >= start:
            _entry(ctx, person, episode, case, staffed, "staffing", None, None)
        hearing = rows.hearings.get((day, "status"))
        if hearing is None:
            continue
        appearance = _entry(ctx, person, episode, case, day, "status", following, hearing)
        if appearance in ("appeared", "remote") and day < ctx.today:
            decided = _response(ctx, person, episode, day, hearing[1], tests, previous)
            if decided:
                sanctions.append(day)
        previous = day
    return sanctions


def _entry(
    ctx: Context,
    person: Person,
    episode: EpisodeRows,
    case: tuple[int, uuid.UUID] | None,
    day: dt.date,
    kind: str,
    following: dt.date | None,
    hearing: tuple[int, uuid.UUID] | None,
) -> str:
    rng, rows = person.rng, person.program
    zone = rows.plan.zone
    hearing = hearing or rows.hearings[(day, kind)]
    planner = rows.supervisor
    added = ctx.entered(rng, ctx.at(day - dt.timedelta(days=7), zone, rng), 120)
    entry_id, public_id = ctx.id(DocketEntry), new_uuid(rng)
    person.event(
        added,
        "create",
        "docket.add",
        planner.actor,
        "court.docketentry",
        public_id,
        after={
            "hearing": str(hearing[1]),
            "participant": person.pid,
            "episode": episode.pid,
            "case": str(case[1]) if case else None,
        },
    )
    appearance = outcome = recommendation = note = ""
    next_date = None
    updated = added
    if day < ctx.today:
        held = ctx.at(day, zone, rng, 15, 17)
        updated = max(ctx.entered(rng, held, 300), added)
        if kind == "status":
            risk = person.plan.risk
            appearance = rng.choices(
                ["appeared", "remote", "excused", "failed"], [80, 6, 6, 3 + 15 * risk]
            )[0]
            outcome = rng.choice(OUTCOMES[Appearance(appearance)])
            next_date = following
            person.event(
                updated,
                "update",
                "docket.result",
                planner.actor,
                "court.docketentry",
                public_id,
                before={"appearance": "", "outcome": "", "next_date": None},
                after={
                    "appearance": appearance,
                    "outcome": outcome,
                    "next_date": str(next_date) if next_date else None,
                },
            )
        elif rng.random() < 0.85:
            recommendation, note = rng.choice(RECOMMENDATIONS)
            person.event(
                updated,
                "update",
                "docket.staffing",
                planner.actor,
                "court.docketentry",
                public_id,
                before={"recommendation": "", "staffing_note": ""},
                after={"recommendation": recommendation, "staffing_note": note},
            )
    ctx.row(
        DocketEntry,
        "id public_id created_at updated_at hearing_id participant_id episode_id case_id "
        "appearance outcome next_date recommendation staffing_note recorded_by_id",
        (
            entry_id,
            public_id,
            added,
            updated,
            hearing[0],
            person.id,
            episode.id,
            case[0] if case else None,
            appearance,
            outcome,
            next_date,
            recommendation,
            note,
            planner.id,
        ),
    )
    return appearance


def _response(
    ctx: Context,
    person: Person,
    episode: EpisodeRows,
    day: dt.date,
    hearing_pid: uuid.UUID,
    tests: list[SimpleNamespace],
    since: dt.date,
) -> bool:
    """Maybe an incentive, sanction or service adjustment at this hearing; True for a sanction."""
    rng = person.rng
    slipped = any(since <= t.local_date < day and t.outcome in BAD for t in tests)
    roll = rng.random()
    spec: Any
    if slipped and roll < 0.6:
        kind, spec = "sanction", rng.choice(SANCTIONS)
    elif not slipped and roll < 0.12:
        kind, spec = "incentive", (*rng.choice(INCENTIVES), None)
    elif roll > 0.98:
        kind, spec = "service_adjustment", (*rng.choice(ADJUSTMENTS), None)
    else:
        return False
    behaviour, response, magnitude, jail_days = spec
    rows = person.program
    planner = rows.supervisor
    zone = rows.plan.zone
    when = ctx.entered(rng, ctx.at(day, zone, rng, 15, 17), 300)
    delivered: dt.date | None = day
    later: dt.date | None = None
    if kind == "sanction" and jail_days is None:
        delivered, later = None, day + dt.timedelta(days=rng.randint(1, 10))
    response_id, public_id = ctx.id(CourtResponse), new_uuid(rng)
    person.event(
        when,
        "create",
        f"court.response.{kind}",
        planner.actor,
        "court.courtresponse",
        public_id,
        after={
            "kind": kind,
            "behaviour": behaviour,
            "response": response,
            "magnitude": magnitude,
            "jail_days": jail_days,
            "decided_on": str(day),
            "delivered_on": str(delivered) if delivered else None,
            "decided_by": rows.judge,
            "hearing": str(hearing_pid),
        },
    )
    updated = when
    if later is not None and later < ctx.today:
        updated = max(ctx.entered(rng, ctx.at(later, zone, rng), 120), when)
        person.event(
            updated,
            "update",
            "court.response.delivered",
            planner.actor,
            "court.courtresponse",
            public_id,
            before={"delivered_on": None},
            after={"delivered_on": str(later)},
        )
        delivered = later
    ctx.row(
        CourtResponse,
        "id public_id created_at updated_at participant_id episode_id hearing_id kind behaviour "
        "response magnitude jail_days decided_on delivered_on decided_by recorded_by_id",
        (
            response_id,
            public_id,
            when,
            updated,
            person.id,
            episode.id,
            rows.hearings[(day, "status")][0],
            kind,
            behaviour,
            response,
            magnitude,
            jail_days,
            day,
            delivered,
            rows.judge,
            planner.id,
        ),
    )
    return kind == "sanction"
