"""`missioncj tasks run`: run background tasks left waiting (a worker process, or after a
restart of the web process). `--loop` keeps polling every few seconds."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from missioncj.core.tasks import run_waiting


class Command(BaseCommand):
    help = "Run waiting background tasks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["run"])
        parser.add_argument("--loop", action="store_true", help="keep polling")
        parser.add_argument("--every", type=float, default=3.0, help="seconds between polls")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            ran = run_waiting()
            if ran:
                self.stdout.write(f"Ran {ran} task(s).")
            if not options["loop"]:
                return
            time.sleep(options["every"])
