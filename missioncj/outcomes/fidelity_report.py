"""The program's fidelity and dose report: summary, by team, by staff member, by CTI phase,
the weekly series and the high / low share — aggregates over `program_episodes` — and, for
those who may name participants, the per-participant table built from `visible_to`.

Every figure covers the weeks in the chosen range (a week is in when its Monday is); scores
and classes are as of the range's last day (or today, if earlier). Queries are constant in the
number of participants."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from missioncj.accounts.models import User
from missioncj.care.models import CurriculumKind, GroupSession
from missioncj.core.routers import reads_replica
from missioncj.outcomes import equity
from missioncj.outcomes import fidelity_weeks as fw
from missioncj.outcomes.access import below_floor, program_episodes
from missioncj.outcomes.fidelity import HIGH, LOW, EpisodeFidelity, episode_fidelity
from missioncj.outcomes.services import settings_for
from missioncj.participants.models import Episode
from missioncj.programs.models import Program, Team

RATE_FIELDS = ("cti", "drt", "peer", "prosocial", "collateral", "vocational", "linkage_made")


@dataclass
class Line:
    """Sums over a set of participant-weeks (a team, the program, a phase, a week)."""

    label: str
    participants: set[int] = field(default_factory=set)
    weeks: int = 0
    target_weeks: int = 0
    met_weeks: int = 0
    counts: fw.Counts = field(default_factory=fw.Counts)

    def add(self, episode_id: int, row: fw.WeekRow) -> None:
        self.participants.add(episode_id)
        self.weeks += 1
        if row.cti_met is not None:
            self.target_weeks += 1
            self.met_weeks += row.cti_met
        self.counts.add(row.counts)

    @property
    def met_percent(self) -> float | None:
        return fw.percent(self.met_weeks, self.target_weeks)

    @property
    def rates(self) -> dict[str, float | None]:
        """Each count per participant-week, two decimals."""
        return {
            name: round(getattr(self.counts, name) / self.weeks, 2) if self.weeks else None
            for name in fw.COUNT_FIELDS
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "participants": len(self.participants),
            "participant_weeks": self.weeks,
            "target_weeks": self.target_weeks,
            "met_weeks": self.met_weeks,
            "cti_met_percent": self.met_percent,
            "counts": self.counts.as_dict(),
            "per_participant_week": self.rates,
        }


@dataclass
class StaffLine:
    """What one staff member authored (signed contacts) and facilitated (group sessions)."""

    user_id: int
    label: str = ""
    contacts: int = 0
    cti: int = 0
    collateral: int = 0
    vocational: int = 0
    participants: set[int] = field(default_factory=set)
    participant_weeks: int = 0
    facilitated: dict[str, int] = field(default_factory=dict)

    @property
    def cti_rate(self) -> float | None:
        w = self.participant_weeks
        return round(self.cti / w, 2) if w else None

    def as_json(self) -> dict[str, Any]:
        return {
            "staff": self.label,
            "contacts": self.contacts,
            "cti": self.cti,
            "collateral": self.collateral,
            "vocational": self.vocational,
            "participants": len(self.participants),
            "participant_weeks": self.participant_weeks,
            "cti_per_participant_week": self.cti_rate,
            "sessions_facilitated": self.facilitated,
        }


@dataclass
class ParticipantLine:
    item: EpisodeFidelity
    rows: list[fw.WeekRow]

    @property
    def met_percent(self) -> float | None:
        target = [r for r in self.rows if r.cti_met is not None]
        return fw.percent(sum(bool(r.cti_met) for r in target), len(target))


@dataclass
class ProgramFidelity:
    program: Program
    start: dt.date
    end: dt.date
    through: dt.date
    summary: Line
    teams: list[Line]
    staff: list[StaffLine]
    phases: list[Line]
    weeks: list[tuple[dt.date, Line]]
    classes: dict[str, int]
    participants: list[ParticipantLine] | None = None  # None: not for this reader
    by_group: list[equity.Breakdown] = field(default_factory=list)  # high fidelity by group
    floor: int = 0  # lines about fewer people than this were left out (evaluators)
    withheld: int = 0  # how many lines were left out
    notice: str = ""  # the whole report is about too few people to show
    classes_hidden: bool = False  # the high / low counts would point at a few people

    @property
    def scored(self) -> int:
        return self.classes[HIGH] + self.classes[LOW]

    @property
    def high_percent(self) -> float | None:
        return fw.percent(self.classes[HIGH], self.scored)


def _staff(
    found: dict[int, EpisodeFidelity],
    kept: dict[int, list[fw.WeekRow]],
    program: Program,
    start: dt.date,
    end: dt.date,
) -> list[StaffLine]:
    lines: dict[int, StaffLine] = {}
    for pk, rows in kept.items():
        first = found[pk].episode.enrolled_date or rows[0].start
        for c in found[pk].facts.contacts:
            if not (max(first, rows[0].start) <= c.day <= rows[-1].end):
                continue
            line = lines.setdefault(c.author_id, StaffLine(c.author_id))
            line.contacts += 1
            line.cti += c.cti
            line.collateral += c.collateral
            line.vocational += c.vocational
            if pk not in line.participants:
                line.participants.add(pk)
                line.participant_weeks += len(rows)
    low = dt.datetime.combine(fw.monday(start), dt.time(), tzinfo=program.zone)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=program.zone)
    sessions = GroupSession.objects.filter(
        program=program, occurred_at__gte=low, occurred_at__lt=high
    ).values_list("facilitators", "curriculum__kind")
    for user_id, kind in sessions:
        if user_id is not None:
            line = lines.setdefault(user_id, StaffLine(user_id))
            line.facilitated[kind] = line.facilitated.get(kind, 0) + 1
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=list(lines))}
    for line in lines.values():
        line.label = names.get(line.user_id, "—")
        line.facilitated = {k: line.facilitated.get(k, 0) for k in CurriculumKind.values}
    return sorted(lines.values(), key=lambda line: line.label.lower())


def _episodes(user: Any, program: Program, start: dt.date, end: dt.date, team: Team | None):
    rows = (
        program_episodes(user, program)
        .filter(enrolled_date__isnull=False, enrolled_date__lte=end)
        .exclude(closed_date__lt=fw.monday(start))
        .select_related("program", "team", "participant")
    )
    return list(rows.filter(team=team) if team else rows)


def _by_group(
    found: dict[int, EpisodeFidelity], kept: dict[int, list[fw.WeekRow]], program: Program
) -> list[equity.Breakdown]:
    """The share of scored participants at high fidelity, by group (small groups hidden)."""
    values = {
        pk: {"high": None if not found[pk].score.fidelity else found[pk].score.fidelity == HIGH}
        for pk in kept
    }
    people = equity.people_for([found[pk].episode for pk in kept], values)
    return equity.breakdowns(
        people,
        equity.rate_of("high"),
        measure_label="High fidelity",
        threshold=settings_for(program).small_cell_min,
    )


def _apply_floor(report: ProgramFidelity, floor: int) -> None:
    """For readers who may not see people (evaluators): no line about 1 to floor - 1 people,
    no high / low counts that would point at a few, nothing at all when the whole report is
    about so few."""

    def few(people: set[int]) -> bool:
        return 0 < len(people) < floor

    before = len(report.teams) + len(report.phases) + len(report.weeks) + len(report.staff)
    report.teams = [line for line in report.teams if not few(line.participants)]
    report.phases = [line for line in report.phases if not few(line.participants)]
    report.weeks = [(day, line) for day, line in report.weeks if not few(line.participants)]
    report.staff = [line for line in report.staff if not few(line.participants)]
    after = len(report.teams) + len(report.phases) + len(report.weeks) + len(report.staff)
    report.floor, report.withheld = floor, before - after
    shown = equity.suppressed_counts(dict(report.classes), floor)
    report.classes_hidden = None in shown.values()
    report.notice = below_floor(len(report.summary.participants), floor)


@reads_replica
def program_fidelity(
    user: Any,
    program: Program,
    *,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    team: Team | None = None,
    identified: bool = False,
    floor: int = 0,
) -> ProgramFidelity:
    """The report for weeks start..end (404 unless the user reads the program's reports).
    `identified` adds the per-participant table, from `Episode.objects.visible_to(user)`."""
    through = min(end, today)
    episodes = _episodes(user, program, start, end, team)
    found = episode_fidelity(episodes, program, through=through)
    kept = {pk: fw.in_range(item.rows, start, end) for pk, item in found.items()}
    kept = {pk: rows for pk, rows in kept.items() if rows}
    summary = Line(program.name)
    teams: dict[str, Line] = {}
    phases: dict[int | None, Line] = {}
    series: dict[dt.date, Line] = defaultdict(lambda: Line(""))
    for pk, rows in kept.items():
        team_of = found[pk].episode.team
        team_line = teams.setdefault(team_of.name if team_of else "No team", Line(""))
        for row in rows:
            phase_line = phases.setdefault(row.phase, Line(fw.phase_name(row.phase)))
            for line in (summary, team_line, phase_line, series[row.start]):
                line.add(pk, row)
    for name, line in teams.items():
        line.label = name
    classes = {HIGH: 0, LOW: 0}
    for pk in kept:
        fidelity = found[pk].score.fidelity
        if fidelity:
            classes[fidelity] += 1
    report = ProgramFidelity(
        program=program,
        start=start,
        end=end,
        through=through,
        summary=summary,
        teams=[teams[k] for k in sorted(teams)],
        staff=_staff(found, kept, program, start, end),
        phases=[phases[k] for k in sorted(phases, key=lambda p: p if p is not None else 99)],
        weeks=sorted(series.items()),
        classes=classes,
        by_group=_by_group(found, kept, program),
    )
    if floor:
        _apply_floor(report, floor)
    if identified:
        visible = Episode.objects.visible_to(user).filter(pk__in=list(kept))
        named = {e.pk: e for e in visible.select_related("participant")}
        report.participants = [
            ParticipantLine(found[pk], kept[pk])
            for pk in sorted(named, key=lambda pk: named[pk].participant.display_name)
        ]
        for person in report.participants:
            person.item.facts.episode.participant = named[person.item.episode.pk].participant
    return report
