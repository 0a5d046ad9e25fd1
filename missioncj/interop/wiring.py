"""What interop adds at start-up: the FHIR export on the participant page (a panel) and on the
Programs page. Each area adds its own line here."""

from __future__ import annotations

from typing import Any

from missioncj.participants.models import Episode, Participant


def share_panel(participant: Participant, user: Any, episodes: list[Episode]) -> dict | None:
    return {"participant": participant} if episodes else None


def connect() -> None:
    from missioncj.participants.panels import Panel, register
    from missioncj.programs.hooks import ProgramLink, register_link

    register(Panel("share", "interop/share_panel.html", share_panel, order=90))
    register_link(ProgramLink("FHIR export", "interop:program_fhir"))
