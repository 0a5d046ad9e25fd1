"""What linkage adds to lower floors at start-up: participant-page panels, work-queue kinds and
program-page links. Each area adds its own line here."""

from __future__ import annotations


def connect() -> None:
    connect_network_and_referrals()


def connect_network_and_referrals() -> None:
    from missioncj.care.alerts import register_provider
    from missioncj.linkage import alerts
    from missioncj.linkage.views import network, referrals
    from missioncj.participants.panels import Panel, register
    from missioncj.programs.hooks import ProgramLink, register_link

    register(Panel("network", "linkage/network_panel.html", network.panel_context, order=60))
    register(Panel("referrals", "linkage/referrals_panel.html", referrals.panel_context, order=61))
    register_provider("stuck_referral", alerts.STUCK_LABEL, alerts.stuck_referrals)
    register_provider("network_gap", alerts.GAP_LABEL, alerts.network_gaps)
    register_link(ProgramLink("Referrals", "linkage:program_referrals"))
    register_link(ProgramLink("Directory", "linkage:directory"))
