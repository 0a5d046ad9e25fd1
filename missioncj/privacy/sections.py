"""What may be shown about one participant for each consented category, as plain data.

Public API (kept stable: staffing packets, prints and court-partner pages are built on it):

    build_sections(participant, categories, start, end, *, episode=None, court=None)
        -> list[Section]

    packet_period(participant, day, *, court=None, episode=None) -> (start, end)

- `categories` are `Category` values the disclosure decision granted (`Decision.granted`);
  a section is built for each one this module knows, in `SECTION_ORDER`, and any other value
  (clinical notes, SUD counseling notes) is ignored: they never go into a section.
- `start`..`end` is the period, both local dates in the program's time zone, inclusive.
  `packet_period` gives "since the previous court hearing, up to the packet day".
- `episode` defaults to the participant's open episode (else the latest); `court` limits the
  case, conditions and hearings to one court.
- A `Section` is plain data: `facts` (label → value, both plain text), `tables` (caption,
  column headings, rows of plain text), `empty` (a sentence when there is nothing to show) and
  `data` (the same figures as JSON-able values, for the API and partner pages). No HTML.

What never appears, whatever the category: contact note text, addenda, attendance notes,
group-session notes, drug-test notes, staffing notes, progress-rating notes, plan reviews,
assessment answers, SUD counseling notes, or any other free text written about the person's
care. The only free text shown is court record text (court conditions, the team's
recommendation to the judge, incentives and sanctions as the court recorded them) and
treatment-plan goal wording (what the PLAN category describes).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from missioncj.assessments.history import effective
from missioncj.assessments.models import Administration, AdministrationStatus
from missioncj.care.dose import dose
from missioncj.care.models import (
    COMPLETED,
    Attendance,
    AttendanceStatus,
    Contact,
    CurriculumKind,
    Modality,
    PlanGoal,
    ProgressRating,
    WithWhom,
)
from missioncj.court.models import (
    Analyte,
    AnalyteOutcome,
    AnalyteResult,
    Appearance,
    Condition,
    ConditionStatus,
    Court,
    CourtCase,
    CourtResponse,
    DocketEntry,
    DrugTest,
    HearingKind,
    HearingStatus,
    Outcome,
    ResponseKind,
)
from missioncj.court.phase_criteria import phase_status
from missioncj.court.sobriety import sobriety
from missioncj.participants.models import OPEN_STATUSES, Episode, Participant
from missioncj.privacy.models import Category

SECTION_ORDER = (
    Category.PHASE,
    Category.ATTENDANCE,
    Category.DRUG_TESTS,
    Category.RESPONSES,
    Category.ASSESSMENTS,
    Category.PLAN,
    Category.DIAGNOSES,
)
# The categories a section can carry; clinical and counseling notes never do.
SECTION_CATEGORIES = frozenset(c.value for c in SECTION_ORDER)
COURT_KINDS = [k for k in HearingKind.values if k != HearingKind.STAFFING]
APPEARED = {Appearance.APPEARED, Appearance.REMOTE}


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]


@dataclass
class Section:
    category: str
    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    empty: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "title": self.title,
            "facts": [{"label": label, "value": value} for label, value in self.facts],
            "tables": [
                {
                    "caption": t.caption,
                    "columns": list(t.columns),
                    "rows": [list(r) for r in t.rows],
                }
                for t in self.tables
            ],
            "empty": self.empty,
            "data": self.data,
        }


@dataclass(frozen=True)
class Scope:
    """What every builder needs: whose record, which episode, the period, and the court."""

    participant: Participant
    episode: Episode
    start: dt.date
    end: dt.date
    court: Court | None

    @property
    def zone(self) -> Any:
        return self.episode.program.zone

    def in_period(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def day_text(day: dt.date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else "—"


def _local(moment: dt.datetime, zone: Any) -> dt.date:
    return moment.astimezone(zone).date()


def _utc_bounds(scope: Scope) -> tuple[dt.datetime, dt.datetime]:
    """UTC instants that surely include every moment of the local period (filtered again)."""
    return (
        dt.datetime.combine(scope.start - dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC),
        dt.datetime.combine(scope.end + dt.timedelta(days=2), dt.time(), tzinfo=dt.UTC),
    )


# --- period and episode -------------------------------------------------------------------------


def episode_for(participant: Participant) -> Episode:
    """The participant's open episode, else the latest one."""
    episodes = list(
        Episode.objects.filter(participant=participant)
        .select_related("program")
        .order_by("-referral_date", "-pk")
    )
    open_ones = [e for e in episodes if e.status in OPEN_STATUSES]
    return (open_ones or episodes)[0]


