"""A survival cohort from an uploaded CSV, for evaluators comparing against other data.

Columns: `id`, `start_date`, `event_date`, `censor_date` (days as YYYY-MM-DD), then any
covariate columns. Each row has exactly one of `event_date` (re-arrested that day) and
`censor_date` (followed up to that day without re-arrest). Every row is checked before
anything is computed; each problem is reported as (row, column, message), row 1 being the
header. The file is read in memory and never stored."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from missioncj.outcomes.survival import Subject

REQUIRED = ("id", "start_date", "event_date", "censor_date")
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
MAX_REPORTED = 200  # problems listed; the count says how many more


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"column {self.column}" if self.column else "the file"
        return f"Row {self.row}, {where}: {self.message}"


class CohortFileError(ValidationError):
    """Every problem found in the file, as (row, column, message)."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        shown = [str(p) for p in problems[:MAX_REPORTED]]
        if len(problems) > MAX_REPORTED:
            shown.append(f"… and {len(problems) - MAX_REPORTED} more problems.")
        super().__init__({"file": shown})


@dataclass(frozen=True)
class Cohort:
    subjects: list[Subject]
    covariates: list[str]


def _text(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode()
    if len(data) > MAX_BYTES:
        raise CohortFileError(
            [RowProblem(0, "", f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CohortFileError([RowProblem(0, "", "The file is not UTF-8 text.")]) from error


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _header(reader: Iterator[list[str]]) -> list[str]:
    header = [h.strip() for h in next(reader, [])]
    problems = [
        RowProblem(1, name, "This column is missing.") for name in REQUIRED if name not in header
    ]
    problems += [
        RowProblem(1, name, "This column appears twice.")
        for name in sorted({h for h in header if header.count(h) > 1})
    ]
    if "" in header:
        problems.append(RowProblem(1, "", "A column has no name."))
    if problems:
        raise CohortFileError(problems)
    return header


def _check_row(number: int, row: dict[str, str], seen: set[str]) -> list[RowProblem]:
    problems: list[RowProblem] = []
    key = row["id"]
    if not key:
        problems.append(RowProblem(number, "id", "Give an id."))
    elif key in seen:
        problems.append(RowProblem(number, "id", f"The id {key} is used on an earlier row."))
    seen.add(key)
    days: dict[str, dt.date | None] = {}
    for name in REQUIRED[1:]:
        days[name] = _day(row[name]) if row[name] else None
        if row[name] and days[name] is None:
            problems.append(RowProblem(number, name, "Not a date; use YYYY-MM-DD."))
    if not row["start_date"]:
        problems.append(RowProblem(number, "start_date", "Give the start date."))
    if bool(row["event_date"]) == bool(row["censor_date"]):
        problems.append(
            RowProblem(number, "event_date", "Give exactly one of event_date and censor_date.")
        )
    start = days["start_date"]
    end = days["event_date"] or days["censor_date"]
    if start and end and end < start:
        column = "event_date" if row["event_date"] else "censor_date"
        problems.append(RowProblem(number, column, "This day is before the start date."))
    for name, value in row.items():
        if name not in REQUIRED and not value:
            problems.append(RowProblem(number, name, "Give a value."))
    return problems


def read_cohort(data: bytes | str) -> Cohort:
    """The subjects of the file, or a `CohortFileError` listing every problem."""
    reader = csv.reader(io.StringIO(_text(data), newline=""))
    header = _header(reader)
    covariates = [h for h in header if h not in REQUIRED]
    problems: list[RowProblem] = []
    subjects: list[Subject] = []
    seen: set[str] = set()
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if number - 1 > MAX_ROWS:
            raise CohortFileError([RowProblem(number, "", f"More than {MAX_ROWS:,} rows.")])
        if len(cells) != len(header):
            problems.append(
                RowProblem(number, "", f"{len(cells)} cells where the header has {len(header)}.")
            )
            continue
        row = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
        found = _check_row(number, row, seen)
        problems += found
        if found:
            continue
        start = dt.date.fromisoformat(row["start_date"])
        end = dt.date.fromisoformat(row["event_date"] or row["censor_date"])
        attributes = {name: row[name] for name in covariates}
        subjects.append(Subject(row["id"], (end - start).days, bool(row["event_date"]), attributes))
    if problems:
        raise CohortFileError(problems)
    if not subjects:
        raise CohortFileError([RowProblem(2, "", "The file has no rows under the header.")])
    return Cohort(subjects, covariates)
