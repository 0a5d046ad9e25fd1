"""Export pages, mounted at the site root. Each area adds its own module's urlpatterns."""

from __future__ import annotations

app_name = "interop"
urlpatterns: list = []
from missioncj.interop.views import fhir as fhir_views  # noqa: E402

urlpatterns += [*fhir_views.urlpatterns]
