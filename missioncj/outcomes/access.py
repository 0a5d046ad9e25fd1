"""Who may read which outcome reports.

Two kinds of read, kept apart:
- **Aggregates** (counts, rates, curves, scores) for a program: its director and supervisors,
  and its evaluators. They are computed over every episode of the program — restricted records
  are counted, never named — through `program_episodes`, the one place aggregate reports read
  participant data. Breakdowns suppress small cells (`outcomes.equity`).
- **Identified rows** (a participant named in a list, a per-participant fidelity table): only
  through the read choke point, `Episode.objects.visible_to(user)`. Evaluators see none.

Team roles (case manager, peer, clinician) see their own team's dashboard; it is built from
`visible_to`, so it never shows them anyone they could not open."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from missioncj.accounts.scope import scope_of
from missioncj.participants.models import Episode
from missioncj.programs.models import Program, Team


def report_program_ids(user: Any) -> frozenset[int]:
    scope = scope_of(user)
    return scope.program_ids | scope.evaluator_program_ids


def report_programs(user: Any) -> QuerySet[Program]:
    """Programs whose aggregate reports the user may read."""
    return Program.objects.filter(pk__in=report_program_ids(user)).order_by("name")


def identified_programs(user: Any) -> QuerySet[Program]:
    """Programs whose reports may name participants for this user (director, supervisor)."""
    return Program.objects.filter(pk__in=scope_of(user).program_ids).order_by("name")


def is_evaluator_for(user: Any, program: Program) -> bool:
    """True when the user reads this program only as an evaluator (aggregates, extract)."""
    scope = scope_of(user)
    return program.pk in scope.evaluator_program_ids and program.pk not in scope.program_ids


def report_program(user: Any, program_id: UUID | str, *, identified: bool = False) -> Program:
    """The program by public id if the user may read its reports, else 404."""
    programs = identified_programs(user) if identified else report_programs(user)
    found = programs.filter(public_id=program_id).first()
    if found is None:
        raise Http404("No such program.")
    return found


def program_episodes(user: Any, program: Program) -> QuerySet[Episode]:
    """Every episode of a program, for aggregate reports only; 404 unless the user may read
    the program's reports. Never use it to show rows that name a participant."""
    if program.pk not in report_program_ids(user):
        raise Http404("No such program.")
    return Episode.objects.filter(program=program)


def report_teams(user: Any) -> QuerySet[Team]:
    """Teams whose dashboard the user may open: their own team, or every team of a program
    they oversee."""
    scope = scope_of(user)
    return Team.objects.filter(pk__in=scope.team_ids) | Team.objects.filter(
        program_id__in=scope.program_ids
    )


def team_episodes(user: Any, team: Team) -> QuerySet[Episode]:
    """A team's episodes as this user may see them (the read choke point)."""
    return Episode.objects.visible_to(user).filter(team=team)


def evaluator_floor(user: Any, program: Program) -> int:
    """The fewest people a report may be about for this reader: the program's small-cell
    threshold for an evaluator (a narrow filter must not show one person's record), none for
    those who may read the people themselves."""
    if not is_evaluator_for(user, program):
        return 0
    from missioncj.outcomes.services import settings_for

    return settings_for(program).small_cell_min


def below_floor(people: int, floor: int) -> str:
    """The notice shown instead of a report about 1 to floor - 1 people ("" when it may be
    shown). Not an error: the filters are fine, there are just too few people to show."""
    if 0 < people < floor:
        return (
            f"Fewer than {floor} people match these filters, so no figures are shown (the "
            "program's small-cell threshold); widen the period or drop a filter."
        )
    return ""
