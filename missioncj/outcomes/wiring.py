"""What outcomes adds at start-up: its reports on the program's Outcomes page and the link to
that page on the Programs page. Each area adds its own line here."""

from __future__ import annotations


def connect() -> None:
    from missioncj.programs.hooks import ProgramLink, register_link

    register_link(ProgramLink("Outcomes", "outcomes:program"))
    from missioncj.outcomes import fidelity_wiring

    fidelity_wiring.connect()
