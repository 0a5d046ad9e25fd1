"""Reports: a program's 12-month reports (fidelity and dose by week and CTI phase; the
follow-up rate; the court performance measures with days per phase), the statewide annual
dashboard (its background task, run here synchronously) and the audit report for one month.
Each hand-written SQL fetches the rows the report is computed from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import NoReverseMatch, reverse

from missioncj.accounts.models import Membership, User
from missioncj.assessments.models import (
    Administration,
    AdministrationStatus,
    InstrumentVersion,
    Schedule,
    Timepoint,
)
from missioncj.bench import facts as f
from missioncj.bench.ops import Context, Operation, Target, unavailable
from missioncj.bench.pages import DONE, OPEN, preferred, scope_sql
from missioncj.bench.sql import fetch, marks, q, t
from missioncj.care.models import (
    Attendance,
    Component,
    Contact,
    CtiBoundaryMove,
    Curriculum,
    CurriculumSession,
    GroupSession,
)
from missioncj.care.models.curricula import CurriculumKind
from missioncj.core.models import AuditEvent
from missioncj.court.models import CourtResponse, DocketEntry, DrugTest, Hearing, PhaseMove
from missioncj.court.models.phases import CourtPhase
from missioncj.linkage.models import Referral
from missioncj.outcomes.models import OutcomeEvent
from missioncj.participants.models import Episode, Participant, Phone
from missioncj.programs.models import Program, Team

REPORT = Target(p95_ms=300, ratio=1.2)
STATEWIDE = Target(p95_ms=3000)
TREATMENT = int(Component.DRT | Component.TRAUMA)
TREATMENT_CURRICULA = [str(CurriculumKind.DRT), str(CurriculumKind.PROSOCIAL)]
AUDIT_PAGE = 50


def year_before(today: dt.date) -> dt.date:
    """The first day of a 12-month period ending today."""
    try:
        return today.replace(year=today.year - 1) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28) + dt.timedelta(days=1)


def _program(ctx: Context) -> tuple[Program, User]:
    program = Program.objects.get(public_id=ctx.facts.report_program)
    return program, f.overseer(program, preferred(ctx, "director", "supervisor"))


# --- fidelity and dose -------------------------------------------------------------------------


def fidelity_sql(program: Program, start: dt.date, end: dt.date) -> Any:
    monday = start - dt.timedelta(days=start.weekday())
    cohort = (
        f"SELECT e.id FROM {t(Episode)} e WHERE e.program_id = %s AND e.enrolled_date IS NOT NULL "
        f"AND e.enrolled_date <= %s AND (e.closed_date IS NULL OR e.closed_date >= %s)"
    )
    within = [program.pk, end, monday]

    def run(_: int) -> int:
        rows = len(
            fetch(
                f"SELECT e.id, e.enrolled_date, e.closed_date, e.status, tm.name, p.first_name, "
                f"p.last_name, p.date_of_birth, p.sex, p.race, p.ethnicity, p.veteran_status "
                f"FROM {t(Episode)} e JOIN {t(Participant)} p ON p.id = e.participant_id "
                f"LEFT JOIN {t(Team)} tm ON tm.id = e.team_id WHERE e.id IN ({cohort})",
                within,
            )
        )
        for sql, params in (
            (
                f"SELECT episode_id, boundary, new_date FROM {t(CtiBoundaryMove)} "
                f"WHERE episode_id IN ({cohort})",
                within,
            ),
            (
                f"SELECT cu.kind, COUNT(s.id) FROM {t(Curriculum)} cu "
                f"LEFT JOIN {t(CurriculumSession)} s ON s.curriculum_id = cu.id "
                f"WHERE cu.program_id = %s GROUP BY cu.kind",
                [program.pk],
            ),
            (
                f"SELECT c.episode_id, c.author_id, c.occurred_at, c.components, c.with_whom "
                f"FROM {t(Contact)} c WHERE c.episode_id IN ({cohort}) "
                f"AND c.signed_at IS NOT NULL ORDER BY c.occurred_at, c.id",
                within,
            ),
            (
                f"SELECT a.episode_id, g.occurred_at, cu.kind, g.session_number "
                f"FROM {t(Attendance)} a JOIN {t(GroupSession)} g ON g.id = a.group_session_id "
                f"JOIN {t(Curriculum)} cu ON cu.id = g.curriculum_id "
                f"WHERE a.episode_id IN ({cohort}) AND a.status IN ({marks(DONE)}) "
                f"AND cu.program_id = %s ORDER BY g.occurred_at, a.id",
                [*within, *DONE, program.pk],
            ),
            (
                f"SELECT episode_id, referred_on, first_attended_on FROM {t(Referral)} "
                f"WHERE episode_id IN ({cohort}) ORDER BY referred_on, id",
                within,
            ),
        ):
            rows += len(fetch(sql, params))
        return rows

    return run


def fidelity_report(ctx: Context) -> Operation:
    program, user = _program(ctx)
    start, end = year_before(ctx.today), ctx.today
    url = reverse("outcomes:fidelity", args=[program.public_id])
    data = {"start": start.isoformat(), "end": end.isoformat()}
    return Operation(
        name="report_dose",
        label="Program report, 12 months: fidelity and dose by CTI phase",
        target=REPORT,
        run=lambda i: ctx.get(user, url, data),
        hand_sql=fidelity_sql(program, start, end),
        note=f"as {user.username}; {program.name}, {start} to {end}",
    )


# --- follow-up rate ----------------------------------------------------------------------------


def follow_up_sql(program: Program, user: User) -> Any:
    scope, params = scope_sql(user)
    episodes = (
        f"SELECT e.id FROM {t(Episode)} e WHERE e.program_id = %s "
        f"AND e.enrolled_date IS NOT NULL AND {scope}"
    )
    within = [program.pk, *params]

    def run(_: int) -> int:
        rows = len(
            fetch(
                f"SELECT e.id, e.status, e.enrolled_date, e.closed_date, e.discharge_reason, "
                f"p.public_id, p.first_name, p.last_name, tm.name FROM {t(Episode)} e "
                f"JOIN {t(Participant)} p ON p.id = e.participant_id "
                f"LEFT JOIN {t(Team)} tm ON tm.id = e.team_id WHERE e.id IN ({episodes})",
                within,
            )
        )
        rows += len(
            fetch(
                f"SELECT s.id, s.target_rate, s.lead_days, tp.id, tp.code, tp.anchor, "
                f"tp.due_months, tp.due_days, tp.opens_months, tp.opens_days, "
                f"tp.closes_months, tp.closes_days, tp.repeat_months, ti.instrument_id "
                f"FROM {t(Schedule)} s JOIN {t(Timepoint)} tp ON tp.schedule_id = s.id "
                f"LEFT JOIN {t(Timepoint.instruments.through)} ti ON ti.timepoint_id = tp.id "
                f"WHERE s.program_id = %s AND s.active = %s ORDER BY s.name, tp.{q('order')}",
                [program.pk, True],
            )
        )
        A = t(Administration)
        rows += len(
            fetch(
                f"SELECT a.id, a.episode_id, v.instrument_id, a.administered_on, a.responses "
                f"FROM {A} a JOIN {t(InstrumentVersion)} v ON v.id = a.instrument_version_id "
                f"WHERE a.episode_id IN ({episodes}) AND a.status = %s "
                f"AND NOT EXISTS (SELECT 1 FROM {A} x WHERE x.corrects_id = a.id)",
                [*within, str(AdministrationStatus.COMPLETED)],
            )
        )
        rows += len(
            fetch(
                f"SELECT participant_id, number FROM {t(Phone)} WHERE participant_id IN "
                f"(SELECT e.participant_id FROM {t(Episode)} e WHERE e.id IN ({episodes}) "
                f"AND e.status IN ({marks(OPEN)}))",
                [*within, *OPEN],
            )
        )
        return rows

    return run


def follow_up_report(ctx: Context) -> Operation:
    program, user = _program(ctx)
    url = reverse("assessments:follow_up", args=[program.public_id])
    return Operation(
        name="report_follow_up",
        label="Program report: follow-up rate",
        target=REPORT,
        run=lambda i: ctx.get(user, url),
        hand_sql=follow_up_sql(program, user),
        note=f"as {user.username}; {program.name}, every enrolled episode",
    )


# --- court performance measures ----------------------------------------------------------------


def court_sql(program: Program, start: dt.date, end: dt.date) -> Any:
    cohort = (
        f"SELECT e.id FROM {t(Episode)} e WHERE e.program_id = %s "
        f"AND e.enrolled_date >= %s AND e.enrolled_date <= %s"
    )
    within = [program.pk, start, end]
    cutoff = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=program.zone)
    C, A, G = t(Contact), t(Attendance), t(GroupSession)

    def run(_: int) -> int:
        queries: list[tuple[str, list[Any]]] = [
            (
                f"SELECT id, participant_id, referral_date, enrolled_date, closed_date, status, "
                f"discharge_reason FROM {t(Episode)} WHERE id IN ({cohort}) ORDER BY id",
                within,
            ),
            (
                f"SELECT episode_id, local_date, outcome, collected_at, resulted_at "
                f"FROM {t(DrugTest)} WHERE episode_id IN ({cohort}) AND local_date <= %s "
                f"ORDER BY episode_id, local_date, id",
                [*within, end],
            ),
            (
                f"SELECT participant_id, kind, occurred_on FROM {t(OutcomeEvent)} "
                f"WHERE voided_at IS NULL AND participant_id IN "
                f"(SELECT e.participant_id FROM {t(Episode)} e WHERE e.id IN ({cohort}))",
                within,
            ),
            (
                f"SELECT components, COUNT(*), SUM(duration_minutes) FROM {C} "
                f"WHERE episode_id IN ({cohort}) AND signed_at IS NOT NULL AND occurred_at < %s "
                f"GROUP BY components",
                [*within, cutoff],
            ),
            (
                f"SELECT COUNT(*) FROM {A} a JOIN {G} g ON g.id = a.group_session_id "
                f"WHERE a.episode_id IN ({cohort}) AND a.status IN ({marks(DONE)}) "
                f"AND g.occurred_at < %s",
                [*within, *DONE, cutoff],
            ),
            (
                f"SELECT episode_id, MIN(occurred_at) FROM {C} WHERE episode_id IN ({cohort}) "
                f"AND signed_at IS NOT NULL AND (components & %s) > 0 AND occurred_at < %s "
                f"GROUP BY episode_id",
                [*within, TREATMENT, cutoff],
            ),
            (
                f"SELECT a.episode_id, MIN(g.occurred_at) FROM {A} a "
                f"JOIN {G} g ON g.id = a.group_session_id "
                f"JOIN {t(Curriculum)} cu ON cu.id = g.curriculum_id "
                f"WHERE a.episode_id IN ({cohort}) AND a.status IN ({marks(DONE)}) "
                f"AND cu.kind IN ({marks(TREATMENT_CURRICULA)}) AND g.occurred_at < %s "
                f"GROUP BY a.episode_id",
                [*within, *DONE, *TREATMENT_CURRICULA, cutoff],
            ),
            (
                f"SELECT kind, COUNT(*) FROM {t(CourtResponse)} WHERE episode_id IN ({cohort}) "
                f"AND decided_on <= %s GROUP BY kind",
                [*within, end],
            ),
            (
                f"SELECT d.appearance, COUNT(*) FROM {t(DocketEntry)} d "
                f"JOIN {t(Hearing)} h ON h.id = d.hearing_id WHERE d.episode_id IN ({cohort}) "
                f"AND h.local_date <= %s GROUP BY d.appearance",
                [*within, end],
            ),
            (
                f"SELECT m.episode_id, m.{q('on')}, m.kind, cp.number, cp.name "
                f"FROM {t(PhaseMove)} m JOIN {t(CourtPhase)} cp ON cp.id = m.phase_id "
                f"WHERE m.episode_id IN ({cohort}) AND m.{q('on')} <= %s "
                f"ORDER BY m.episode_id, m.{q('on')}, m.id",
                [*within, end],
            ),
        ]
        return sum(len(fetch(sql, params)) for sql, params in queries)

    return run


def court_report(ctx: Context) -> Operation:
    program, user = _program(ctx)
    start, end = year_before(ctx.today), ctx.today
    url = reverse("outcomes:court_measures", args=[program.public_id])
    data = {"start": start.isoformat(), "end": end.isoformat()}
    return Operation(
        name="report_court_phases",
        label="Program report, 12 months: court measures and days per phase",
        target=REPORT,
        run=lambda i: ctx.get(user, url, data),
        hand_sql=court_sql(program, start, end),
        note=f"as {user.username}; {program.name}, enrolled {start} to {end}",
    )


# --- statewide -----------------------------------------------------------------------------------


def statewide(ctx: Context) -> Operation:
    from missioncj.core.tasks import TASKS
    from missioncj.outcomes.dashboards import threshold_for
    from missioncj.outcomes.forms import default_period

    period = default_period(ctx.today)
    programs = sorted(Program.objects.values_list("pk", flat=True))
    params = {
        "program_ids": programs,
        "start": period["start"],
        "end": period["end"],
        "team_id": None,
        "court_id": None,
        "threshold": threshold_for(programs),
    }
    build = TASKS["outcomes.dashboard"]

    def hand_sql(_: int) -> int:
        return len(
            fetch(
                f"SELECT e.id, e.status, e.referral_date, e.enrolled_date, e.closed_date, "
                f"e.discharge_reason, p.date_of_birth, p.sex, p.race, p.ethnicity, "
                f"p.veteran_status FROM {t(Episode)} e "
                f"JOIN {t(Participant)} p ON p.id = e.participant_id "
                f"WHERE e.program_id IN ({marks(programs)}) AND e.referral_date <= %s",
                [*programs, dt.date.fromisoformat(period["end"])],
            )
        )

    return Operation(
        name="statewide_summary",
        label="Statewide annual summary (dashboard task)",
        target=STATEWIDE,
        run=lambda i: build(params, lambda done, total, text: None),
        hand_sql=hand_sql,
        rows=Episode.objects.filter(program_id__in=programs).count(),
        note=f"{len(programs)} programs, {period['start']} to {period['end']}",
        heavy=True,
    )


# --- audit report --------------------------------------------------------------------------------


def last_month(today: dt.date) -> dt.date:
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def audit_sql(program_ids: list[int], month: dt.date) -> Any:
    following = (month + dt.timedelta(days=32)).replace(day=1)

    def run(_: int) -> int:
        return len(
            fetch(
                f"SELECT ev.id, ev.occurred_at, ev.kind, ev.action, ev.actor_id, ev.actor_label, "
                f"ev.participant_public_id, ev.subject_type, ev.subject_public_id, "
                f"ev.request_id, ev.hash, ev.before, ev.after FROM {t(AuditEvent)} ev "
                f"WHERE ev.occurred_at >= %s AND ev.occurred_at < %s AND ("
                f"ev.participant_public_id IN (SELECT p.public_id FROM {t(Participant)} p "
                f"JOIN {t(Episode)} e ON e.participant_id = p.id "
                f"WHERE e.program_id IN ({marks(program_ids)})) "
                f"OR ev.actor_id IN (SELECT m.user_id FROM {t(Membership)} m "
                f"WHERE m.program_id IN ({marks(program_ids)}))) "
                f"ORDER BY ev.occurred_at DESC, ev.id DESC LIMIT {AUDIT_PAGE + 1}",
                [
                    dt.datetime.combine(month, dt.time.min, tzinfo=dt.UTC),
                    dt.datetime.combine(following, dt.time.min, tzinfo=dt.UTC),
                    *program_ids,
                    *program_ids,
                ],
            )
        )

    return run


def audit_report(ctx: Context) -> Operation:
    label = "Audit report, one month (first page)"
    try:
        url = reverse("privacy:audit_report")
    except NoReverseMatch:
        return unavailable("audit_report", label, REPORT, "not available: no audit report here")
    _, user = _program(ctx)
    month = last_month(ctx.today)
    from missioncj.accounts.scope import scope_of

    programs = sorted(scope_of(user).program_ids)
    return Operation(
        name="audit_report",
        label=label,
        target=REPORT,
        run=lambda i: ctx.get(user, url, {"month": f"{month:%Y-%m}"}),
        hand_sql=audit_sql(programs, month),
        rows=AUDIT_PAGE,
        note=f"as {user.username}; {month:%Y-%m}",
    )
