from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from missioncj.core import server


class Command(BaseCommand):
    help = (
        "Serve missioncj with gunicorn: several worker processes sized to the machine, "
        "graceful shutdown on SIGTERM. Listens on $HOST:$PORT (default 127.0.0.1:8000)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=None, help="default: $PORT or 8000")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=f"worker processes (default: cores + 1 = {server.default_workers()})",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help=f"threads per worker (default: {server.default_threads()})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        if port is None:
            raw = os.environ.get("PORT", "8000")
            try:
                port = int(raw)
            except ValueError:
                raise CommandError(f"PORT must be a number (got {raw!r})") from None
        try:
            server_plan = server.plan(
                host=options["host"],
                port=port,
                workers=options["workers"],
                threads=options["threads"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Serving on {server_plan.url} "
            f"({server_plan.workers} workers x {server_plan.threads} threads)",
            ending="\n",
        )
        self.stdout.flush()
        server.run(server_plan)
