from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from missioncj.core.audit import verify_chain


class Command(BaseCommand):
    help = "Recompute the audit hash chains; exit non-zero naming the first bad event."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--quiet", action="store_true", help="no progress line (only the verdict)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.monotonic()
        shown = [0.0]

        def progress(checked: int, total: int) -> None:
            now = time.monotonic()
            if now - shown[0] < 1 and checked < total:
                return
            shown[0] = now
            rate = checked / max(now - began, 1e-6)
            left = (total - checked) / rate if rate else 0
            sys.stderr.write(
                f"\rverified {checked:,} of {total:,} events ({100 * checked / total:.0f}%), "
                f"{rate:,.0f}/s, about {left:,.0f} s left   "
            )
            sys.stderr.flush()

        report = verify_chain(progress=None if options["quiet"] else progress)
        if not options["quiet"] and report.checked:
            sys.stderr.write("\n")
        seconds = time.monotonic() - began
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at event {report.first_bad_id}: {report.problem} "
                f"({report.checked} events verified before it)."
            )
        self.stdout.write(
            f"Audit chain intact: {report.checked} events verified in {seconds:.1f} s."
        )
