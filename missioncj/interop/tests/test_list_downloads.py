"""The work queue, groups, directory and meetings lists download as CSV and XLSX through the
export log, with the page's own rows; out-of-scope readers get a 404 and nothing is logged."""

from __future__ import annotations

import csv
import hashlib
import io

import openpyxl
import pytest

from missioncj.interop.models import ExportRecord
from missioncj.linkage.tests.factories import directory_service
from missioncj.linkage.tests.meeting_factories import meeting


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def places(world):
    directory_service(world.drug, "Harbor Clinic", ["mental_health"])
    meeting(world.drug, name="Tuesday Night Hope")


def test_work_queue_download_names_only_the_users_people(world, login):
    body = _body(login("casemanager").get("/work/", {"format": "csv"}))
    rows = _csv(body)
    assert rows[0][:2] == ["Participant id", "Name"]
    names = {row[1] for row in rows[1:]}
    assert world.north_person.display_name in names  # no CTI contact since 10 September
    assert world.south_person.display_name not in names  # another team's
    record = ExportRecord.objects.get()
    assert (record.name, record.identified, record.actor) == (
        "care.work_queue",
        True,
        world.user("casemanager"),
    )
    assert record.sha256 == hashlib.sha256(body).hexdigest()


@pytest.mark.parametrize(
    ("url", "name", "header", "row"),
    [
        ("directory", "linkage.directory", "Service", "Harbor Clinic"),
        ("meetings", "linkage.meetings", "Meeting", "Tuesday Night Hope"),
    ],
)
def test_program_lists_download(world, login, places, url, name, header, row):
    path = f"/programs/{world.drug.public_id}/{url}/"
    response = login("peer").get(path, {"format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(_body(response))).active
    assert sheet is not None
    values = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    assert header in values[0]
    assert any(row in r for r in values[1:])
    record = ExportRecord.objects.get()
    assert (record.name, record.identified, record.program) == (name, False, world.drug)
    before = ExportRecord.objects.count()
    assert login("outsider").get(path, {"format": "csv"}).status_code == 404
    assert ExportRecord.objects.count() == before


def test_groups_download_counts_without_names(world, login):
    rows = _csv(_body(login("casemanager").get("/groups/", {"format": "csv"})))
    assert rows[0] == [
        "Session id",
        "Program",
        "Curriculum",
        "Session",
        "Title",
        "Date",
        "Present",
        "Absent",
        "Excused",
        "Make-up",
    ]
    assert ExportRecord.objects.get().name == "care.groups"


def test_search_and_outcome_events_download_what_the_page_lists(world, login):
    from missioncj.outcomes.services import record_outcome_event

    client = login("casemanager")
    rows = _csv(_body(client.get("/participants/", {"q": "Test", "format": "csv"})))
    names = {row[1] for row in rows[1:]}
    assert names == {world.north_person.display_name}  # not the south team's
    assert ExportRecord.objects.get().name == "participants.search"
    record_outcome_event(
        actor=world.user("casemanager"),
        episode=world.north_person.episodes.get(),
        kind="arrest",
        occurred_on=world.north_person.episodes.get().enrolled_date,
        source="court_record",
    )
    url = f"/participants/{world.north_person.public_id}/outcomes/"
    rows = _csv(_body(client.get(url, {"format": "csv"})))
    assert rows[1][3] == "Arrest"
    assert login("outsider").get(url, {"format": "csv"}).status_code == 404
    assert ExportRecord.objects.filter(name="outcomes.events").count() == 1


def test_court_calendar_downloads_without_names(world, login):
    import datetime as dt

    from missioncj.court.models import Court, Hearing

    court = Court.objects.create(program=world.drug, name="Harbor Drug Court")
    Hearing.objects.create(
        court=court,
        kind="status",
        local_date=dt.date(2030, 3, 4),
        local_time=dt.time(9, 30),
        starts_at=dt.datetime(2030, 3, 4, 14, 30, tzinfo=dt.UTC),
        status="scheduled",
    )
    url = f"/courts/{court.public_id}/calendar/"
    rows = _csv(_body(login("supervisor").get(url, {"format": "csv"})))
    assert rows[0][:3] == ["Hearing id", "Date", "Time"]
    assert rows[1][1:3] == ["2030-03-04", "09:30:00"]
    record = ExportRecord.objects.get()
    assert (record.name, record.identified) == ("court.calendar", False)


def test_a_participants_lists_download(world, login):
    from missioncj.assessments.tests.factories import give, phq9
    from missioncj.linkage.services.referrals import create_referral

    person, cm = world.north_person, world.user("casemanager")
    give(cm, person, "phq9", phq9(1, 1, 1, 1, 1, 0, 0, 0, 0))
    create_referral(
        actor=cm,
        participant=person,
        need="sober_housing",
        place_name="Oak House",
        place_contact="555-0100",
        referred_on=person.episodes.get().enrolled_date,
    )
    client = login("casemanager")
    base = f"/participants/{person.public_id}"
    assessments = _csv(_body(client.get(f"{base}/assessments/", {"format": "csv"})))
    assert assessments[1][1].startswith("PHQ-9") and assessments[1][4] == "5"
    referrals = _csv(_body(client.get(f"{base}/referrals/", {"format": "csv"})))
    assert referrals[1][2] == "Oak House"
    tests = _csv(_body(client.get(f"{base}/tests/", {"format": "csv"})))
    assert tests[0][:2] == ["Test id", "Day"]
    names = set(ExportRecord.objects.values_list("name", flat=True))
    assert names == {"assessments.list", "linkage.participant_referrals", "court.drug_tests"}
    assert not ExportRecord.objects.exclude(participant_count=1).exists()
    before = ExportRecord.objects.count()
    assert login("outsider").get(f"{base}/assessments/", {"format": "csv"}).status_code == 404
    assert ExportRecord.objects.count() == before
