"""Export pages, mounted at the site root. Each area adds its own module's urlpatterns."""

from __future__ import annotations

from missioncj.interop.views import extract, funder
from missioncj.interop.views import fhir as fhir_views

app_name = "interop"
urlpatterns: list = [
    *extract.urlpatterns,
    *funder.urlpatterns,
    *fhir_views.urlpatterns,
]
