"""One benchmark run: check the database, load the scale if it is empty, gather the facts,
measure every operation and its hand-written SQL, and check the database was left as found."""

from __future__ import annotations

import io
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.management import call_command, load_command_class
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from missioncj.bench import bulk, dupes, machine, pages, reports
from missioncj.bench import facts as f
from missioncj.bench.ops import Clients, Context, Operation
from missioncj.bench.timing import Sample, measure
from missioncj.demo.generator import holds_real_data
from missioncj.participants.models import Participant

VENDORS = {"sqlite": "sqlite", "postgres": "postgresql"}
SCALES = ("small", "state", "national")
HEAVY_RUNS = 5  # timed runs of an operation that takes seconds (import, export, statewide)

Builder = Callable[[Context], Operation]
OPERATIONS: list[tuple[str, Builder]] = [
    ("participant_page", lambda ctx: pages.participant_page(ctx, heavy=False)),
    ("participant_page_heavy", lambda ctx: pages.participant_page(ctx, heavy=True)),
    ("caseload", pages.caseload),
    ("docket", pages.docket),
    ("group_session", pages.group_session),
    ("search_name", lambda ctx: pages.search(ctx, by_identifier=False)),
    ("search_identifier", lambda ctx: pages.search(ctx, by_identifier=True)),
    ("duplicate_search", dupes.duplicate_op),
    ("report_dose", reports.fidelity_report),
    ("report_follow_up", reports.follow_up_report),
    ("report_court_phases", reports.court_report),
    ("statewide_summary", reports.statewide),
    ("audit_report", reports.audit_report),
    ("import_10k", bulk.import_op),
    ("export_100k", bulk.export_op),
]
NAMES = [name for name, _ in OPERATIONS]


@dataclass
class Options:
    db: str | None = None
    scale: str | None = None
    iterations: int = 30
    warmup: int = 3
    only: list[str] = field(default_factory=list)
    import_rows: int = 10_000
    export_rows: int = 100_000
    note: str = ""


def check_database(db: str | None) -> None:
    if db is None:
        return
    wanted = VENDORS[db]
    if connection.vendor == wanted:
        return
    here = "SQLite" if connection.vendor == "sqlite" else "PostgreSQL"
    where = connection.settings_dict["NAME"]
    if wanted == "postgresql":
        how = (
            "Point it at PostgreSQL first: set MISSIONCJ_DATABASE_URL=postgresql://USER@HOST/DB "
            "(then `missioncj migrate`), or run it on a throwaway cluster with "
            "`scripts/with-postgres.sh sh -c 'missioncj migrate && missioncj bench --db postgres'`."
        )
    else:
        how = (
            "Unset MISSIONCJ_DATABASE_URL (SQLite is the default, in MISSIONCJ_DATA_DIR) "
            "or set it to sqlite:///PATH."
        )
    raise f.BenchError(
        f"--db {db} asked for {wanted}, but the configured database is {here} ({where}). {how}"
    )


def demo_scales() -> list[str]:
    """The scales this build's `missioncj demo --scale` accepts."""
    parser = load_command_class("missioncj.demo", "demo").create_parser("missioncj", "demo")
    for action in parser._actions:
        if "--scale" in action.option_strings:
            return list(action.choices or [])
    return ["small"]


def ensure_data(scale: str | None, write: Callable[[str], None]) -> tuple[str, dict | None]:
    """The scale in the database (loading the asked one into an empty database first)."""
    manifest = f.read_manifest()
    if not Participant.objects.exists():
        wanted = scale or "small"
        if wanted not in demo_scales():
            raise f.BenchError(
                f"The database is empty and this build's `missioncj demo` cannot load "
                f"--scale {wanted} (it offers {', '.join(demo_scales())})."
            )
        write(f"The database holds no participants: loading the {wanted} scale first.")
        out = io.StringIO()
        call_command("demo", scale=wanted, stdout=out)
        write(out.getvalue().strip())
        manifest = f.read_manifest() if wanted != "small" else None
    if holds_real_data():
        raise f.BenchError(
            "This database holds real (non-demo) data. The benchmark signs in as its staff and "
            "opens records, which would put reads nobody made into the audit trail: run it on "
            "a database loaded with `missioncj demo` (any scale)."
        )
    loaded = f.loaded_scale(manifest)
    if scale is not None and scale != loaded:
        raise f.BenchError(
            f"--scale {scale} asked, but this database holds the {loaded} scale. Point "
            f"MISSIONCJ_DATA_DIR or MISSIONCJ_DATABASE_URL at an empty database (the benchmark "
            f"loads --scale {scale} into it) or at one loaded with "
            f"`missioncj demo --scale {scale}`."
        )
    return loaded, manifest


