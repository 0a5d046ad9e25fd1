"""Outcome pages, mounted at the site root. Each area adds its own module's urlpatterns."""

from __future__ import annotations

from missioncj.outcomes.views import court as court_views
from missioncj.outcomes.views import dashboards, fidelity, hub
from missioncj.outcomes.views import events as outcome_events
from missioncj.outcomes.views import survival as survival_views
from missioncj.outcomes.views import timepoints as outcome_timepoints

app_name = "outcomes"
urlpatterns: list = [
    *hub.urlpatterns,
    *dashboards.urlpatterns,
    *court_views.urlpatterns,
    *fidelity.urlpatterns,
    *outcome_events.urlpatterns,
    *outcome_timepoints.urlpatterns,
    *survival_views.urlpatterns,
]
