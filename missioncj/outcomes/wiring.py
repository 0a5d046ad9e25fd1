"""What outcomes adds at start-up: its reports on the program's Outcomes page and the link to
that page on the Programs page. Each area adds its own line here."""

from __future__ import annotations


def connect() -> None:
    from missioncj.outcomes import (
        dashboards,  # noqa: F401  (registers its background task)
        fidelity_wiring,
    )
    from missioncj.outcomes.reports import Report, register
    from missioncj.programs.hooks import ProgramLink, register_link

    register_link(ProgramLink("Outcomes", "outcomes:program"))
    register(
        Report(
            "Dashboard",
            "outcomes:dashboard",
            "People referred, enrolled and discharged by month, how people left, and who is "
            "served and who graduates by race, ethnicity, sex, age and veteran status.",
            order=10,
        )
    )
    register(
        Report(
            "Court performance measures",
            "outcomes:court_measures",
            "Retention, sobriety, recidivism, units of service, time to treatment, "
            "graduation, incentives and sanctions, testing, hearings, days per phase.",
            order=20,
        )
    )
    fidelity_wiring.connect()
