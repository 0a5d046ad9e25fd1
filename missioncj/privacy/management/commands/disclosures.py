"""`missioncj disclosures verify FILE…`: was this exact file disclosed, when and to whom?

A packet or print that turns up later (in a court file, an e-mail) is checked against the
accounting of disclosures by its SHA-256. Exit status 1 when a file matches no disclosure."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from missioncj.privacy.models import Disclosure


class Command(BaseCommand):
    help = "Check files against the accounting of disclosures by SHA-256."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="look up each file's SHA-256")
        verify.add_argument("files", nargs="+", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        unmatched = []
        for path in options["files"]:
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError as exc:
                raise CommandError(f"{path}: cannot read it ({exc.strerror}).") from exc
            rows = (
                Disclosure.objects.filter(sha256=digest)
                .select_related("participant", "actor")
                .order_by("occurred_at", "pk")
            )
            if not rows:
                unmatched.append(str(path))
                self.stdout.write(f"{path}: {digest} matches no disclosure.")
                continue
            for row in rows:
                self.stdout.write(
                    f"{path}: {digest} disclosed {row.occurred_at:%Y-%m-%d %H:%M} UTC, "
                    f"{row.get_channel_display()} to {row.recipient_label} by {row.actor}; "
                    f"participant {row.participant.public_id}; "
                    f"categories: {', '.join(row.categories) or 'identity and participation'}."
                )
        if unmatched:
            raise CommandError(f"No disclosure matches: {', '.join(unmatched)}.")
