"""`missioncj meetings import --program UUID --source NAME [--fellowship aa] FILE`: import a
Meeting Guide feed (all or nothing; each bad record is listed by index and field)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from missioncj.linkage.models import Fellowship
from missioncj.linkage.services.meeting_import import FeedRejected, import_meeting_guide, load_feed
from missioncj.programs.models import Program


class Command(BaseCommand):
    help = "Mutual-help meetings: import a Meeting Guide JSON feed into a program."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        feed = sub.add_parser("import", help="import a Meeting Guide JSON file")
        feed.add_argument("--program", required=True, help="the program's public id")
        feed.add_argument("--source", required=True, help="the feed's name, e.g. 'Intergroup'")
        feed.add_argument(
            "--fellowship",
            choices=Fellowship.values,
            help="the fellowship of every meeting (else read from each meeting's types)",
        )
        feed.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            program = Program.objects.get(public_id=options["program"])
        except (Program.DoesNotExist, ValidationError):
            raise CommandError(f"No program has the id {options['program']}.") from None
        try:
            data = options["file"].read_bytes()
        except OSError as exc:
            raise CommandError(f"{options['file']}: cannot read it ({exc.strerror}).") from exc
        try:
            result = import_meeting_guide(
                actor=None,
                program=program,
                source_name=options["source"],
                feed=load_feed(data),
                fellowship=options["fellowship"],
            )
        except FeedRejected as exc:
            for problem in exc.problems:
                self.stderr.write(f"{options['file']}: {problem}")
            raise CommandError(
                f"Nothing imported: {len(exc.problems)} problem(s) in {options['file']}."
            ) from None
        self.stdout.write(
            f"{result.source.name}: {result.created} new, {result.updated} changed, "
            f"{result.unchanged} unchanged, {result.retired} retired, {result.restored} back."
        )
