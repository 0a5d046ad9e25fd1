"""Fidelity's start-up wiring: its report on the Outcomes page and a link on the participant
page (a panel, shown when the user sees an enrolled episode)."""

from __future__ import annotations

from typing import Any

from missioncj.participants.models import Episode, Participant


def panel_context(participant: Participant, user: Any, episodes: list[Episode]) -> dict | None:
    if not any(e.enrolled_date for e in episodes):
        return None
    return {"participant": participant}


def connect() -> None:
    from missioncj.outcomes.reports import Report, register
    from missioncj.participants.panels import Panel
    from missioncj.participants.panels import register as register_panel

    register(
        Report(
            "Fidelity and dose",
            "outcomes:fidelity",
            "CTI contacts against phase targets, DRT, peer and prosocial sessions, collateral "
            "and vocational contacts and linkage, by week, phase, team and staff member; "
            "the program fidelity score and the high / low share.",
            order=10,
        )
    )
    register_panel(Panel("fidelity", "outcomes/fidelity_panel.html", panel_context, order=35))
