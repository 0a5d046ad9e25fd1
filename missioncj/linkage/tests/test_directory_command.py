"""`missioncj directory import|export`: a good file imports with counts, a bad one prints each
problem and imports nothing, and export writes the file."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from missioncj.linkage.hsds.csvio import write_zip
from missioncj.linkage.models import Service, Source
from missioncj.linkage.tests.directory_helpers import as_json, county_document


def test_import_then_export(world, tmp_path, capsys):
    path = tmp_path / "guide.zip"
    path.write_bytes(write_zip(county_document()))
    program = str(world.drug.public_id)
    call_command("directory", "import", "--program", program, "--source", "211", str(path))
    assert "Imported “211”: 179 added" in capsys.readouterr().out
    assert Service.objects.count() == 20
    out = tmp_path / "out.json"
    call_command("directory", "export", "--program", program, "--format", "json", str(out))
    assert len(json.loads(out.read_bytes())["service"]) == 20


def test_bad_file_prints_problems_and_imports_nothing(world, tmp_path, capsys):
    doc = county_document()
    doc["location"][1]["latitude"] = "100"
    path = tmp_path / "guide.json"
    path.write_bytes(as_json(doc))
    with pytest.raises(CommandError, match="Nothing imported: 1 problem"):
        call_command(
            "directory",
            "import",
            "--program",
            str(world.drug.public_id),
            "--source",
            "x",
            str(path),
        )
    assert (
        "location index 1, latitude: A latitude lies between -90 and 90" in capsys.readouterr().err
    )
    assert not Source.objects.exists()


def test_unknown_program(world, tmp_path):
    with pytest.raises(CommandError, match="No program"):
        call_command("directory", "export", "--program", "nope", str(tmp_path / "x.json"))
