"""The export verb: a program's whole directory as HSDS JSON or a zip of HSDS CSV files,
recorded as one audit event (the directory holds no participant data, so no disclosure)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.linkage.hsds.csvio import write_zip
from missioncj.linkage.hsds.export import export_tables
from missioncj.linkage.hsds.jsonio import write_json
from missioncj.programs.models import Program

CONTENT_TYPES = {"json": "application/json", "csv": "application/zip"}
SUFFIXES = {"json": "json", "csv": "zip"}


def export_directory(*, actor: Any, program: Program, fmt: str) -> bytes:
    if fmt not in CONTENT_TYPES:
        raise ValidationError({"format": "The format is json or csv."})
    tables = export_tables(program)
    data = write_zip(tables) if fmt == "csv" else write_json(tables)
    record(
        kind=AuditKind.LIST,
        action="linkage.directory.export",
        actor=actor,
        subject=program,
        after={"format": fmt, "rows": {name: len(rows) for name, rows in tables.items()}},
    )
    return data


def file_name(program: Program, fmt: str) -> str:
    return f"directory-{program.public_id}.{SUFFIXES[fmt]}"
