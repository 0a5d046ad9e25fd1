"""Referrals as `create_referral` and `record_step` leave them (closed-loop status paths), and
outcome events as `record_outcome_event` does (re-entry release, re-arrests clustering early,
convictions, jail nights, moves and new jobs), following the small demo's rules.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from missioncj.demo.linkage_referrals import CONFIRMERS, PATHS, PLACES
from missioncj.demo.outcomes import SOURCES
from missioncj.demo.scale.context import Context, new_uuid
from missioncj.demo.scale.people import EpisodeRows, Person
from missioncj.linkage.models import Referral, ReferralStep
from missioncj.outcomes.models import OutcomeEvent

REFERRAL_COLUMNS = (
    "id public_id created_at updated_at participant_id episode_id service_id place_name "
    "place_contact need plan_goal_id urgency warm_handoff status status_on referred_on "
    "first_attended_on created_by_id"
)
STEP_COLUMNS = (
    "id public_id created_at updated_at referral_id status on confirmed_by confirmer_name note "
    "recorded_by_id"
)
OUTCOME_COLUMNS = (
    "id public_id created_at updated_at participant_id episode_id kind occurred_on ended_on "
    "nights detail source source_detail recorded_by_id"
)
ARRESTS = ["Possession", "Trespass", "Shoplifting", "Driving without a licence", "Assault"]


def write_referrals(ctx: Context, person: Person, episode: EpisodeRows, per_month: float) -> None:
    plan, rng = episode.plan, person.rng
    if plan.enrolled is None:
        return
    end = plan.last_day(ctx.today)
    months = max(0.0, ((end - plan.enrolled).days + 1) / 30.4)
    count = 0
    chance = per_month * months * person.plan.engagement
    while chance > 0:
        if rng.random() < min(1.0, chance):
            count += 1
        chance -= 1
    zone = person.program.plan.zone
    for _ in range(count):
        actor = episode.team.peer if rng.random() < 0.6 else episode.team.case_manager
        need = rng.choice(sorted(PLACES))
        place, contact = PLACES[need]
        day = plan.enrolled + dt.timedelta(days=rng.randint(0, (end - plan.enrolled).days))
        when = ctx.entered(rng, ctx.at(day, zone, rng), 120)
        urgency = rng.choice(["routine", "routine", "soon", "urgent"])
        warm = rng.random() < 0.4
        referral_id, public_id = ctx.id(Referral), new_uuid(rng)
        state: dict[str, Any] = {
            "episode": episode.pid,
            "service": None,
            "place_name": place,
            "place_contact": contact,
            "need": need,
            "plan_goal": None,
            "urgency": urgency,
            "warm_handoff": warm,
            "status": "referred",
            "status_on": str(day),
            "referred_on": str(day),
            "first_attended_on": None,
        }
        person.event(
            when,
            "create",
            "referral.create",
            actor.actor,
            "linkage.referral",
            public_id,
            after=dict(state),
        )
        _step(ctx, referral_id, "referred", day, "staff", actor.display_name, when, actor.id, rng)
        updated, on, attended = when, day, None
        for status in rng.choice(PATHS):
            on = min(ctx.today - dt.timedelta(days=1), on + dt.timedelta(days=rng.randint(1, 12)))
            step_when = max(ctx.entered(rng, ctx.at(on, zone, rng), 120), updated)
            confirmed_by = rng.choice(CONFIRMERS)
            name = "Intake desk" if confirmed_by == "receiver" else ""
            before = dict(state)
            state.update(status=status, status_on=str(on))
            if status == "attended" and attended is None:
                attended = on
                state["first_attended_on"] = str(on)
            step = {
                "status": status,
                "on": str(on),
                "confirmed_by": confirmed_by,
                "confirmer_name": name,
                "note": "",
            }
            person.event(
                step_when,
                "transition",
                "referral.step",
                actor.actor,
                "linkage.referral",
                public_id,
                before=before,
                after={**state, "step": step},
            )
            _step(ctx, referral_id, status, on, confirmed_by, name, step_when, actor.id, rng)
            updated = step_when
        ctx.row(
            Referral,
            REFERRAL_COLUMNS,
            (
                referral_id,
                public_id,
                when,
                updated,
                person.id,
                episode.id,
                None,
                place,
                contact,
                need,
                None,
                urgency,
                warm,
                state["status"],
                on,
                day,
                attended,
                actor.id,
            ),
        )


def _step(
    ctx: Context,
    referral_id: int,
    status: str,
    on: dt.date,
    by: str,
    name: str,
    when: dt.datetime,
    actor_id: int,
    rng: Any,
) -> None:
    ctx.row(
        ReferralStep,
        STEP_COLUMNS,
        (
            ctx.id(ReferralStep),
            new_uuid(rng),
            when,
            when,
            referral_id,
            status,
            on,
            by,
            name,
            "",
            actor_id,
        ),
    )


def write_outcomes(ctx: Context, person: Person, episode: EpisodeRows) -> None:
    plan, rng = episode.plan, person.rng
    start = plan.enrolled
    if start is None:
        return
    end = min(plan.closed or ctx.today, ctx.today - dt.timedelta(days=1))
    lead = person.program.supervisor
    made: list[tuple[str, dt.date, dt.date | None, str, str]] = []
    if person.program.plan.court_type == "reentry":
        release = start - dt.timedelta(days=rng.randint(0, 10))
        stay = rng.randint(30, 400)
        made.append(
            (
                "incarceration",
                release - dt.timedelta(days=stay),
                release,
                "jail_record",
                f"Sentence served at {person.program.plan.county} County Jail",
            )
        )
    if rng.random() < 0.2 + 0.4 * person.plan.risk and (end - start).days > 14:
        wait = min(int(rng.expovariate(1 / 120)) + 7, (end - start).days)
        on = start + dt.timedelta(days=wait)
        made.append(("arrest", on, None, rng.choice(SOURCES), rng.choice(ARRESTS)))
        if rng.random() < 0.4:
            held = dt.timedelta(days=rng.randint(1, 12))
            if on + held <= end:
                made.append(("incarceration", on, on + held, "jail_record", ""))
        if rng.random() < 0.3 and (end - on).days > 30:
            made.append(
                (
                    "conviction",
                    on + dt.timedelta(days=rng.randint(30, (end - on).days)),
                    None,
                    "court_record",
                    "",
                )
            )
    if rng.random() < 0.3 and (end - start).days > 30:
        kind = rng.choice(["housing_change", "employment_change"])
        on = start + dt.timedelta(days=rng.randint(20, (end - start).days))
        detail = "Moved to sober housing" if kind == "housing_change" else "Started a job"
        made.append((kind, on, None, "self_report", detail))
    zone = person.program.plan.zone
    for kind, on, ended, source, detail in made:
        nights: int | None = (ended - on).days if kind == "incarceration" and ended else None
        when = ctx.entered(rng, ctx.at(max(on, start, ended or on), zone, rng), 60 * 24 * 3)
        event_id, public_id = ctx.id(OutcomeEvent), new_uuid(rng)
        ctx.row(
            OutcomeEvent,
            OUTCOME_COLUMNS,
            (
                event_id,
                public_id,
                when,
                when,
                person.id,
                episode.id,
                kind,
                on,
                ended,
                nights,
                detail,
                source,
                "",
                lead.id,
            ),
        )
        person.event(
            when,
            "create",
            "outcome_event.record",
            lead.actor,
            "outcomes.outcomeevent",
            public_id,
            after={
                "kind": kind,
                "occurred_on": on.isoformat(),
                "ended_on": ended.isoformat() if ended else None,
                "nights": nights,
                "source": source,
            },
        )
