"""The one table writer of the product: a `Table` (named columns, rows from any iterable, a
queryset `.iterator()` included) written as CSV or XLSX, logged in the export log and sent.

- **CSV** is UTF-8 with a byte-order mark, so Excel opens it as UTF-8 rather than guessing a
  code page; dates are ISO 8601 (`2026-11-02`), booleans `true`/`false`, empty cells empty.
- **XLSX** is written with openpyxl's write-only mode; numbers, dates and booleans stay typed
  cells, text stays text.
- **Formula injection**: a text cell whose first character — after any leading spaces — is
  `=`, `+`, `-`, `@`, a tab, a carriage return or a line feed is written with a leading `'`, so
  no spreadsheet reads it as a formula. Typed numbers are not text and are never prefixed.
- The file goes to a `SpooledTemporaryFile` (memory up to 1 MiB, then disk) through a writer
  that hashes every byte with SHA-256 as it passes, so a large export streams with flat memory
  and the export log holds the digest of exactly the bytes sent.

Pages offer their download as `?format=csv` or `?format=xlsx` on their own URL (see
`core.exports.wanted_format` and the `_download.html` include); `export_response` is the
one call a view makes — from any floor through `core.exports.export_response`, which this module
plugs into at start-up."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from tempfile import SpooledTemporaryFile
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from openpyxl import Workbook

from missioncj.core.exports import Column, Table, columns, wanted_format
from missioncj.interop.models import ExportKind
from missioncj.interop.services import record_export
from missioncj.programs.models import Program

__all__ = ["Column", "Table", "columns", "export_response", "wanted_format"]

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")
SPOOL_BYTES = 1024 * 1024
CSV_CHUNK_ROWS = 500


def safe_text(text: str) -> str:
    """The text as a spreadsheet will show it, never as a formula."""
    return "'" + text if text.lstrip(" ").startswith(DANGEROUS) else text


def xlsx_value(value: Any) -> Any:
    """A typed cell: numbers, dates and booleans as themselves, everything else as safe text."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        # Spreadsheets have no time zones: the local wall-clock time, as the page shows it.
        return timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, dt.date):
        return value
    return safe_text(str(value))


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return (timezone.localtime(value) if value.tzinfo else value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return safe_text(str(value))


def _cells(table: Table, row: Mapping[str, Any] | Sequence[Any]) -> list[Any]:
    if isinstance(row, Mapping):
        return [row.get(c.key) for c in table.columns]
    return list(row)


class HashingWriter:
    """A write-only stream that hashes and counts what passes through to `target`."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self.target.write(data)

    def flush(self) -> None:
        self.target.flush()


def write_csv(table: Table, out: Any, *, bom: bool = True) -> int:
    """Write the table as CSV bytes to `out`; return the number of data rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_value(label) for label in table.labels])
    count = 0
    prefix = "\ufeff" if bom else ""
    for row in table.rows:
        writer.writerow([csv_value(v) for v in _cells(table, row)])
        count += 1
        if count % CSV_CHUNK_ROWS == 0:
            out.write((prefix + buffer.getvalue()).encode("utf-8"))
            prefix = ""
            buffer.seek(0)
            buffer.truncate()
    out.write((prefix + buffer.getvalue()).encode("utf-8"))
    return count


def write_xlsx(table: Table, out: Any) -> int:
    """Write the table as one XLSX sheet to `out`; return the number of data rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=safe_sheet_title(table.name))
    sheet.append([safe_text(label) for label in table.labels])
    count = 0
    for row in table.rows:
        sheet.append([xlsx_value(v) for v in _cells(table, row)])
        count += 1
    book.save(out)
    return count


def safe_sheet_title(name: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in name).strip()
    return (cleaned or "Sheet")[:31]


@dataclass
class Written:
    file: Any  # the spooled file, rewound
    sha256: str
    size: int
    rows: int


def spool(write: Any) -> Written:
    """Run `write(stream) -> rows` into a spooled temporary file while hashing the bytes."""
    # Closed by the FileResponse once sent.
    file = SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+b")  # noqa: SIM115
    hashing = HashingWriter(file)
    rows = write(hashing)
    file.flush()
    file.seek(0)
    return Written(file, hashing.sha256.hexdigest(), hashing.size, rows)


def write_table(table: Table, fmt: str) -> Written:
    if fmt not in FORMATS:
        raise ValidationError({"format": "The format is csv or xlsx."})
    return spool(lambda out: (write_csv if fmt == "csv" else write_xlsx)(table, out))


def send(
    request: HttpRequest,
    written: Written,
    *,
    fmt: str,
    filename: str,
    program: Program | None,
    kind: str,
    name: str,
    identified: bool,
    participant_count: int,
) -> FileResponse:
    """Log a written file in the export log (with its audit event) and send it."""
    record_export(
        actor=request.user,
        kind=kind,
        name=name,
        file_format=fmt,
        sha256=written.sha256,
        size_bytes=written.size,
        identified=identified,
        program=program,
        participant_count=participant_count,
        row_count=written.rows,
    )
    response = FileResponse(
        written.file, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt]
    )
    response["Cache-Control"] = "no-store"
    return response


def export_response(
    request: HttpRequest,
    table: Table,
    fmt: str,
    *,
    program: Program | None,
    name: str,
    identified: bool,
    participant_count: int | Callable[[], int],
    kind: str = ExportKind.TABLE,
) -> FileResponse:
    """The one call a view makes to send a list or report as CSV or XLSX. `participant_count`
    may be a function, asked after the rows are written (rows counted as they stream)."""
    written = write_table(table, fmt)
    if callable(participant_count):
        participant_count = participant_count()
    stamp = timezone.localdate().isoformat()
    return send(
        request,
        written,
        fmt=fmt,
        filename=f"{name.replace('.', '-')}-{stamp}.{fmt}",
        program=program,
        kind=kind,
        name=name,
        identified=identified,
        participant_count=participant_count,
    )
