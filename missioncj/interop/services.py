"""Every write in interop: logging an export. Keyword-only actor, one transaction, an audit
event inside it."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missioncj.core.audit import record
from missioncj.core.context import current_request_id
from missioncj.core.models import AuditKind
from missioncj.interop.models import ExportKind, ExportRecord
from missioncj.programs.models import Program


@transaction.atomic
def record_export(
    *,
    actor: Any,
    kind: str,
    name: str,
    file_format: str,
    identified: bool,
    content: bytes | None = None,
    sha256: str = "",
    size_bytes: int | None = None,
    program: Program | None = None,
    recipient_label: str = "",
    participant_count: int = 0,
    row_count: int = 0,
    disclosure_count: int = 0,
) -> ExportRecord:
    """Log one exported file. Give its bytes as `content`, or — for a file streamed to disk —
    its precomputed `sha256` and `size_bytes`."""
    if kind not in ExportKind.values:
        raise ValidationError({"kind": "Unknown export kind."})
    if content is not None:
        sha256, size_bytes = hashlib.sha256(content).hexdigest(), len(content)
    if len(sha256) != 64 or size_bytes is None:
        raise ValidationError({"sha256": "Give the file's bytes, or its SHA-256 and size."})
    row = ExportRecord.objects.create(
        occurred_at=timezone.now(),
        kind=kind,
        name=name[:120],
        file_format=file_format[:10],
        program=program,
        actor=actor,
        recipient_label=recipient_label[:300],
        identified=identified,
        participant_count=participant_count,
        row_count=row_count,
        disclosure_count=disclosure_count,
        sha256=sha256,
        size_bytes=size_bytes,
        request_id=current_request_id() or "",
    )
    record(
        kind=AuditKind.EXPORT,
        action=f"export.{kind}",
        actor=actor,
        subject=row,
        after={
            "name": row.name,
            "format": row.file_format,
            "program": str(program.public_id) if program else None,
            "identified": identified,
            "rows": row_count,
            "participants": participant_count,
            "disclosures": disclosure_count,
            "sha256": row.sha256,
        },
    )
    return row
