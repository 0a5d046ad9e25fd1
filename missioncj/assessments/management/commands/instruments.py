"""missioncj instruments sync                     load the shipped definitions (idempotent)
missioncj instruments list                     instruments, current version, source
missioncj instruments export CODE              print the current definition as JSON
missioncj instruments publish CODE FILE --by USERNAME --note "..."
                                               a program's correction: a new current version
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from missioncj.accounts.models import User
from missioncj.assessments import services
from missioncj.assessments.models import Instrument


class Command(BaseCommand):
    help = "Instrument definitions: sync the shipped ones, list, export, publish a correction."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("sync")
        sub.add_parser("list")
        export = sub.add_parser("export")
        export.add_argument("code")
        publish = sub.add_parser("publish")
        publish.add_argument("code")
        publish.add_argument("file")
        publish.add_argument("--by", required=True, help="username of who decided the change")
        publish.add_argument("--note", required=True, help="what was corrected, on what authority")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "sync":
            for code, what in services.sync_instruments():
                self.stdout.write(f"{code}: {what}")
            return
        if action == "list":
            for each in Instrument.objects.all():
                current = each.current
                where = f"v{current.number} ({current.source})" if current else "no version"
                self.stdout.write(f"{each.code:8} {where:16} {each.name}")
            return
        instrument = Instrument.objects.filter(code=options["code"]).first()
        if instrument is None or instrument.current is None:
            raise CommandError(f"No instrument {options['code']!r}.")
        if action == "export":
            self.stdout.write(json.dumps(instrument.current.definition, indent=2))
            return
        actor = User.objects.filter(username=options["by"]).first()
        if actor is None:
            raise CommandError(f"No user {options['by']!r}.")
        try:
            definition = json.loads(Path(options["file"]).read_text())
            version = services.publish_version(
                actor=actor, instrument=instrument, definition=definition, note=options["note"]
            )
        except (ValueError, ValidationError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{instrument.code}: version {version.number} is now current")
