"""`missioncj bench` on the small demo: it loads an empty database first, measures every
operation (numbers, query counts and hand-SQL ratios; "not available" only where the
operation is not built here), prints and writes a table with a row per operation, leaves every
row count but the audit events as it found them, and refuses a database it was not pointed at.
No figure is asserted: speed is what the benchmark reports, not what a test checks."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import NoReverseMatch, reverse

from missioncj.bench import facts, machine, output
from missioncj.bench.runner import NAMES
from missioncj.care.models import GroupSession
from missioncj.participants.models import Participant
from missioncj.programs.models import Program

FAST = ["--iterations", "2", "--warmup", "1", "--import-rows", "200", "--export-rows", "2000"]
DOCS = """# Benchmarks

Intro.

## Latest results

<!-- bench:end -->
"""


def built_here(name: str) -> bool:
    """Whether the operation a benchmark row needs exists in this build."""
    if name == "duplicate_search":
        return importlib.util.find_spec("missioncj.participants.duplicates") is not None
    if name == "audit_report":
        try:
            reverse("privacy:audit_report")
        except NoReverseMatch:
            return False
    return True


def bench(*args: str) -> str:
    out = StringIO()
    call_command("bench", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def check_operation(op: dict[str, Any]) -> None:
    if not built_here(op["name"]):
        assert op["status"] == "not available", op
        assert op["reason"].startswith("not available"), op
        return
    assert op["status"] == "ok", op
    for key in ("p50_ms", "p95_ms", "mean_ms"):
        assert isinstance(op[key], float) and op[key] > 0, (op["name"], key)
    assert isinstance(op["cpu_p50_ms"], float) and op["cpu_p50_ms"] >= 0
    assert op["p50_ms"] <= op["p95_ms"]
    assert op["runs"] == 2
    assert isinstance(op["queries"], int) and op["queries"] >= 1, op["name"]
    floor = op["hand_sql"]
    assert floor["p50_ms"] > 0 and floor["queries"] >= 1, op["name"]
    assert op["ratio"] == round(op["p50_ms"] / floor["p50_ms"], 2)
    assert isinstance(op["met"], bool) or (op["met"] is None and not op["checks"])


def test_bench_on_the_small_demo(db: Any, tmp_path: Path, settings: Any) -> None:
    assert not Participant.objects.exists()

    # An empty database is loaded with the small demo first; --only measures just that.
    first = tmp_path / "first.json"
    bench("--scale", "small", "--only", "caseload", "--json", str(first), *FAST)
    assert Participant.objects.count() == 60
    only = json.loads(first.read_text())
    assert [op["name"] for op in only["operations"]] == ["caseload"]

    # The whole run: every operation, a table row each, nothing but audit events written.
    before = machine.counts(skip=machine.AUDIT_TABLES)
    events = machine.counts()["core_auditevent"]
    found, table = tmp_path / "bench.json", tmp_path / "bench.md"
    printed = bench("--json", str(found), "--markdown", str(table), "--note", "test run", *FAST)
    assert machine.counts(skip=machine.AUDIT_TABLES) == before
    assert machine.counts()["core_auditevent"] > events  # the reads are audited

    result = json.loads(found.read_text())
    assert result["scale"] == "small"
    assert result["database"]["vendor"] == connection.vendor
    assert result["unchanged"] is True and result["changed"] == {}
    assert result["counts"]["participants_participant"] == 60
    assert result["facts"]["source"] == "database"
    for key in ("cpu", "cores", "python", "django", "database"):
        assert result["machine"][key], key
    assert [op["name"] for op in result["operations"]] == NAMES
    for op in result["operations"]:
        check_operation(op)
    export = next(op for op in result["operations"] if op["name"] == "export_100k")
    assert export["extra"]["rows"] == 2000
    assert export["extra"]["tracemalloc_peak_mib"] > 0
    imported = next(op for op in result["operations"] if op["name"] == "import_10k")
    assert imported["rows"] == 200

    markdown = table.read_text()
    assert markdown in printed
    assert "Note: test run" in markdown
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 1 + len(NAMES)  # the header and one row per operation
    for op in result["operations"]:
        assert sum(line.startswith(f"| {op['label']} |") for line in rows) == 1, op["label"]

    # The docs keep one section per database and scale, replaced on the next run.
    docs = tmp_path / "benchmarks.md"
    docs.write_text(DOCS)
    output.write_docs(docs, result)
    output.write_docs(docs, result)
    text = docs.read_text()
    key = f"{connection.vendor}:small"
    assert text.count(f"<!-- bench:{key} -->") == 1
    assert output.markdown(result) in text
    assert text.index(f"<!-- /bench:{key} -->") < text.index(output.END)

    # Compared with itself every operation is 1.00x, within the 1.3x scale target.
    compared = output.compare(result, result)
    ok = [op for op in result["operations"] if op["status"] == "ok"]
    assert len(compared["rows"]) == len(ok)
    assert all(row["factor"] == 1.0 and row["met"] for row in compared["rows"])

    # Asking for another scale than the database holds is refused and measures nothing.
    with pytest.raises(CommandError, match="holds the small scale"):
        bench("--scale", "state", *FAST)

    check_manifest(tmp_path, settings)


def check_manifest(tmp_path: Path, settings: Any) -> None:
    """A scale manifest describing this database is where the facts come from; one written
    for another database is not read."""
    settings.DATA_DIR = tmp_path
    people = list(Participant.objects.order_by("pk")[:3])
    program = Program.objects.order_by("pk").first()
    group = GroupSession.objects.order_by("pk").first()
    assert program is not None and group is not None
    manifest: dict[str, Any] = {
        "scale": "small",
        "database": {"vendor": connection.vendor, "name": str(connection.settings_dict["NAME"])},
        "heavy_participant": str(people[2].public_id),
        "duplicates": [[str(people[0].public_id), str(people[1].public_id), "typo"]],
        "logins": {"casemanager": "casemanager", "director": "director", "court": "court"},
        "report_program": str(program.public_id),
        "docket": {"program": str(program.public_id), "date": "2026-01-05"},
        "group_session": str(group.public_id),
    }
    path = tmp_path / "scale-manifest.json"
    path.write_text(json.dumps(manifest))
    found = facts.read_manifest()
    assert found == manifest
    gathered = facts.gather("small", found)
    assert gathered.source == "manifest"
    assert gathered.heavy_participant == people[2].public_id
    assert gathered.duplicates == [(people[0].public_id, people[1].public_id, "typo")]
    assert gathered.docket_date == dt.date(2026, 1, 5)
    assert gathered.group_session == group.public_id
    assert gathered.logins["supervisor"] == "supervisor"  # not in the manifest: the persona

    manifest["database"]["name"] = "another database"
    path.write_text(json.dumps(manifest))
    assert facts.read_manifest() is None


def test_bench_refuses_a_database_it_was_not_pointed_at() -> None:
    other = "postgres" if connection.vendor == "sqlite" else "sqlite"
    with pytest.raises(CommandError) as refused:
        bench("--db", other)
    message = str(refused.value)
    if other == "postgres":
        assert "configured database is SQLite" in message
        assert "MISSIONCJ_DATABASE_URL" in message
        assert "scripts/with-postgres.sh" in message
    else:
        assert "configured database is PostgreSQL" in message
        assert "Unset MISSIONCJ_DATABASE_URL" in message


def test_compare_reads_an_earlier_run(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(CommandError, match="not a benchmark JSON"):
        bench("--compare", str(broken))


def test_bench_refuses_real_data(world: Any) -> None:
    # `world` is a non-demo installation: benchmarking it would put reads into its audit trail.
    events = machine.counts()["core_auditevent"]
    with pytest.raises(CommandError, match="holds real"):
        bench(*FAST)
    assert machine.counts()["core_auditevent"] == events


def test_a_manifest_of_rows_the_database_no_longer_holds_is_ignored(
    world: Any, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    here = {"vendor": connection.vendor, "name": str(connection.settings_dict["NAME"])}
    person = world.north_person
    for heavy, kept in (
        (str(person.public_id), True),
        ("0" * 8 + "-0000-0000-0000-" + "0" * 12, False),
    ):
        facts.manifest_path().write_text(
            json.dumps({"scale": "state", "database": here, "heavy_participant": heavy})
        )
        manifest = facts.read_manifest()
        assert (manifest is not None) is kept, heavy
        assert facts.loaded_scale(manifest) == ("state" if kept else "small")
