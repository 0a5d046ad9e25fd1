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
    connect_events_and_timepoints()


def connect_events_and_timepoints() -> None:
    from missioncj.outcomes import events
    from missioncj.outcomes.reports import Report, register
    from missioncj.participants import timeline
    from missioncj.participants.panels import Panel
    from missioncj.participants.panels import register as register_panel

    register_panel(Panel("outcome_events", "outcomes/events_panel.html", events.panel_context, 70))
    timeline.register(events.timeline_entries)
    register(
        Report(
            "Outcomes at timepoints",
            "outcomes:timepoints",
            "Baseline, 6 and 12 months and discharge: paired change with its 95% confidence "
            "interval on jail nights, arrests, days of use, work, housing and the scales.",
            order=30,
        )
    )
    register(
        Report(
            "Time to re-arrest (survival)",
            "outcomes:survival",
            "Kaplan-Meier curves of time to first re-arrest by group, a log-rank test, a Cox "
            "model, and the same for an uploaded cohort file.",
            order=40,
        )
    )