def packet_period(
    participant: Participant,
    day: dt.date,
    *,
    court: Court | None = None,
    episode: Episode | None = None,
) -> tuple[dt.date, dt.date]:
    """From the participant's previous court hearing (not cancelled; its day included, so
    what happened at it is reported) up to `day`; with no earlier hearing, from enrollment
    (or referral)."""
    episode = episode or episode_for(participant)
    earlier = DocketEntry.objects.filter(
        participant=participant,
        hearing__kind__in=COURT_KINDS,
        hearing__local_date__lt=day,
    ).exclude(hearing__status=HearingStatus.CANCELLED)
    if court is not None:
        earlier = earlier.filter(hearing__court=court)
    previous = earlier.order_by("-hearing__local_date").values_list(
        "hearing__local_date", flat=True
    )[:1]
    if previous:
        return previous[0], day
    start = episode.enrolled_date or episode.referral_date
    return min(start, day), day


def _case(scope: Scope) -> CourtCase | None:
    cases = CourtCase.objects.filter(episode=scope.episode)
    if scope.court is not None:
        cases = cases.filter(court=scope.court)
    return cases.order_by("-opened_on", "-pk").first()


# --- attendance ---------------------------------------------------------------------------------


def _attendance(scope: Scope) -> Section:
    section = Section(Category.ATTENDANCE, Category.ATTENDANCE.label)
    low, high = _utc_bounds(scope)
    rows = Attendance.objects.filter(
        episode=scope.episode,
        group_session__occurred_at__gte=low,
        group_session__occurred_at__lt=high,
    ).values_list(
        "status",
        "group_session__occurred_at",
        "group_session__curriculum__kind",
        "group_session__session_number",
    )
    groups: list[tuple[dt.date, str, int, str]] = []
    for status, occurred_at, kind, number in rows:
        day = _local(occurred_at, scope.zone)
        if scope.in_period(day):
            groups.append((day, kind, number, status))
    groups.sort()
    attended = sum(1 for g in groups if g[3] in COMPLETED)
    missed = sum(1 for g in groups if g[3] == AttendanceStatus.ABSENT)
    excused = sum(1 for g in groups if g[3] == AttendanceStatus.EXCUSED)
    section.facts.append(
        ("Group sessions in the period", f"{attended} attended, {missed} missed, {excused} excused")
    )
    dosed = dose(scope.episode)
    section.facts.append(("DRT sessions completed to date", dosed.drt.text))
    if dosed.peer.total:
        section.facts.append(("Peer sessions completed to date", dosed.peer.text))
    if groups:
        section.tables.append(
            Table(
                "Group sessions",
                ("Date", "Curriculum", "Session", "Attendance"),
                [
                    (day_text(d), CurriculumKind(k).label, str(n), AttendanceStatus(s).label)
                    for d, k, n, s in groups
                ],
            )
        )
    hearings = _hearings(scope)
    appeared = sum(1 for h in hearings if h[2] in APPEARED)
    failed = sum(1 for h in hearings if h[2] == Appearance.FAILED)
    section.facts.append(
        ("Court hearings in the period", f"{appeared} appeared, {failed} failed to appear")
    )
    if hearings:
        section.tables.append(
            Table(
                "Court hearings",
                ("Date", "Hearing", "Appearance"),
                [(day_text(d), HearingKind(k).label, Appearance(a).label) for d, k, a in hearings],
            )
        )
    contacts = _contacts(scope)
    by_modality = Counter(m for _, m in contacts)
    section.facts.append(
        (
            "Contacts with the team in the period",
            ", ".join(f"{n} {Modality(m).label.lower()}" for m, n in sorted(by_modality.items()))
            or "none",
        )
    )
    if contacts:
        section.tables.append(
            Table(
                "Contacts with the team (dates only)",
                ("Date", "How"),
                [(day_text(d), Modality(m).label) for d, m in contacts],
            )
        )
    section.data = {
        "groups": {"attended": attended, "missed": missed, "excused": excused},
        "drt": {"completed": dosed.drt.completed, "total": dosed.drt.total},
        "peer": {"completed": dosed.peer.completed, "total": dosed.peer.total},
        "hearings": {"appeared": appeared, "failed": failed},
        "contacts": dict(sorted(by_modality.items())),
    }
    return section


