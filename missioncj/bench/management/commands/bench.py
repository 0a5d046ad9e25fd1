"""`missioncj bench`: measure the pages, reports, searches, import and export that matter at
scale against the configured database (docs/benchmarks.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from missioncj.bench import output
from missioncj.bench.facts import BenchError
from missioncj.bench.runner import NAMES, SCALES, VENDORS, Options, run


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Benchmark the configured database: p50/p95 server time and query count of each "
        "page, report, search, import and export, against hand-written SQL. Prints a "
        "Markdown table; --json and --markdown write the results, --write-docs updates "
        "docs/benchmarks.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--db",
            choices=sorted(VENDORS),
            help="the database you mean to measure (refused if it is not the configured one)",
        )
        parser.add_argument(
            "--scale",
            choices=SCALES,
            help="the data to measure; an empty database is loaded with it first "
            "(default: what the database holds, small when empty)",
        )
        parser.add_argument("--iterations", type=positive, default=30, help="timed runs (30)")
        parser.add_argument("--warmup", type=positive, default=3, help="warm-up runs (3)")
        parser.add_argument("--only", nargs="+", choices=NAMES, metavar="NAME", default=[])
        parser.add_argument("--json", type=Path, help="write the results as JSON here")
        parser.add_argument("--markdown", type=Path, help="write the Markdown table here")
        parser.add_argument(
            "--write-docs", action="store_true", help="update this run's table in the docs"
        )
        parser.add_argument(
            "--docs",
            type=Path,
            default=Path(settings.BASE_DIR) / "docs" / "benchmarks.md",
            help="the benchmarks document --write-docs updates",
        )
        parser.add_argument(
            "--compare", type=Path, help="an earlier run's JSON: print now ÷ then per operation"
        )
        parser.add_argument("--import-rows", type=positive, default=10_000)
        parser.add_argument("--export-rows", type=positive, default=100_000)
        parser.add_argument("--note", default="", help="a line for the docs (e.g. the load)")

    def handle(self, *args: Any, **options: Any) -> None:
        earlier = self._earlier(options["compare"])
        try:
            result = run(
                Options(
                    db=options["db"],
                    scale=options["scale"],
                    iterations=options["iterations"],
                    warmup=options["warmup"],
                    only=options["only"],
                    import_rows=options["import_rows"],
                    export_rows=options["export_rows"],
                    note=options["note"],
                ),
                write=lambda text: self.stderr.write(text),
            )
        except BenchError as exc:
            raise CommandError(str(exc)) from exc
        if earlier is not None:
            result["compare"] = output.compare(result, earlier)
        text = output.markdown(result)
        self.stdout.write(text)
        if earlier is not None:
            self.stdout.write(output.compare_table(result["compare"]))
        if options["json"]:
            options["json"].write_text(json.dumps(result, indent=2, default=str) + "\n")
        if options["markdown"]:
            options["markdown"].write_text(text)
        if options["write_docs"]:
            try:
                output.write_docs(options["docs"], result)
            except (OSError, ValueError) as exc:
                raise CommandError(f"Could not update {options['docs']}: {exc}") from exc
            self.stderr.write(f"Updated {options['docs']}.")
        problems = [op["name"] for op in result["operations"] if op["status"] == "error"]
        if problems:
            raise CommandError("These operations failed: " + ", ".join(problems))
        if not result["unchanged"]:
            raise CommandError(f"The database was changed: {result['changed']}")

    def _earlier(self, path: Path | None) -> dict[str, Any] | None:
        if path is None:
            return None
        try:
            return json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            raise CommandError(f"--compare {path}: not a benchmark JSON ({exc}).") from exc
