"""The import verb: read, validate everything, then store in one transaction with one audit
event carrying the counts. Any problem refuses the whole file and nothing changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.linkage.directory_access import require
from missioncj.linkage.hsds.apply import Counts, apply_plan
from missioncj.linkage.hsds.csvio import read_zip
from missioncj.linkage.hsds.jsonio import read_json
from missioncj.linkage.hsds.tables import Problem
from missioncj.linkage.hsds.validate import validate
from missioncj.linkage.models import Source, SourceKind
from missioncj.programs.models import Program

FORMATS = ("json", "csv")


class ImportRefused(ValidationError):
    """The file has problems; `problems` lists each (file, index, field, message)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__([str(p) for p in problems])
        self.problems = problems


@dataclass
class ImportResult:
    source: Source
    counts: Counts


def format_of(data: bytes, name: str = "") -> str:
    """csv for a zip (by name or by its first bytes), json otherwise."""
    if name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04":
        return "csv"
    return "json"


def import_directory(
    *, actor: Any, program: Program, source_name: str, data: bytes, fmt: str = ""
) -> ImportResult:
    require(actor, program, "import")
    fmt = fmt or format_of(data)
    name = (source_name or "").strip()
    if not name or len(name) > 200:
        raise ValidationError({"source": "Name the source (up to 200 characters)."})
    if fmt not in FORMATS:
        raise ValidationError({"format": "The format is json or csv."})
    tables, problems = read_zip(data) if fmt == "csv" else read_json(data)
    if not problems:
        plan, problems = validate(tables)
    if problems:
        raise ImportRefused(problems)
    with transaction.atomic():
        source, _ = Source.objects.select_for_update().get_or_create(
            program=program,
            name=name,
            defaults={"kind": SourceKind.HSDS, "created_by": actor or None},
        )
        if source.kind != SourceKind.HSDS:
            message = f"“{name}” holds {source.get_kind_display().lower()}; choose another name."
            raise ValidationError({"source": message})
        counts = apply_plan(plan, source)
        source.imported_at = timezone.now()
        source.save(update_fields=["imported_at", "updated_at"])
        record(
            kind=AuditKind.UPDATE,
            action="linkage.directory.import",
            actor=actor,
            subject=source,
            after={"program": str(program.public_id), "format": fmt, **counts.as_dict()},
        )
    return ImportResult(source, counts)
