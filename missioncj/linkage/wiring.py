"""What linkage adds to lower floors at start-up: participant-page panels, work-queue kinds and
program-page links. Each area adds its own line here."""

from __future__ import annotations


def connect() -> None:
    from missioncj.programs.hooks import ProgramLink, register_link

    register_link(ProgramLink("Directory", "linkage:directory"))
