"""The fidelity and dose report as one table for CSV/XLSX: a row per line of the report (the
program, each team, CTI phase and week) with its sums — aggregates only, nobody named."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from missioncj.core.exports import Table, columns
from missioncj.outcomes import fidelity_weeks as fw
from missioncj.outcomes.fidelity_report import Line, ProgramFidelity

COLUMNS = columns(
    ("section", "Section"),
    ("label", "Line"),
    ("participants", "Participants"),
    ("weeks", "Participant-weeks"),
    ("target_weeks", "Weeks with a CTI target"),
    ("met_weeks", "Weeks the target was met"),
    *((name, label) for name, label in fw.COUNT_LABELS.items()),
)


def _row(section: str, line: Line, label: str | None = None) -> tuple[Any, ...]:
    counts = line.counts.as_dict()
    return (
        section,
        label or line.label,
        len(line.participants),
        line.weeks,
        line.target_weeks,
        line.met_weeks,
        *(counts[name] for name in fw.COUNT_LABELS),
    )


def rows(report: ProgramFidelity) -> Iterator[tuple[Any, ...]]:
    yield _row("Program", report.summary)
    for line in report.teams:
        yield _row("Team", line)
    for line in report.phases:
        yield _row("CTI phase", line)
    for monday, line in report.weeks:
        yield _row("Week", line, f"Week of {monday.isoformat()}")


def fidelity_table(report: ProgramFidelity) -> Table:
    return Table("fidelity", COLUMNS, rows(report))
