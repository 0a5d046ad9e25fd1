"""What interop adds at start-up: the table writer behind every CSV/XLSX download
(`core.exports`), the research extract and funder export on a program's Outcomes page, and the
FHIR export on the participant page (a panel) and the Programs page. Interop sits above the
floors it serves, so it registers with them rather than being imported by them."""

from __future__ import annotations

from typing import Any

from missioncj.participants.models import Episode, Participant


def share_panel(participant: Participant, user: Any, episodes: list[Episode]) -> dict | None:
    return {"participant": participant} if episodes else None


def connect() -> None:
    from missioncj.core.exports import register_sender
    from missioncj.interop.tables import export_response
    from missioncj.participants.panels import Panel, register
    from missioncj.programs.hooks import ProgramLink, register_link

    register_sender(export_response)
    connect_reports()
    register(Panel("share", "interop/share_panel.html", share_panel, order=90))
    register_link(ProgramLink("FHIR export", "interop:program_fhir"))


def connect_reports() -> None:
    from missioncj.outcomes.reports import Report, register

    register(
        Report(
            "Research extract (de-identified)",
            "interop:research_extract",
            "A zip of CSV files for evaluators and researchers: random study ids, age bands, "
            "dates moved by a per-person offset, no names, identifiers or free text.",
            evaluator=True,
            order=90,
        )
    )
    register(
        Report(
            "Funder export (GPRA, SUPRT)",
            "interop:funder_export",
            "Completed funder interviews for a period as CSV or XLSX, keyed by client id.",
            evaluator=False,
            order=91,
        )
    )
