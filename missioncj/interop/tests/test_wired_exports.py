"""Every wired export: a download writes exactly one ExportRecord whose SHA-256 is that of the
bytes sent, and one audit event; someone out of scope gets a 404 and nothing is written."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from missioncj.assessments.models import Instrument
from missioncj.assessments.schedule_services import adopt_profile
from missioncj.assessments.services import record_administration
from missioncj.assessments.tests.factories import full_set
from missioncj.core.models import AuditEvent
from missioncj.court.services.courts import create_court
from missioncj.court.services.docket_entries import add_to_docket
from missioncj.court.services.hearings import schedule_hearing
from missioncj.interop.models import ExportRecord
from missioncj.linkage.tests.factories import referral

DOCKET_DAY = dt.date(2026, 10, 14)


@dataclass
class Case:
    name: str  # the ExportRecord name
    url: Callable[[Any], str]
    user: str
    outsider: str
    participants: int
    kind: str = "table"
    identified: bool = True
    query: dict[str, str] | None = None
    formats: tuple[str, ...] = ("csv", "xlsx")
    min_rows: int = 1  # the accounting is empty here (its own tests fill it)


def _docket(world: Any) -> str:
    court = create_court(actor=None, program=world.drug, name="Part A")
    hearing = schedule_hearing(
        actor=world.user("director"),
        court=court,
        kind="status",
        local_date=DOCKET_DAY,
        local_time=dt.time(9, 30),
    )
    add_to_docket(actor=world.user("director"), hearing=hearing, participant=world.north_person)
    add_to_docket(actor=world.user("director"), hearing=hearing, participant=world.south_person)
    return reverse("court:docket", args=[court.public_id, DOCKET_DAY])


def _follow_up(world: Any) -> str:
    adopt_profile(actor=None, program=world.drug, profile="mission")
    return reverse("assessments:follow_up", args=[world.drug.public_id])


def _referrals(world: Any) -> str:
    referral(world.user("casemanager"), world.north_person, place_name="=cmd|' /C calc'!A0")
    return reverse("linkage:program_referrals", args=[world.drug.public_id])


def _funder(world: Any) -> str:
    for person in (world.north_person, world.south_person):
        record_administration(
            actor=world.user("director"),
            participant=person,
            instrument=Instrument.objects.get(code="gpra"),
            responses=full_set("gpra", interview_type=1, conducted=1),
            administered_on=dt.date(2026, 10, 2),
        )
    return reverse("interop:funder_export", args=[world.drug.public_id])


CASES = [
    Case("care.caseload", lambda w: reverse("care:caseload"), "director", "court", 2),
    Case("assessments.follow_up", _follow_up, "supervisor", "casemanager", 2),
    Case("linkage.referrals", _referrals, "director", "evaluator", 1),
    Case("court.docket", _docket, "director", "outsider", 2),
    Case(
        "privacy.disclosures",
        lambda w: reverse("privacy:disclosures", args=[w.north_person.public_id]),
        "peer",
        "outsider",
        1,
        min_rows=0,
    ),
    Case(
        "funder.gpra",
        _funder,
        "director",
        "evaluator",
        2,
        kind="funder",
        query={
            "instrument": "gpra",
            "start": "2026-10-01",
            "end": "2026-10-31",
            "id_kind": "court_docket",
        },
    ),
    Case(
        "research.extract",
        lambda w: reverse("interop:research_extract", args=[w.drug.public_id]),
        "evaluator",
        "casemanager",
        2,
        kind="deidentified",
        identified=False,
        formats=("zip",),
    ),
]


def _get(client: Any, case: Case, url: str, fmt: str) -> Any:
    query = dict(case.query or {})
    if fmt != "zip":
        query["format"] = fmt
    return client.get(url, query)


def _rows(body: bytes, fmt: str) -> list[list[Any]]:
    if fmt == "csv":
        return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    return [names]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_export_writes_one_record_of_the_bytes_sent(world, login, case):
    url = case.url(world)
    client = login(case.user)
    for fmt in case.formats:
        before = ExportRecord.objects.count()
        response = _get(client, case, url, fmt)
        assert response.status_code == 200, response.content[:300]
        body = b"".join(response.streaming_content)
        assert ExportRecord.objects.count() == before + 1
        row = ExportRecord.objects.order_by("-pk").first()
        assert row is not None
        assert row.sha256 == hashlib.sha256(body).hexdigest()
        assert row.size_bytes == len(body)
        assert (row.name, row.kind, row.file_format) == (case.name, case.kind, fmt)
        assert row.identified is case.identified
        assert row.participant_count == case.participants
        assert row.actor == world.user(case.user)
        event = AuditEvent.objects.filter(subject_public_id=str(row.public_id)).get()
        assert event.action == f"export.{case.kind}" and event.actor == world.user(case.user)
        rows = _rows(body, fmt)
        if fmt != "zip":
            assert len(rows) - 1 == row.row_count >= case.min_rows
            for cell in (c for r in rows for c in r if isinstance(c, str)):
                assert not cell.lstrip(" ").startswith(("=", "+", "@", "\t", "\r", "\n"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_out_of_scope_gets_404_and_nothing_is_written(world, login, case):
    url = case.url(world)
    client = login(case.outsider)
    audit = AuditEvent.objects.count()
    for fmt in case.formats:
        response = _get(client, case, url, fmt)
        if case.name == "care.caseload":
            # No caseload: a court partner is sent to their own pages, with no file.
            assert response.status_code == 302
        else:
            assert response.status_code == 404, case.name
    assert not ExportRecord.objects.exists()
    assert AuditEvent.objects.count() == audit


def test_team_staff_export_only_their_team(world, login):
    response = login("casemanager").get(reverse("care:caseload"), {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert world.north_person.display_name in text
    assert world.south_person.display_name not in text
    assert str(world.north_person.public_id) in text
    assert ExportRecord.objects.get().participant_count == 1


def test_funder_rows_are_keyed_by_client_id_not_name(world, login):
    url = _funder(world)
    query = {"instrument": "gpra", "start": "2026-10-01", "end": "2026-10-31"}
    response = login("director").get(url, {**query, "id_kind": "court_docket", "format": "csv"})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    dockets = {
        p.identifiers.get(kind="court_docket").value
        for p in (world.north_person, world.south_person)
    }
    assert {r["client_id"] for r in rows} == dockets
    assert {r["interview_type"] for r in rows} == {"1"}
    assert {r["interview_date"] for r in rows} == {"2026-10-02"}
    text = "".join(",".join(r.values()) for r in rows)
    assert "North" not in text and "South" not in text
    gpra_items = [
        i["id"] for i in Instrument.objects.get(code="gpra").versions.get(is_current=True).items
    ]
    assert list(rows[0])[2:] == gpra_items


def test_funder_form_refuses_a_backwards_period(world, login):
    url = _funder(world)
    response = login("director").get(
        url, {"instrument": "gpra", "start": "2026-10-31", "end": "2026-10-01", "format": "csv"}
    )
    assert response.status_code == 422
    assert "must not be before its start" in response.content.decode()
    assert not ExportRecord.objects.exists()


def test_pages_offer_both_downloads(world, login):
    html = login("director").get(reverse("care:caseload")).content.decode()
    assert "format=csv" in html and "format=xlsx" in html
