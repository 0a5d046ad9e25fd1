"""The manifest a scale load leaves in `<MISSIONCJ_DATA_DIR>/scale-manifest.json`: what was made
(counts per table), where the benchmarks should look (the heavy participant, the report
program, a busy docket day, a group session, logins with their roles) and the seeded
duplicates with their originals. Every login uses the demo password
(`MISSIONCJ_DEMO_PASSWORD`)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from missioncj.care.models import Contact
from missioncj.core.models import AuditEvent
from missioncj.court.models import DocketEntry, DrugTest
from missioncj.demo.scale.plan import ProgramPlan
from missioncj.demo.scale.progress import Progress
from missioncj.demo.scale.spec import ScaleSpec

FILE_NAME = "scale-manifest.json"


def manifest_path() -> Path:
    return Path(settings.DATA_DIR) / FILE_NAME


def database_size() -> int:
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        return sum(
            os.path.getsize(path)
            for path in (name, name + "-wal", name + "-shm")
            if os.path.exists(path)
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return int(cursor.fetchone()[0])


def write_manifest(
    spec: ScaleSpec,
    seed: int,
    today: dt.date,
    seconds: float,
    programs: list[ProgramPlan],
    summary: dict[str, Any],
    counts: dict[str, int],
    progress: Progress,
) -> dict[str, Any]:
    """`summary` is what the drawing reports: every person's public id (by plan index) and the
    report program's landmarks (`program._landmarks`)."""
    ids = summary["public_ids"]
    marks = summary["landmarks"]
    heavy_id = marks["heavy_participant"]
    duplicates = [
        [ids[p.duplicate_of.index], ids[p.index], p.duplicate_kind]
        for program in programs
        for p in program.people
        if p.duplicate_of is not None
    ]
    counts = dict(sorted(counts.items()))
    counts[AuditEvent._meta.db_table] = AuditEvent.objects.count()
    manifest: dict[str, Any] = {
        "scale": spec.name,
        "seed": seed,
        "today": str(today),
        "database": {"vendor": connection.vendor, "name": str(connection.settings_dict["NAME"])},
        "seconds": round(seconds, 1),
        "stages": {name: round(value, 1) for name, value in progress.timings.items()},
        "database_bytes": database_size(),
        "counts": counts,
        "heavy_participant": heavy_id,
        "heavy": {
            "contacts": Contact.objects.filter(participant__public_id=heavy_id).count(),
            "drug_tests": DrugTest.objects.filter(participant__public_id=heavy_id).count(),
            "hearings": DocketEntry.objects.filter(participant__public_id=heavy_id).count(),
        },
        "duplicates": duplicates,
        "logins": marks["logins"],
        "password": "settings.MISSIONCJ_DEMO_PASSWORD",
        "report_program": marks["report_program"],
        "docket": marks.get("docket"),
        "group_session": marks.get("group_session"),
    }
    path = manifest_path()
    path.write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest
