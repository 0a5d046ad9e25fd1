"""Malformed HSDS files are refused whole, each problem named by file, row and column, and
nothing is stored (not even the source)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from missioncj.core.models import AuditEvent
from missioncj.linkage.hsds.csvio import write_zip
from missioncj.linkage.hsds.imports import ImportRefused, import_directory
from missioncj.linkage.models import Organization, Schedule, Service, Source
from missioncj.linkage.tests.directory_helpers import as_json, county_document


def _state():
    return (
        Source.objects.count(),
        Organization.objects.count(),
        Service.objects.count(),
        Schedule.objects.count(),
        AuditEvent.objects.count(),
    )


def _refused(world, data: bytes, fmt: str = "") -> list[tuple]:
    before = _state()
    with pytest.raises(ImportRefused) as caught:
        import_directory(actor=None, program=world.drug, source_name="bad", data=data, fmt=fmt)
    assert _state() == before
    return [(p.file, p.index, p.field, p.message) for p in caught.value.problems]


def test_every_kind_of_problem_is_reported_at_once(world):
    doc = county_document()
    del doc["organization"][1]["name"]  # missing required field
    doc["location"][2]["latitude"] = "95.1"  # bad latitude
    doc["service_at_location"][3]["service_id"] = "no-such-service"  # unknown reference
    doc["phone"].append(dict(doc["phone"][0]))  # duplicate id
    doc["schedule"][4]["opens_at"] = "25:00"  # bad time
    problems = _refused(world, as_json(doc))
    assert ("organization", 1, "name", "Required: give the name.") in problems
    assert (
        "location",
        2,
        "latitude",
        "A latitude lies between -90 and 90 (this is 95.1).",
    ) in problems
    assert (
        "service_at_location",
        3,
        "service_id",
        "No service with id “no-such-service” in this file.",
    ) in problems
    last = len(doc["phone"]) - 1
    assert ("phone", last, "id", "Duplicate id “hc-org-01-ph” (first at 0).") in problems
    assert (
        "schedule",
        4,
        "opens_at",
        "Give a time of day as HH:MM from 00:00 to 23:59 (not “25:00”).",
    ) in problems


def test_one_bad_row_in_a_big_file_imports_nothing(world):
    doc = county_document()
    doc["location"][-1]["longitude"] = "west"
    problems = _refused(world, as_json(doc))
    assert len(problems) == 1
    file, index, field, message = problems[0]
    assert (file, index, field) == ("location", len(doc["location"]) - 1, "longitude")
    assert "decimal degrees" in message


def test_csv_problems_name_the_file_and_line(world):
    doc = county_document()
    doc["schedule"][0]["closes_at"] = "25:00"
    doc["service"][2]["organization_id"] = "ghost"
    problems = _refused(world, write_zip(doc))
    assert (
        "schedules.csv",
        2,
        "closes_at",
        "Give a time of day as HH:MM from 00:00 to 23:59 (not “25:00”).",
    ) in problems
    assert (
        "services.csv",
        4,
        "organization_id",
        "No organization with id “ghost” in this file.",
    ) in problems


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_wrong_column_is_refused_with_the_columns_we_know(world):
    data = _zip({"organizations.csv": "id,nmae\no1,Harbor\n"})
    [(file, line, field, message)] = _refused(world, data)
    assert (file, line, field) == ("organizations.csv", 1, "nmae")
    assert message.startswith("Unknown column “nmae”; organization has ")
    assert "name" in message


def test_not_a_zip_and_not_json(world):
    assert _refused(world, b"id,name\n1,x\n", fmt="csv") == [
        ("directory.zip", None, "", "This is not a zip file of HSDS CSV tables.")
    ]
    [(file, index, field, message)] = _refused(world, b"{not json", fmt="json")
    assert (file, index, field) == ("directory.json", None, "")
    assert message.startswith("This is not a JSON file")


def test_unknown_table_file_and_shape(world):
    doc = {"organisation": [], "service": {"id": "x"}, "location": ["row"]}
    problems = _refused(world, json.dumps(doc).encode())
    assert problems[0][:3] == ("directory.json", None, "organisation")
    assert ("service", None, "", "Expected an array of rows.") in problems
    assert ("location", 0, "", "Expected an object (one row).") in problems
    problems = _refused(world, _zip({"people.csv": "id\n1\n"}))
    assert problems[0][:2] == ("people.csv", None)


def test_rows_with_missing_links_and_bad_values(world):
    doc = {
        "organization": [{"id": "o", "name": "Org", "email": "not-an-email"}],
        "service": [
            {
                "id": "s",
                "organization_id": "o",
                "name": "S",
                "minimum_age": "40",
                "maximum_age": "18",
            },
            {"id": "t", "organization_id": "o", "name": "T", "status": "open"},
        ],
        "location": [{"id": "l", "organization_id": "o", "name": "L", "latitude": "41.5"}],
        "schedule": [
            {
                "id": "h1",
                "location_id": "l",
                "byday": "MO",
                "opens_at": "9:00",
                "closes_at": "17:00",
            },
            {
                "id": "h2",
                "service_id": "s",
                "byday": "XX",
                "opens_at": "9:00",
                "closes_at": "17:00",
            },
        ],
        "phone": [{"id": "p", "number": "555-0100"}],
    }
    problems = {(p[0], p[1], p[2]) for p in _refused(world, as_json(doc))}
    assert problems == {
        ("organization", 0, "email"),
        ("service", 0, "maximum_age"),
        ("service", 1, "status"),
        ("location", 0, "latitude"),  # a latitude without a longitude
        ("schedule", 0, "location_id"),  # hours of a location alone are not kept
        ("schedule", 1, "byday"),
        ("phone", 0, "service_id"),  # whose phone?
    }


def test_source_name_is_required(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        import_directory(actor=None, program=world.drug, source_name=" ", data=b"{}")
    assert "source" in caught.value.message_dict
    assert Source.objects.count() == 0
