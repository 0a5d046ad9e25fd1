"""Privacy pages: consents, the accounting of disclosures, staffing packets, the court-partner
view, restricted records and break-the-glass; mounted at the site root."""

from django.urls import path  # noqa: F401

app_name = "privacy"
urlpatterns: list = []

from missioncj.privacy.views import restricted  # noqa: E402

urlpatterns += restricted.urlpatterns
