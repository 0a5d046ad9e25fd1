from django.urls import include, path

from missioncj.api import api
from missioncj.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("participants/", include("missioncj.participants.urls")),
    path("programs/", include("missioncj.programs.views")),
    path("", include("missioncj.care.urls")),
    path("", include("missioncj.assessments.urls")),
    path("", include("missioncj.court.urls")),
    path("", include("missioncj.linkage.urls")),
    path("", include("missioncj.notify.urls")),  # reminder pages and notify/sms/ webhooks
    path("", include("missioncj.privacy.urls")),  # consents, packets, court-partner pages
    path("", include("missioncj.outcomes.urls")),  # fidelity, measures, survival, dashboards
    path("", include("missioncj.interop.urls")),  # CSV/XLSX, de-identified extract, FHIR
]
