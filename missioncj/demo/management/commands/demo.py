from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from missioncj.demo.generator import DemoRefused, load_demo
from missioncj.demo.personas import PERSONAS
from missioncj.demo.scale.spec import PUBLIC_SCALES, SCALES


class Command(BaseCommand):
    help = (
        "Load the demo programs (deterministic synthetic data) into an empty database: "
        "--scale small (the demo logins, a few programs), state (~100 programs, ~50,000 "
        "participants, ~10 million audit events) or national (10x state, PostgreSQL only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="anchor date (YYYY-MM-DD); default: today",
        )
        parser.add_argument(
            "--scale",
            choices=[*PUBLIC_SCALES, *(s for s in SCALES if s not in PUBLIC_SCALES)],
            default="small",
            metavar="{" + ",".join(PUBLIC_SCALES) + "}",
        )
        parser.add_argument(
            "--quiet", action="store_true", help="no progress bar (scale loads only)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scale"] != "small":
            self._scale(options)
            return
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

    def _scale(self, options: dict[str, Any]) -> None:
        from missioncj.demo.scale.loader import ScaleRefused, load_scale
        from missioncj.demo.scale.manifest import manifest_path
        from missioncj.demo.scale.progress import Progress

        try:
            manifest = load_scale(
                options["scale"],
                seed=options["seed"],
                password=settings.MISSIONCJ_DEMO_PASSWORD,
                today=options["today"],
                progress=Progress(quiet=options["quiet"]),
            )
        except ScaleRefused as exc:
            raise CommandError(str(exc)) from exc
        counts = manifest["counts"]
        self.stdout.write(
            f"Scale {manifest['scale']} loaded in {manifest['seconds']:.0f} s: "
            f"{counts.get('participants_participant', 0):,} participants, "
            f"{counts.get('care_contact', 0):,} contacts, "
            f"{counts.get('core_auditevent', 0):,} audit events; "
            f"database {manifest['database_bytes'] / 2**30:.1f} GiB."
        )
        self.stdout.write(f"Manifest: {manifest_path()}")
        self.stdout.write(
            f"Logins (password: {settings.MISSIONCJ_DEMO_PASSWORD}): "
            + json.dumps(manifest["logins"])
        )


def print_logins(write: Any) -> None:
    write(f"Demo logins (password: {settings.MISSIONCJ_DEMO_PASSWORD}):")
    for persona in PERSONAS:
        role = persona.role.label if persona.role else "System administrator"
        write(f"  {persona.username:<12} {role}")
