"""`missioncj notify send [--loop SECONDS] [--limit N]`: send the due reminders (once, or every
SECONDS until stopped); `missioncj notify reply NUMBER TEXT`: act as if NUMBER had texted TEXT
(STOP, START …), for the file backend where no provider delivers replies."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections, connection

from missioncj.notify import replies, sender
from missioncj.notify.conf import setting


class Command(BaseCommand):
    help = "Reminders: `send` the due messages; `reply NUMBER TEXT` simulates an inbound text."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="send the messages that are due")
        send.add_argument(
            "--loop", type=float, default=0, metavar="SECONDS", help="keep sending, every SECONDS"
        )
        send.add_argument("--limit", type=int, default=100, help="messages per round (max)")
        reply = sub.add_parser("reply", help="simulate an inbound text (file backend only)")
        reply.add_argument("number")
        reply.add_argument("text", nargs="+")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "reply":
            self._reply(options["number"], " ".join(options["text"]))
            return
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1.")
        if options["loop"] < 0:
            raise CommandError("--loop must be a number of seconds (e.g. 60).")
        while True:
            if not connection.in_atomic_block:
                close_old_connections()  # a long loop survives a database restart
            report = sender.run_once(limit=options["limit"])
            self.stdout.write(str(report))
            if not options["loop"]:
                return
            try:
                time.sleep(options["loop"])
            except KeyboardInterrupt:
                return

    def _reply(self, number: str, text: str) -> None:
        if setting("notify_backend") != "file":
            raise CommandError(
                "`notify reply` simulates texts for the file backend; with the live backend "
                "replies arrive from the provider at /notify/sms/inbound."
            )
        reply = replies.receive_reply(from_number=number, body=text)
        self.stdout.write(f"Reply from {reply.address} recorded: {reply.action}.")
