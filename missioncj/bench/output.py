"""What a run prints and writes: the Markdown table, the section of docs/benchmarks.md for
one database and scale, and the comparison with an earlier run (page time at state scale
against small scale)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

DB_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
SCALE_RATIO = 1.3  # page time at state scale at most this many times its time at small scale
END = "<!-- bench:end -->"
ORDER = [
    f"{db}:{scale}" for scale in ("small", "state", "national") for db in ("sqlite", "postgresql")
]


def ms(value: float | None) -> str:
    if value is None:
        return "—"
    if value >= 1000:
        return f"{value / 1000:.2f} s"
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def verdict(op: dict[str, Any]) -> str:
    status = op["status"]
    if status != "ok":
        return status if status == "not available" else "error"
    if op["met"] is None:
        return "—"
    if op["met"]:
        return "yes"
    missed = [name for name, ok in op["checks"].items() if not ok]
    return "no (" + ", ".join(missed) + ")"


def ratio_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}x"


def table(result: dict[str, Any]) -> str:
    lines = [
        "| Operation | p50 | p95 | CPU p50 | Queries | Hand SQL p50 | Ratio | Target | Met? |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for op in result["operations"]:
        target = op["target"]["text"]
        if op["status"] != "ok":
            reason = op.get("reason", "")
            lines.append(
                f"| {op['label']} | — | — | — | — | — | — | {target} | {verdict(op)}"
                + (f": {reason}" if op["status"] == "error" else "")
                + " |"
            )
            continue
        floor = op.get("hand_sql") or {}
        lines.append(
            f"| {op['label']} | {ms(op['p50_ms'])} | {ms(op['p95_ms'])} "
            f"| {ms(op['cpu_p50_ms'])} | {op['queries']} "
            f"| {ms(floor.get('p50_ms'))} | {ratio_text(op['ratio'])} | {target} "
            f"| {verdict(op)} |"
        )
    return "\n".join(lines)


def notes(result: dict[str, Any]) -> list[str]:
    """Figures that do not fit the table: recall, export memory, what each row looked at."""
    out = []
    for op in result["operations"]:
        extra = op.get("extra") or {}
        if extra.get("recall_at_10") is not None:
            out.append(
                f"- {op['label']}: recall@10 {extra['recall_at_10']:.1%} "
                f"({extra['found']} of {extra['seeded_duplicates']} seeded duplicates)."
            )
        if "tracemalloc_peak_mib" in extra:
            out.append(
                f"- {op['label']}: traced peak {extra['tracemalloc_peak_mib']} MiB "
                f"({extra['tracemalloc_peak_half_mib']} MiB at half the rows: "
                f"{extra['peak_ratio_to_half']}x), RSS growth {extra['rss_growth_mib']} MiB; "
                f"{extra['passes']} pass(es) over {extra['table_rows']:,} contacts."
            )
    return out


def heading(result: dict[str, Any]) -> str:
    db = DB_NAMES.get(result["database"]["vendor"], result["database"]["vendor"])
    return f"### {db} · {result['scale']} scale · {result['date'][:10]}"


def machine_line(result: dict[str, Any]) -> str:
    m = result["machine"]
    load = result.get("load", {})
    return (
        f"{m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), {m['memory_gib']} GiB; "
        f"Python {m['python']}, Django {m['django']}, {m['database']}. "
        f"Load average at start {load.get('start')}, at end {load.get('end')}. "
        f"{result['iterations']} timed runs after {result['warmup']} warm-up runs and one "
        f"counting queries (import, export and statewide: at most {result['heavy_runs']} "
        f"timed runs after the counted one)."
    )


def markdown(result: dict[str, Any]) -> str:
    counts = result["counts"]
    people = counts.get("participants_participant", 0)
    contacts = counts.get("care_contact", 0)
    audit = counts.get("core_auditevent", 0)
    parts = [
        heading(result),
        "",
        machine_line(result),
        f"Data: {people:,} participants, {contacts:,} contacts, {audit:,} audit events "
        f"(facts from the {result['facts']['source']}).",
    ]
    if result.get("note"):
        parts.append(f"Note: {result['note']}")
    parts += ["", table(result)]
    extra = notes(result)
    if extra:
        parts += ["", *extra]
    return "\n".join(parts) + "\n"


def section_key(result: dict[str, Any]) -> str:
    return f"{result['database']['vendor']}:{result['scale']}"


def write_docs(path: Path, result: dict[str, Any]) -> None:
    """Replace (or add, in database and scale order) this run's section of the results."""
    text = path.read_text()
    if END not in text:
        raise ValueError(f"{path} has no {END} marker to put results before.")
    key = section_key(result)
    block = f"<!-- bench:{key} -->\n{markdown(result)}<!-- /bench:{key} -->\n"
    pattern = re.compile(
        rf"<!-- bench:{re.escape(key)} -->\n.*?<!-- /bench:{re.escape(key)} -->\n", re.S
    )
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        later = (
            [k for k in ORDER[ORDER.index(key) + 1 :] if f"<!-- bench:{k} -->" in text]
            if key in ORDER
            else []
        )
        anchor = f"<!-- bench:{later[0]} -->" if later else END
        text = text.replace(anchor, block + "\n" + anchor, 1)
    path.write_text(text)


def compare(result: dict[str, Any], earlier: dict[str, Any]) -> dict[str, Any]:
    """p50 now ÷ p50 then, per operation measured in both (target ≤ 1.3x from small scale)."""
    before = {op["name"]: op for op in earlier.get("operations", []) if op["status"] == "ok"}
    rows = []
    for op in result["operations"]:
        old = before.get(op["name"])
        if op["status"] != "ok" or old is None or not old["p50_ms"]:
            continue
        factor = round(op["p50_ms"] / old["p50_ms"], 2)
        rows.append(
            {
                "name": op["name"],
                "label": op["label"],
                "before_p50_ms": old["p50_ms"],
                "p50_ms": op["p50_ms"],
                "before_p95_ms": old["p95_ms"],
                "p95_ms": op["p95_ms"],
                "factor": factor,
                "met": factor <= SCALE_RATIO,
            }
        )
    return {
        "against": {
            "scale": earlier.get("scale"),
            "database": (earlier.get("database") or {}).get("vendor"),
            "date": earlier.get("date"),
        },
        "target": SCALE_RATIO,
        "rows": rows,
    }


def compare_table(found: dict[str, Any]) -> str:
    against = found["against"]
    lines = [
        f"Against {against['database']} · {against['scale']} scale · {against['date']}: "
        f"p50 now ÷ p50 then (target ≤ {found['target']}x)",
        "",
        "| Operation | Then p50 | Now p50 | Factor | ≤ 1.3x? |",
        "|---|---:|---:|---:|---|",
    ]
    for row in found["rows"]:
        lines.append(
            f"| {row['label']} | {ms(row['before_p50_ms'])} | {ms(row['p50_ms'])} "
            f"| {row['factor']:.2f}x | {'yes' if row['met'] else 'no'} |"
        )
    return "\n".join(lines) + "\n"
