"""The shared table writer: formula-injection safety in CSV and XLSX, typed XLSX cells, the
BOM, streaming to disk with the digest of the exact bytes, and the export log entry."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from missioncj.core.exports import Table, columns, wanted_format
from missioncj.core.models import AuditEvent
from missioncj.interop.models import ExportRecord
from missioncj.interop.services import record_export
from missioncj.interop.tables import export_response, safe_text, write_table

DANGEROUS = ["=SUM(A1:A2)", "+1+1", "-2+3", "@cmd", "\tTAB", "\rCR", "\nLF", "   =HYPERLINK(1)"]
HARMLESS = ["plain", "a=b", "3-4 weeks", "e-mail@x", "", "  spaced"]
COLS = columns(("text", "Text"), ("n", "Number"))


def _table(values: list[str]) -> Table:
    return Table("T", COLS, ({"text": v, "n": i} for i, v in enumerate(values)))


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("value", DANGEROUS)
def test_dangerous_text_is_quoted_in_csv(value):
    rows = _csv_rows(write_table(_table([value]), "csv").file.read())
    assert rows[1][0] == "'" + value
    assert rows[1][1] == "0"


@pytest.mark.parametrize("value", DANGEROUS)
def test_dangerous_text_is_quoted_in_xlsx(value):
    book = openpyxl.load_workbook(io.BytesIO(write_table(_table([value]), "xlsx").file.read()))
    cell = book.active["A2"]
    assert cell.data_type == "s"
    # XML reads a lone carriage return back as a line feed; the quote is what matters.
    assert cell.value == "'" + value.replace("\r", "\n")


def test_harmless_text_is_left_alone_and_headers_are_safe_too():
    assert [safe_text(v) for v in HARMLESS] == HARMLESS
    table = Table("T", columns(("a", "=label")), iter([{"a": "x"}]))
    rows = _csv_rows(write_table(table, "csv").file.read())
    assert rows == [["'=label"], ["x"]]


def test_xlsx_keeps_numbers_dates_and_booleans_typed():
    row = {
        "i": -5,
        "f": 2.5,
        "d": Decimal("1.25"),
        "day": dt.date(2026, 3, 4),
        "yes": True,
        "none": None,
        "neg_text": "-5",
    }
    table = Table("Typed", columns(*((k, k) for k in row)), iter([row]))
    sheet = openpyxl.load_workbook(io.BytesIO(write_table(table, "xlsx").file.read())).active
    cells = next(iter(sheet.iter_rows(min_row=2, values_only=False)))
    assert [c.data_type for c in cells[:3]] == ["n", "n", "n"]
    assert cells[0].value == -5 and cells[1].value == 2.5 and cells[2].value == 1.25
    assert cells[3].is_date and cells[3].value.date() == dt.date(2026, 3, 4)
    assert cells[4].data_type == "b" and cells[4].value is True
    assert cells[5].value is None
    assert cells[6].value == "'-5"  # text that looks like a formula stays text, quoted


def test_csv_dates_booleans_and_sequences():
    table = Table(
        "T", columns(("a", "A"), ("b", "B"), ("c", "C")), iter([(dt.date(2026, 1, 2), False, None)])
    )
    rows = _csv_rows(write_table(table, "csv").file.read())
    assert rows[1] == ["2026-01-02", "false", ""]


def test_large_export_streams_to_disk_and_hashes_what_it_wrote():
    rows = ({"text": f"row {i} " + "x" * 200, "n": i} for i in range(8000))
    written = write_table(Table("Big", COLS, rows), "csv")
    assert written.rows == 8000
    assert written.file._rolled  # past the in-memory limit: on disk, not in memory
    data = written.file.read()
    assert len(data) == written.size
    assert hashlib.sha256(data).hexdigest() == written.sha256


def test_unknown_format_is_refused():
    with pytest.raises(ValidationError) as caught:
        write_table(_table(["a"]), "pdf")
    assert "format" in caught.value.message_dict


def test_wanted_format_reads_only_the_two_formats():
    rf = RequestFactory()
    assert wanted_format(rf.get("/", {"format": "csv"})) == "csv"
    assert wanted_format(rf.get("/", {"format": "xlsx"})) == "xlsx"
    assert wanted_format(rf.get("/", {"format": "json"})) is None
    assert wanted_format(rf.get("/")) is None


def test_export_response_logs_the_exact_bytes(world):
    request = RequestFactory().get("/")
    request.user = world.user("director")
    response = export_response(
        request,
        _table(["=1", "b"]),
        "xlsx",
        program=world.drug,
        name="test.table",
        identified=True,
        participant_count=2,
    )
    body = b"".join(response.streaming_content)  # type: ignore[arg-type]
    row = ExportRecord.objects.get()
    assert row.sha256 == hashlib.sha256(body).hexdigest() and row.size_bytes == len(body)
    assert (row.kind, row.file_format, row.row_count, row.participant_count) == (
        "table",
        "xlsx",
        2,
        2,
    )
    assert row.identified and row.program == world.drug and row.actor == world.user("director")
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.xlsx"')
    event = AuditEvent.objects.get(action="export.table")
    assert event.subject_public_id == str(row.public_id)
    assert event.after is not None and event.after["sha256"] == row.sha256


def test_record_export_needs_bytes_or_a_digest(world):
    with pytest.raises(ValidationError) as caught:
        record_export(
            actor=world.user("director"),
            kind="table",
            name="x",
            file_format="csv",
            identified=False,
        )
    assert "sha256" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        record_export(
            actor=world.user("director"),
            kind="nope",
            name="x",
            file_format="csv",
            identified=False,
            content=b"",
        )
    assert "kind" in caught.value.message_dict
    assert not ExportRecord.objects.exists()
    row = record_export(
        actor=world.user("director"),
        kind="table",
        name="x",
        file_format="csv",
        identified=False,
        content=b"abc",
    )
    assert row.sha256 == hashlib.sha256(b"abc").hexdigest() and row.size_bytes == 3
