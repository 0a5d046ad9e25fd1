"""HSDS CSV: a zip holding one CSV per table (`organizations.csv`, `services.csv`,
`locations.csv`, `addresses.csv`, `service_at_location.csv`, `schedules.csv`, `phones.csv`, …;
see `tables.TABLES`), UTF-8, a header row of HSDS column names. A `datapackage.json` beside
them is allowed and not read. Row positions are reported as the line of the file."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

from missioncj.linkage.hsds.tables import (
    BY_CSV,
    BY_NAME,
    Problem,
    TableRows,
    Tables,
    wrong_column,
)

ARCHIVE = "directory.zip"
MAX_MEMBER_BYTES = 50 * 1024 * 1024  # a county's directory is a few megabytes at most


def read_zip(data: bytes) -> tuple[Tables, list[Problem]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return {}, [Problem(ARCHIVE, None, "", "This is not a zip file of HSDS CSV tables.")]
    tables: Tables = {}
    problems: list[Problem] = []
    with archive:
        for info in archive.infolist():
            name = info.filename.rsplit("/", 1)[-1]
            if info.is_dir() or not name or name == "datapackage.json":
                continue
            table = BY_CSV.get(name)
            if table is None:
                known = ", ".join(BY_CSV)
                problems.append(Problem(name, None, "", f"Unknown file; the tables are {known}."))
                continue
            if info.file_size > MAX_MEMBER_BYTES:
                problems.append(Problem(name, None, "", "This file is too large to import."))
                continue
            try:
                text = archive.read(info).decode("utf-8-sig")
            except UnicodeDecodeError:
                problems.append(Problem(name, None, "", "Save the file as UTF-8 text."))
                continue
            found, found_problems = _read_csv(name, text, table)
            tables[table.name] = found
            problems += found_problems
    return tables, problems


def _read_csv(name: str, text: str, table: Any) -> tuple[TableRows, list[Problem]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    found = TableRows(name)
    header = next(reader, None)
    if header is None:
        return found, []
    header = [column.strip() for column in header]
    problems = [wrong_column(table, name, 1, c) for c in header if c not in table.allowed]
    seen: set[str] = set()
    for column in header:
        if column in seen:
            problems.append(Problem(name, 1, column, "This column appears twice."))
        seen.add(column)
    if problems:
        return found, problems
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            message = f"This line has {len(cells)} cells; the header has {len(header)}."
            problems.append(Problem(name, line, "", message))
            continue
        found.rows.append((line, dict(zip(header, cells, strict=True))))
    return found, problems


def write_zip(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in tables.items():
            table = BY_NAME[name]
            columns = [c for c in table.columns if any(c in row for row in rows)] or ["id"]
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({c: "" if row.get(c) is None else row[c] for c in columns})
            # A fixed timestamp: the same directory gives the same archive.
            info = zipfile.ZipInfo(table.csv, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.getvalue())
    return buffer.getvalue()
