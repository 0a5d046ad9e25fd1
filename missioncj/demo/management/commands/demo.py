from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from missioncj.demo.generator import DemoRefused, load_demo
from missioncj.demo.personas import PERSONAS


class Command(BaseCommand):
    help = "Load the demo programs (deterministic synthetic data) into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="anchor date (YYYY-MM-DD); default: today",
        )
        parser.add_argument("--scale", choices=["small"], default="small")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_demo(
                password=settings.MISSIONCJ_DEMO_PASSWORD,
                seed=options["seed"],
                today=options["today"],
            )
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Demo loaded: {len(result.programs)} programs, {result.participants} participants, "
            f"{result.contacts} contacts."
        )
        print_logins(self.stdout.write)


def print_logins(write: Any) -> None:
    write(f"Demo logins (password: {settings.MISSIONCJ_DEMO_PASSWORD}):")
    for persona in PERSONAS:
        role = persona.role.label if persona.role else "System administrator"
        write(f"  {persona.username:<12} {role}")