def _hearings(scope: Scope) -> list[tuple[dt.date, str, str]]:
    entries = DocketEntry.objects.filter(
        episode=scope.episode,
        hearing__kind__in=COURT_KINDS,
        hearing__local_date__gte=scope.start,
        hearing__local_date__lte=scope.end,
    ).exclude(appearance="")
    if scope.court is not None:
        entries = entries.filter(hearing__court=scope.court)
    return list(
        entries.order_by("hearing__local_date", "hearing__local_time").values_list(
            "hearing__local_date", "hearing__kind", "appearance"
        )
    )


def _contacts(scope: Scope) -> list[tuple[dt.date, str]]:
    """Signed contacts with the participant (not collateral-only): local date and modality.
    Only those two columns are read: the note never leaves the database here."""
    low, high = _utc_bounds(scope)
    rows = (
        Contact.objects.filter(
            episode=scope.episode,
            signed_at__isnull=False,
            with_whom__in=[WithWhom.PARTICIPANT, WithWhom.BOTH],
            occurred_at__gte=low,
            occurred_at__lt=high,
        )
        .order_by("occurred_at", "pk")
        .values_list("occurred_at", "modality")
    )
    out = [(_local(at, scope.zone), modality) for at, modality in rows]
    return [(d, m) for d, m in out if scope.in_period(d)]


# --- drug tests ---------------------------------------------------------------------------------


def _drug_tests(scope: Scope) -> Section:
    section = Section(Category.DRUG_TESTS, Category.DRUG_TESTS.label)
    tests = list(
        DrugTest.objects.filter(episode=scope.episode, local_date__lte=scope.end)
        .order_by("local_date", "pk")
        .only("pk", "local_date", "specimen", "outcome", "status", "validity")
    )
    in_period = [t for t in tests if t.local_date >= scope.start]
    positives: dict[int, list[str]] = {t.pk: [] for t in in_period}
    for test_id, analyte, result in AnalyteResult.objects.filter(
        test_id__in=list(positives),
        result__in=[AnalyteOutcome.POSITIVE, AnalyteOutcome.PRESCRIBED],
    ).values_list("test_id", "analyte", "result"):
        label = Analyte(analyte).label
        positives[test_id].append(
            label + (" (prescribed)" if result == AnalyteOutcome.PRESCRIBED else "")
        )
    counts = Counter(t.outcome for t in in_period)
    section.facts.append(
        (
            "Tests in the period",
            f"{len(in_period)} tests: {counts[Outcome.NEGATIVE]} negative, "
            f"{counts[Outcome.POSITIVE]} positive, {counts[Outcome.MISSED]} missed, "
            f"{counts[Outcome.REFUSED]} refused, {counts[Outcome.INVALID]} invalid",
        )
    )
    start = scope.episode.enrolled_date or scope.episode.referral_date
    clean = sobriety(tests, start, scope.end)
    if clean.tests:
        section.facts.append(("Current clean time", f"{clean.clean_days} days"))
        section.facts.append(
            (
                "Last positive, missed or refused test",
                f"{day_text(clean.last_positive)} ({clean.days_since_positive} days ago)"
                if clean.last_positive
                else "none on record",
            )
        )
        section.facts.append(("Longest run of negative tests", str(clean.longest_negative_run)))
    else:
        section.facts.append(("Current clean time", "no test results yet"))
    if in_period:
        section.tables.append(
            Table(
                "Tests",
                ("Date", "Specimen", "Result", "Positive for"),
                [
                    (
                        day_text(t.local_date),
                        t.get_specimen_display(),
                        t.get_outcome_display(),
                        ", ".join(positives[t.pk]) or "—",
                    )
                    for t in in_period
                ],
            )
        )
    section.data = {
        "tests": len(in_period),
        "outcomes": dict(sorted(counts.items())),
        "clean_days": clean.clean_days if clean.tests else None,
        "last_positive": clean.last_positive.isoformat() if clean.last_positive else None,
        "days_since_positive": clean.days_since_positive,
        "longest_negative_run": clean.longest_negative_run,
    }
    return section


# --- phase, conditions, obligations, recommendation ---------------------------------------------


