"""The `instruments` command: sync, export, publish a correction."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from missioncj.assessments.models import Instrument


def run(*args: str) -> str:
    out = StringIO()
    call_command("instruments", *args, stdout=out)
    return out.getvalue()


def test_sync_list_export_publish(world, tmp_path):
    assert "phq9: unchanged" in run("sync")
    assert "v1 (shipped)" in run("list")
    definition = json.loads(run("export", "pcl5"))
    definition["loinc"] = {"panel": "00000-0", "total": "11111-1"}
    path = tmp_path / "pcl5.json"
    path.write_text(json.dumps(definition))
    out = run("publish", "pcl5", str(path), "--by", "director", "--note", "LOINC checked")
    assert "version 2 is now current" in out
    current = Instrument.objects.get(code="pcl5").current
    assert current is not None and current.loinc["total"] == "11111-1"
    path.write_text(json.dumps({"items": []}))
    with pytest.raises(CommandError):
        run("publish", "pcl5", str(path), "--by", "director", "--note", "broken")
