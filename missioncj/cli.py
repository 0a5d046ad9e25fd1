"""The `missioncj` command: Django management with the project's settings and friendlier names.

missioncj run                 the embedded demo: migrate, load demo data, serve
missioncj serve               serve the app (gunicorn workers) on $HOST:$PORT
missioncj loadtest            load-test `serve` on this machine (loopback only)
missioncj bench               time pages, reports, import and export against hand SQL
missioncj demo                load the demo programs
missioncj token create USER   print a new API token for USER
missioncj verify-audit        check the audit hash chain
missioncj disclosures verify FILE   was this file disclosed? (by SHA-256)
missioncj tasks run [--loop]  run background tasks left waiting
missioncj <any manage.py command>
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "run":
        # The embedded demo is always demo mode: banner on, MFA optional.
        os.environ.setdefault("MISSIONCJ_DEMO", "1")
    if args:
        args[0] = args[0].replace("-", "_") if args[0] not in {"help", "--help", "-h"} else "help"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missioncj.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["missioncj", *args])


if __name__ == "__main__":
    main()