def _phase(scope: Scope) -> Section:
    section = Section(Category.PHASE, Category.PHASE.label)
    status = phase_status(scope.episode, on=scope.end)
    if status is None:
        section.facts.append(("Court phase", "not started"))
    else:
        section.facts.append(("Court phase", str(status.phase)))
        section.facts.append(
            ("In the phase since", f"{day_text(status.entered_on)} ({status.days_in_phase} days)")
        )
        section.tables.append(
            Table(
                "Criteria for the next phase" if not status.is_last else "Phase criteria",
                ("Criterion", "Status", "Figures"),
                [(c.label, c.words, c.figures) for c in status.criteria],
            )
        )
    case = _case(scope)
    conditions = list(case.conditions.order_by("ordered_on", "pk")) if case else []
    if case is not None:
        section.facts.append(("Court case", f"{case.docket_number} ({case.get_status_display()})"))
    if conditions:
        section.tables.append(
            Table(
                "Conditions of the case",
                ("Condition", "Ordered", "Due", "Status"),
                [
                    (
                        f"{c.get_kind_display()}: {c.description}",
                        day_text(c.ordered_on),
                        day_text(c.due_on),
                        c.get_status_display(),
                    )
                    for c in conditions
                ],
            )
        )
    upcoming = _upcoming(scope, conditions)
    if upcoming:
        section.tables.append(Table("Upcoming obligations", ("Date", "What"), upcoming))
    recommendation = _recommendation(scope)
    section.facts.append(("Team's recommendation", recommendation or "none recorded"))
    section.data = {
        "phase": status.phase.number if status else None,
        "phase_name": status.phase.name if status else None,
        "days_in_phase": status.days_in_phase if status else None,
        "criteria": [
            {"key": c.key, "status": c.status, "figures": c.figures}
            for c in (status.criteria if status else [])
        ],
        "conditions": [
            {
                "kind": c.kind,
                "description": c.description,
                "due_on": c.due_on.isoformat() if c.due_on else None,
                "status": c.status,
            }
            for c in conditions
        ],
        "recommendation": recommendation,
    }
    return section


def _upcoming(scope: Scope, conditions: list[Condition]) -> list[tuple[str, ...]]:
    rows: list[tuple[dt.date, str]] = []
    entries = DocketEntry.objects.filter(
        episode=scope.episode, hearing__kind__in=COURT_KINDS, hearing__local_date__gt=scope.end
    ).exclude(hearing__status=HearingStatus.CANCELLED)
    if scope.court is not None:
        entries = entries.filter(hearing__court=scope.court)
    upcoming = entries.order_by("hearing__local_date", "hearing__local_time").first()
    if upcoming is not None:
        hearing = upcoming.hearing
        rows.append((hearing.local_date, f"Next court date: {hearing.get_kind_display()}"))
    for condition in conditions:
        if (
            condition.status == ConditionStatus.ACTIVE
            and condition.due_on
            and condition.due_on >= scope.end
        ):
            rows.append((condition.due_on, f"Due: {condition.get_kind_display()}"))
    return [(day_text(d), what) for d, what in sorted(rows)]


def _recommendation(scope: Scope) -> str:
    """The team's recommendation at the latest staffing in the period (the packet day first)."""
    entries = (
        DocketEntry.objects.filter(
            episode=scope.episode,
            hearing__kind=HearingKind.STAFFING,
            hearing__local_date__gte=scope.start,
            hearing__local_date__lte=scope.end,
        )
        .exclude(recommendation="")
        .exclude(hearing__status=HearingStatus.CANCELLED)
    )
    if scope.court is not None:
        entries = entries.filter(hearing__court=scope.court)
    row = entries.order_by("-hearing__local_date", "-hearing__local_time").values_list(
        "recommendation", flat=True
    )[:1]
    return row[0] if row else ""


# --- responses ----------------------------------------------------------------------------------


def _responses(scope: Scope) -> Section:
    section = Section(Category.RESPONSES, Category.RESPONSES.label)
    rows = list(
        CourtResponse.objects.filter(
            episode=scope.episode, decided_on__gte=scope.start, decided_on__lte=scope.end
        ).order_by("decided_on", "pk")
    )
    counts = Counter(r.kind for r in rows)
    section.facts.append(
        (
            "In the period",
            f"{counts[ResponseKind.INCENTIVE]} incentives, {counts[ResponseKind.SANCTION]} "
            f"sanctions, {counts[ResponseKind.SERVICE_ADJUSTMENT]} service adjustments",
        )
    )
    if rows:
        section.tables.append(
            Table(
                "Incentives, sanctions and service adjustments",
                ("Date", "Kind", "For", "Response", "Magnitude"),
                [
                    (
                        day_text(r.decided_on),
                        r.get_kind_display(),
                        r.behaviour,
                        r.response + (f" ({r.jail_days} days in jail)" if r.jail_days else ""),
                        r.get_magnitude_display(),
                    )
                    for r in rows
                ],
            )
        )
    section.data = {k.value: counts[k] for k in ResponseKind}
    return section


