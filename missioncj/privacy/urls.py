"""Privacy pages: consents, the accounting of disclosures, staffing packets, the court-partner
view, restricted records and break-the-glass; mounted at the site root."""

from django.urls import path  # noqa: F401

from missioncj.privacy.views import packets, partner

app_name = "privacy"
urlpatterns: list = []
urlpatterns += packets.urlpatterns
urlpatterns += partner.urlpatterns
