"""What the privacy app adds to lower floors at start-up: participant-page panels, work-queue
kinds and program-page links. Each area adds its own line here."""

from __future__ import annotations


def connect() -> None:
    from missioncj.participants.panels import Panel, register
    from missioncj.privacy.panels import consents_panel
    from missioncj.programs.hooks import ProgramLink, register_link

    register(
        Panel(
            key="consents", template="privacy/consents/panel.html", context=consents_panel, order=35
        )
    )
    register_link(ProgramLink("Consents", "privacy:program_consents"))
    _connect_restricted()


def _connect_restricted() -> None:
    from missioncj.care.alerts import register_user_provider
    from missioncj.privacy.restricted import REVIEW_KIND, REVIEW_LABEL, review_alerts

    register_user_provider(REVIEW_KIND, REVIEW_LABEL, review_alerts)
