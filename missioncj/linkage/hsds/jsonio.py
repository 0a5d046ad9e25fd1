"""HSDS JSON: one object keyed by table name (`organization`, `service`, `location`, …), each
an array of flat rows (objects of column → value). Our export writes tables in `TABLES` order
with sorted rows, so the same directory always gives the same bytes."""

from __future__ import annotations

import json
from typing import Any

from missioncj.linkage.hsds.tables import BY_CSV, BY_NAME, Problem, TableRows, Tables, wrong_column

FILE = "directory.json"
_SCALARS = (str, int, float, bool, type(None))


def read_json(data: bytes) -> tuple[Tables, list[Problem]]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, [Problem(FILE, None, "", f"This is not a JSON file ({exc}).")]
    if not isinstance(document, dict):
        return {}, [Problem(FILE, None, "", "Expected an object keyed by table name.")]
    tables: Tables = {}
    problems: list[Problem] = []
    for name, rows in document.items():
        table = BY_NAME.get(name) or BY_CSV.get(f"{name}.csv")
        if table is None:
            known = ", ".join(BY_NAME)
            problems.append(Problem(FILE, None, name, f"Unknown table “{name}”; use {known}."))
            continue
        if not isinstance(rows, list):
            problems.append(Problem(name, None, "", "Expected an array of rows."))
            continue
        found = tables.setdefault(table.name, TableRows(name))
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                problems.append(Problem(name, index, "", "Expected an object (one row)."))
                continue
            problems += _row_problems(name, index, row, table)
            found.rows.append((index, row))
    return tables, problems


def _row_problems(file: str, index: int, row: dict[str, Any], table: Any) -> list[Problem]:
    out = [
        wrong_column(table, file, index, column) for column in row if column not in table.allowed
    ]
    for column, value in row.items():
        nested = not isinstance(value, _SCALARS)
        if nested and not (column == "category" and isinstance(value, list)):
            out.append(Problem(file, index, column, "Give a single value, not a list or object."))
    return out


def write_json(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    return (json.dumps(tables, indent=2, ensure_ascii=False) + "\n").encode()
