"""Drug and alcohol tests as `start_random_testing`, `record_notice`, `record_collection`,
`record_results`, `record_confirmation` and `record_missed` / `_refused` / `_excused` leave
them: tests fall on the schedule's own random call days (`random_calls.call_days` from its
seed, at the rate of the court phase in force), each step is one audited write, and the stored
outcome is `drug_tests.outcome_of` over the results.

Each event's snapshot is what the service saw: the time passed in keeps the program's offset,
a time read back from the database is UTC, and levels read back carry three decimals.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from missioncj.court.drug_tests import outcome_of
from missioncj.court.models import AnalyteResult, DrugTest, RandomSchedule
from missioncj.court.random_calls import call_days
from missioncj.court.services.random_testing import PhaseRate, rate_on
from missioncj.demo.scale.context import Context, new_uuid
from missioncj.demo.scale.people import EpisodeRows, Person
from missioncj.demo.scale.timeline import TESTS_PER_WEEK

PANELS = {
    "urine": (
        "12-panel + EtG",
        ["alcohol", "benzodiazepines", "cocaine", "fentanyl", "methamphetamine", "opiates", "thc"],
    ),
    "oral_fluid": (
        "Oral fluid 6-panel",
        ["cocaine", "fentanyl", "methamphetamine", "opiates", "thc"],
    ),
    "breath": ("Breath alcohol", ["breath_alcohol"]),
}
DRUGS = ["cocaine", "fentanyl", "methamphetamine", "thc", "alcohol", "opiates"]
TEST_COLUMNS = (
    "id public_id created_at updated_at participant_id episode_id reason specimen observed panel "
    "notified_at collected_at status validity resulted_at outcome local_date note recorded_by_id"
)
RESULT_COLUMNS = (
    "id public_id created_at updated_at test_id analyte result level cutoff confirmation "
    "confirmed_at"
)
THREE = Decimal("0.001")
NOTICE_TIMES = [dt.time(hour, minute) for hour in (6, 7, 8, 9) for minute in (0, 15, 30)]
COLLECTION_MINUTES = [60, 60, 120, 120, 180, 240, 300]
CLOSING = {
    "missed": "Did not call the line.",
    "refused": "Declined to give a sample.",
    "excused": "At a hospital appointment.",
}


def _utc(moment: dt.datetime | None) -> str | None:
    return None if moment is None else str(moment.astimezone(dt.UTC))


def _snap(t: dict[str, Any], read_back: bool) -> dict[str, Any]:
    """`snapshot(test, TEST_FIELDS)`: times read back from the database are UTC."""
    out = dict(t)
    for name in ("notified_at", "collected_at", "resulted_at"):
        value = out[name]
        out[name] = _utc(value) if read_back else (str(value) if value is not None else None)
    out["local_date"] = str(out["local_date"])
    return out


def write_tests(
    ctx: Context, person: Person, episode: EpisodeRows, phases: dict[int, Any], exact: int = 0
) -> list[SimpleNamespace]:
    """Random testing for one enrolled episode; returns (local_date, outcome) rows for the
    court phase criteria. `exact` tops up (for cause) or trims to that many tests."""
    plan, program = episode.plan, person.program.plan
    since = program.testing_since
    if plan.enrolled is None or since is None:
        return []
    last = plan.last_day(ctx.today)
    starts = max(plan.enrolled, since)
    if starts > last:
        return []
    rng = person.rng
    seed = f"{rng.getrandbits(256):064x}"
    rates = [
        PhaseRate(m.on, Decimal(str(TESTS_PER_WEEK[m.number])), phases[m.number][2].name)
        for m in plan.moves
    ]
    days = call_days(seed, starts, last, lambda monday: rate_on(rates, monday))
    causes: set[dt.date] = set()
    if exact:
        days = days[-exact:]
        span = (last - starts).days
        taken = set(days)
        while len(days) + len(causes) < exact:
            day = starts + dt.timedelta(days=rng.randint(0, span))
            if day not in taken and day not in causes:
                causes.add(day)
    actor = episode.team.case_manager
    when = ctx.entered(rng, ctx.at(starts, program.zone, rng), 120)
    schedule_pid = new_uuid(rng)
    ctx.row(
        RandomSchedule,
        "id public_id created_at updated_at episode_id seed starts_on paused",
        (ctx.id(RandomSchedule), schedule_pid, when, when, episode.id, seed, starts, False),
    )
    person.event(
        when,
        "create",
        "random_testing.start",
        actor.actor,
        "court.randomschedule",
        schedule_pid,
        after={"episode": episode.pid, "starts_on": str(starts), "paused": False},
    )
    drug = rng.choice(DRUGS)
    out = []
    for day in sorted([*days, *causes]):
        row = _test(ctx, person, episode, day, drug, day in causes)
        if row is not None:
            out.append(row)
    return out


def _test(
    ctx: Context, person: Person, episode: EpisodeRows, day: dt.date, drug: str, for_cause: bool
) -> SimpleNamespace | None:
    rng, zone = person.rng, person.program.plan.zone
    actor = episode.team.case_manager
    risk = person.plan.risk
    notified = dt.datetime.combine(
        day, NOTICE_TIMES[int(rng.random() * len(NOTICE_TIMES))], tzinfo=zone
    )
    if notified >= ctx.now:
        return None
    test_id, public_id = ctx.id(DrugTest), new_uuid(rng)
    state: dict[str, Any] = {
        "episode": episode.pid,
        "reason": "random",
        "specimen": "urine",
        "observed": False,
        "panel": "",
        "notified_at": notified,
        "collected_at": None,
        "status": "notified",
        "validity": "",
        "resulted_at": None,
        "outcome": "pending",
        "local_date": day,
        "note": "",
    }
    created = updated = ctx.entered(rng, notified, 20)
    if for_cause:
        state.update(reason="for_cause", notified_at=None)
    else:
        person.event(
            created,
            "create",
            "drug_test.notice",
            actor.actor,
            "court.drugtest",
            public_id,
            after=_snap(state, False),
        )
    roll = rng.random()
    results: list[dict[str, Any]] = []
    if not for_cause and roll < 0.03 + 0.06 * risk:
        status = "missed" if roll < 0.02 + 0.05 * risk else rng.choice(["refused", "excused"])
        updated = ctx.entered(rng, notified + dt.timedelta(hours=10), 600)
        before = _snap(state, True)
        state.update(status=status, note=CLOSING[status], outcome=status)
        person.event(
            updated,
            "transition",
            f"drug_test.{status}",
            actor.actor,
            "court.drugtest",
            public_id,
            before=before,
            after=_snap(state, True),
        )
    else:
        early = episode.plan.enrolled is not None and (day - episode.plan.enrolled).days < 28
        chance = (0.35 if early else 0.08) * (0.5 + risk)
        updated, results = _collect_and_result(
            ctx,
            person,
            actor.actor,
            public_id,
            state,
            drug if rng.random() < chance else "",
            for_cause,
            created,
        )
    ctx.row(
        DrugTest,
        TEST_COLUMNS,
        (
            test_id,
            public_id,
            created,
            updated,
            person.id,
            episode.id,
            state["reason"],
            state["specimen"],
            state["observed"],
            state["panel"],
            state["notified_at"],
            state["collected_at"],
            state["status"],
            state["validity"],
            state["resulted_at"],
            state["outcome"],
            day,
            state["note"],
            actor.id,
        ),
    )
    for item in results:
        ctx.row(
            AnalyteResult,
            RESULT_COLUMNS,
            (
                ctx.id(AnalyteResult),
                new_uuid(rng),
                item["at"],
                item["updated"],
                test_id,
                item["analyte"],
                item["result"],
                item["level"],
                item["cutoff"],
                item["confirmation"],
                item["confirmed_at"],
            ),
        )
    return SimpleNamespace(local_date=day, outcome=state["outcome"])


def _collect_and_result(
    ctx: Context,
    person: Person,
    actor: tuple[int, str],
    public_id: Any,
    state: dict[str, Any],
    drug: str,
    for_cause: bool,
    created: dt.datetime,
) -> tuple[dt.datetime, list[dict[str, Any]]]:
    rng = person.rng
    notified = state["notified_at"]
    base = notified or ctx.at(state["local_date"], person.program.plan.zone, rng, 9, 16)
    collected = base + dt.timedelta(
        minutes=COLLECTION_MINUTES[int(rng.random() * 7)] + int(rng.random() * 51)
    )
    roll = rng.random()
    specimen = "urine" if roll < 0.85 else ("oral_fluid" if roll < 0.95 else "breath")
    panel, analytes = PANELS[specimen]
    before = None if for_cause else _snap(state, True)
    state.update(
        specimen=specimen,
        observed=rng.random() < 0.8,
        panel=panel,
        status="collected",
        collected_at=collected,
        local_date=collected.date(),
    )
    entered = ctx.entered(rng, collected, 30)
    if for_cause:
        entered = created
    after = _snap(state, False)
    if before is not None:
        after["notified_at"] = _utc(notified)
    person.event(
        entered,
        "update" if before else "create",
        "drug_test.collect",
        actor,
        "court.drugtest",
        public_id,
        before=before,
        after=after,
    )
    resulted = collected + dt.timedelta(
        hours=24 * (1 + int(rng.random() * 3)) + int(rng.random() * 6)
    )
    result_entered = ctx.entered(rng, resulted, 60)
    if resulted >= ctx.now or result_entered <= entered:
        return entered, []
    positive = drug in analytes or (drug == "alcohol" and "breath_alcohol" in analytes)
    if drug == "alcohol" and specimen == "breath":
        drug = "breath_alcohol"
    sent = positive and rng.random() < 0.5
    rows = []
    for analyte in sorted(analytes):
        hit = positive and analyte == drug
        rows.append(
            {
                "analyte": analyte,
                "result": "positive" if hit else "negative",
                "level": Decimal(rng.choice([180, 320, 650, 1200])) if hit else None,
                "cutoff": Decimal(150) if hit else None,
                "confirmation": "pending" if hit and sent else "",
                "confirmed_at": None,
                "at": result_entered,
                "updated": result_entered,
            }
        )
    validity = "dilute" if rng.random() < 0.02 else "valid"
    before = _snap(state, True)
    state.update(validity=validity, resulted_at=resulted)
    state["outcome"] = _outcome(state, rows)
    after = _snap(state, True) | {"resulted_at": str(resulted)}
    after["results"] = [_result_snap(r, False) for r in rows]
    person.event(
        result_entered,
        "update",
        "drug_test.results",
        actor,
        "court.drugtest",
        public_id,
        before=before,
        after=after,
    )
    updated = result_entered
    if sent:
        confirmed = resulted + dt.timedelta(days=rng.randint(2, 5))
        confirm_entered = ctx.entered(rng, confirmed, 60)
        if confirmed < ctx.now and confirm_entered > updated:
            item = next(r for r in rows if r["analyte"] == drug)
            before = _snap(state, True)
            item["confirmation"] = "confirmed" if rng.random() < 0.85 else "not_confirmed"
            item["confirmed_at"], item["updated"] = confirmed, confirm_entered
            state["outcome"] = _outcome(state, rows)
            after = _snap(state, True) | {"confirmation": _result_snap(item, True)}
            after["confirmation"]["confirmed_at"] = str(confirmed)
            person.event(
                confirm_entered,
                "update",
                "drug_test.confirmation",
                actor,
                "court.drugtest",
                public_id,
                before=before,
                after=after,
            )
            updated = confirm_entered
    return updated, rows


def _outcome(state: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    items = [SimpleNamespace(result=r["result"], confirmation=r["confirmation"]) for r in rows]
    return outcome_of(state["status"], state["validity"], state["resulted_at"], items)


def _result_snap(row: dict[str, Any], read_back: bool) -> dict[str, Any]:
    def number(value: Decimal | None) -> str | None:
        if value is None:
            return None
        return str(value.quantize(THREE) if read_back else value)

    confirmed = row["confirmed_at"]
    return {
        "analyte": row["analyte"],
        "result": row["result"],
        "level": number(row["level"]),
        "cutoff": number(row["cutoff"]),
        "confirmation": row["confirmation"],
        "confirmed_at": _utc(confirmed)
        if read_back and confirmed
        else (str(confirmed) if confirmed else None),
    }