# --- assessments --------------------------------------------------------------------------------


def _assessments(scope: Scope) -> Section:
    section = Section(Category.ASSESSMENTS, Category.ASSESSMENTS.label)
    completed = list(
        Administration.objects.filter(
            episode=scope.episode,
            status=AdministrationStatus.COMPLETED,
            administered_on__lte=scope.end,
        ).select_related("instrument_version__instrument")
    )
    by_instrument: dict[int, list[Administration]] = {}
    for item in effective(completed):
        by_instrument.setdefault(item.instrument_version.instrument_id, []).append(item)
    rows: list[tuple[str, ...]] = []
    data: list[dict[str, Any]] = []
    for series in sorted(by_instrument.values(), key=lambda s: s[-1].instrument.order):
        latest = series[-1]
        previous = series[-2] if len(series) > 1 else None
        change = (
            latest.total - previous.total
            if previous and latest.total is not None and previous.total is not None
            else None
        )
        rows.append(
            (
                latest.instrument.name,
                day_text(latest.administered_on),
                "—" if latest.total is None else str(latest.total),
                latest.band_label or "—",
                "first" if previous is None else ("—" if change is None else f"{change:+d}"),
            )
        )
        data.append(
            {
                "instrument": latest.instrument.name,
                "on": latest.administered_on.isoformat(),
                "total": latest.total,
                "band": latest.band_label,
                "change": change,
            }
        )
    if rows:
        section.tables.append(
            Table(
                "Latest completed scores",
                ("Instrument", "Given", "Score", "Band", "Change from previous"),
                rows,
            )
        )
    else:
        section.empty = "No completed assessments on record."
    section.data = {"latest": data}
    return section


# --- plan ---------------------------------------------------------------------------------------


def _plan(scope: Scope) -> Section:
    section = Section(Category.PLAN, Category.PLAN.label)
    goals = list(
        PlanGoal.objects.filter(plan__episode=scope.episode)
        .order_by("pk")
        .only("pk", "domain", "text", "status")
    )
    latest: dict[int, tuple[dt.date, int]] = {}
    for goal_id, rated_on, rating in (
        ProgressRating.objects.filter(objective__goal__in=goals, rated_on__lte=scope.end)
        .order_by("rated_on", "pk")
        .values_list("objective__goal_id", "rated_on", "rating")
    ):
        latest[goal_id] = (rated_on, rating)
    labels = dict(ProgressRating._meta.get_field("rating").choices or [])
    if not goals:
        section.empty = "No treatment plan on record."
    else:
        section.tables.append(
            Table(
                "Goals",
                ("Area", "Goal", "Status", "Latest progress"),
                [
                    (
                        g.get_domain_display(),
                        g.text,
                        g.get_status_display(),
                        f"{labels[latest[g.pk][1]]} ({day_text(latest[g.pk][0])})"
                        if g.pk in latest
                        else "not yet rated",
                    )
                    for g in goals
                ],
            )
        )
    section.data = {
        "goals": [
            {
                "domain": g.domain,
                "text": g.text,
                "status": g.status,
                "rating": latest[g.pk][1] if g.pk in latest else None,
            }
            for g in goals
        ]
    }
    return section


# --- diagnoses ----------------------------------------------------------------------------------


def _diagnoses(scope: Scope) -> Section:
    # The record does not model diagnoses; say so rather than infer one from anything else.
    return Section(
        Category.DIAGNOSES,
        Category.DIAGNOSES.label,
        empty="None recorded.",
        data={"diagnoses": []},
    )


BUILDERS: dict[str, Callable[[Scope], Section]] = {
    Category.ATTENDANCE: _attendance,
    Category.DRUG_TESTS: _drug_tests,
    Category.PHASE: _phase,
    Category.RESPONSES: _responses,
    Category.ASSESSMENTS: _assessments,
    Category.PLAN: _plan,
    Category.DIAGNOSES: _diagnoses,
}


def build_sections(
    participant: Participant,
    categories: Iterable[str],
    start: dt.date,
    end: dt.date,
    *,
    episode: Episode | None = None,
    court: Court | None = None,
) -> list[Section]:
    """One section per granted category this module can show, in `SECTION_ORDER`."""
    if start > end:
        raise ValueError("The period starts after it ends.")
    wanted = set(categories) & SECTION_CATEGORIES
    if not wanted:
        return []
    episode = episode or episode_for(participant)
    scope = Scope(participant, episode, start, end, court)
    return [BUILDERS[c](scope) for c in SECTION_ORDER if c in wanted]
