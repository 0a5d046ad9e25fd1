from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from missioncj.core.server import default_threads, default_workers
from missioncj.demo.generator import demo_loaded, holds_real_data
from missioncj.demo.loadtest.http import LoopbackOnly, loopback_target
from missioncj.demo.loadtest.report import to_json, to_markdown
from missioncj.demo.loadtest.run import (
    DEMO_LOGINS,
    MAX_SECONDS,
    MAX_USERS,
    MIX,
    LoadPlan,
    SignInFailed,
    run_load,
)
from missioncj.demo.loadtest.server import ServerFailed, served


def scale_logins() -> tuple[str, ...]:
    """The logins named by `missioncj demo --scale` (its manifest), if that data is here."""
    manifest = Path(settings.DATA_DIR) / "scale-manifest.json"
    if not manifest.exists():
        return ()
    logins = json.loads(manifest.read_text()).get("logins", {})
    return tuple(logins[k] for k in ("casemanager", "supervisor", "director") if k in logins)


class Command(BaseCommand):
    help = (
        "Load-test `missioncj serve` on this machine: N signed-in demo users mixing caseload, "
        "participant pages, search and contact entry for S seconds; prints requests/s, "
        "p50/p95/p99 and errors per kind of request (Markdown table, then JSON). "
        "Starts its own server on a free loopback port unless --url is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=50, help=f"1-{MAX_USERS} (default 50)")
        parser.add_argument("--seconds", type=float, default=30, help=f"1-{MAX_SECONDS}")
        parser.add_argument(
            "--url", default=None, help="a running server on loopback, e.g. http://127.0.0.1:8000"
        )
        parser.add_argument(
            "--think", type=float, default=0.0, help="mean pause between a user's requests (s)"
        )
        parser.add_argument("--only", choices=list(MIX), default=None, help="one kind only")
        parser.add_argument("--logins", default=None, help="comma-separated usernames to use")
        parser.add_argument("--workers", type=int, default=None, help="for the started server")
        parser.add_argument("--threads", type=int, default=None, help="for the started server")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--json", dest="json_path", default=None, help="also write JSON here")

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["url"]
        try:
            target = loopback_target(url) if url else None
        except LoopbackOnly as exc:
            raise CommandError(str(exc)) from exc
        if options["logins"]:
            logins = tuple(x.strip() for x in options["logins"].split(",") if x.strip())
        else:
            logins = scale_logins() or DEMO_LOGINS
        if target is None:
            if holds_real_data():
                raise CommandError("This database holds real data; the load test writes contacts.")
            if not demo_loaded():
                raise CommandError("No demo data here: load it first with `missioncj demo`.")

        def make_plan(base: str) -> LoadPlan:
            return LoadPlan(
                target=loopback_target(base),
                users=options["users"],
                seconds=options["seconds"],
                logins=logins,
                password=settings.MISSIONCJ_DEMO_PASSWORD,
                think=options["think"],
                only=options["only"],
                seed=options["seed"],
            )

        try:
            make_plan(url or "http://127.0.0.1")  # checked before anything starts
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        connections.close_all()  # this process only generates load
        try:
            if url:
                report = self.load(make_plan(url), None)
                report["server"] = None
            else:
                # The started server is the demo: password sign-in, as `missioncj run`.
                workers, threads = options["workers"], options["threads"]
                with served(workers=workers, threads=threads, env={"MISSIONCJ_DEMO": "1"}) as up:
                    report = self.load(make_plan(up.url), up.cpu_seconds)
                report["server"] = {
                    "workers": workers or default_workers(),
                    "threads": threads or default_threads(),
                }
        except (SignInFailed, ServerFailed) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(to_markdown(report))
        self.stdout.write("")
        self.stdout.write(to_json(report))
        if options["json_path"]:
            Path(options["json_path"]).write_text(to_json(report))
        if report["total"]["errors"]:
            raise CommandError(f"{report['total']['errors']} requests failed (see error_samples).")

    def load(self, plan: LoadPlan, server_cpu: Any) -> dict[str, Any]:
        self.stderr.write(
            f"Load test: {plan.users} users for {plan.seconds:g} s against {plan.target.base} …"
        )
        return run_load(plan, server_cpu)
