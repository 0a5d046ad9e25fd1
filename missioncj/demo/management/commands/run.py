from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from missioncj.demo.generator import demo_loaded, holds_real_data
from missioncj.demo.management.commands.demo import print_logins


class Command(BaseCommand):
    help = "The embedded demo: migrate, load the demo programs if the database is empty, serve."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.MISSIONCJ_DEMO:
            raise CommandError("`run` is the demo; set MISSIONCJ_DEMO=1 or use `serve`.")
        call_command("migrate", interactive=False, verbosity=0)
        if holds_real_data():
            raise CommandError("This database holds real data; `run` only serves demo databases.")
        if not demo_loaded():
            self.stdout.write("Loading the demo programs (a few seconds)…")
            call_command("demo")
        else:
            print_logins(self.stdout.write)
        self.stdout.write(f"Data directory: {settings.DATA_DIR}")
        call_command("serve")