def judge(op: Operation, sample: Sample, ratio: float | None, extra: dict) -> dict[str, bool]:
    target, checks = op.target, {}
    if target.p95_ms is not None:
        checks["p95"] = sample.p95_ms <= target.p95_ms
    if target.ratio is not None:
        checks["ratio"] = ratio is not None and ratio <= target.ratio
    if target.recall is not None:
        recall = extra.get("recall_at_10")
        checks["recall"] = recall is not None and recall >= target.recall
    if target.flat_memory:
        checks["memory"] = bool(extra.get("flat_memory"))
    return checks


def run_operation(op: Operation, options: Options) -> dict[str, Any]:
    found: dict[str, Any] = {
        "name": op.name,
        "label": op.label,
        "target": op.target.as_dict(),
        "rows": op.rows,
        "note": op.note,
    }
    if op.unavailable:
        return {**found, "status": "not available", "reason": op.unavailable}
    assert op.run is not None
    runs = min(options.iterations, HEAVY_RUNS) if op.heavy else options.iterations
    warmup = 0 if op.heavy else options.warmup  # the counted run warms a heavy one up
    sample = measure(op.run, iterations=runs, warmup=warmup)
    floor = measure(op.hand_sql, iterations=runs, warmup=warmup) if op.hand_sql else None
    extra = op.after() if op.after else {}
    ratio = round(sample.p50_ms / floor.p50_ms, 2) if floor and floor.p50_ms else None
    checks = judge(op, sample, ratio, extra)
    return {
        **found,
        "status": "ok",
        **sample.as_dict(),
        "hand_sql": floor.as_dict() if floor else None,
        "ratio": ratio,
        "checks": checks,
        "met": all(checks.values()) if checks else None,
        "extra": extra,
    }


def run(options: Options, write: Callable[[str], None] = print) -> dict[str, Any]:
    check_database(options.db)
    scale, manifest = ensure_data(options.scale, write)
    started = timezone.now()
    load_start = machine.load()
    facts = f.gather(scale, manifest)
    before = machine.counts()
    results = []
    clients = Clients()
    # Demo data is demo mode: staff without a second factor may open pages (the MFA check's
    # one query is not in the figures).
    with override_settings(MISSIONCJ_MFA_REQUIRED=False):
        ctx = Context(
            facts=facts,
            clients=clients,
            today=timezone.localdate(),
            import_rows=options.import_rows,
            export_rows=options.export_rows,
        )
        try:
            for name, build in OPERATIONS:
                if options.only and name not in options.only:
                    continue
                write(f"Measuring {name} …")
                try:
                    results.append(run_operation(build(ctx), options))
                except Exception as exc:  # one failing operation is reported, not fatal
                    results.append(failure(name, exc))
        finally:
            clients.close()
    after = machine.counts(skip=machine.AUDIT_TABLES)
    return {
        "schema": 1,
        "date": started.isoformat(),
        "seconds": round((timezone.now() - started).total_seconds(), 1),
        "machine": machine.describe(),
        "load": {"start": load_start, "end": machine.load()},
        "database": {
            "vendor": connection.vendor,
            "name": str(connection.settings_dict["NAME"]),
        },
        "scale": scale,
        "facts": facts.as_dict(),
        "iterations": options.iterations,
        "warmup": options.warmup,
        "heavy_runs": HEAVY_RUNS,
        "note": options.note,
        "settings": {"mfa_check": "off (demo mode)"},
        "counts": before,
        "unchanged": not machine.changed(before, after),
        "changed": machine.changed(before, after),
        "operations": results,
    }


def failure(name: str, exc: Exception) -> dict[str, Any]:
    lines = traceback.format_exception_only(type(exc), exc)
    return {
        "name": name,
        "label": name,
        "target": {"text": "—"},
        "status": "error",
        "reason": "".join(lines).strip()[:500],
    }
