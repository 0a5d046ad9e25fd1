"""`missioncj directory import --program UUID --source NAME FILE` and
`missioncj directory export --program UUID --format json|csv OUT`.

An import checks the whole file first; any problem is printed as `file index, field: message`
and nothing is imported (exit status 1). Runs as the system (audited as such)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from missioncj.linkage.hsds.exports import export_directory
from missioncj.linkage.hsds.imports import ImportRefused, format_of, import_directory
from missioncj.programs.models import Program


class Command(BaseCommand):
    help = "Import or export a program's resource directory in Open Referral HSDS."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="import an HSDS JSON file or a zip of HSDS CSV")
        load.add_argument("--program", required=True, help="the program's public id")
        load.add_argument("--source", required=True, help="source name; same name updates it")
        load.add_argument("--format", choices=["json", "csv"], help="default: by file name")
        load.add_argument("file", type=Path)
        dump = sub.add_parser("export", help="write the program's whole directory")
        dump.add_argument("--program", required=True, help="the program's public id")
        dump.add_argument("--format", choices=["json", "csv"], default="json")
        dump.add_argument("out", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            program = Program.objects.get(public_id=options["program"])
        except (Program.DoesNotExist, ValidationError) as exc:
            raise CommandError(f"No program with id {options['program']}.") from exc
        if options["action"] == "export":
            data = export_directory(actor=None, program=program, fmt=options["format"])
            options["out"].write_bytes(data)
            self.stdout.write(f"Wrote {options['out']} ({len(data)} bytes).")
            return
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read it ({exc.strerror}).") from exc
        fmt = options["format"] or format_of(data, path.name)
        try:
            result = import_directory(
                actor=None, program=program, source_name=options["source"], data=data, fmt=fmt
            )
        except ImportRefused as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Nothing imported: {len(exc.problems)} problem(s).") from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        c = result.counts
        self.stdout.write(
            f"Imported “{result.source.name}”: {c.total('created')} added, "
            f"{c.total('updated')} updated, {c.total('unchanged')} unchanged, "
            f"{c.total('retired')} retired."
        )
