"""What outcomes adds at start-up: its reports on the program's Outcomes page and the link to
that page on the Programs page. Each area adds its own line here."""

from __future__ import annotations


def connect() -> None:
    from missioncj.programs.hooks import ProgramLink, register_link

    register_link(ProgramLink("Outcomes", "outcomes:program"))

    from missioncj.outcomes.reports import Report, register

    register(
        Report(
            "Time to re-arrest (survival)",
            "outcomes:survival",
            "Kaplan-Meier curves of time to first re-arrest by group, a log-rank test, a Cox "
            "model, and the same for an uploaded cohort file.",
            order=40,
        )
    )
