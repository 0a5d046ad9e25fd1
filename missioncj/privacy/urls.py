"""Privacy pages: consents, the accounting of disclosures, staffing packets, the court-partner
view, restricted records and break-the-glass, the audit report; mounted at the site root."""

from django.urls import path

from missioncj.privacy.views import (
    accounting,
    audit,
    consents,
    packets,
    partner,
    printed,
    program,
    restricted,
)

app_name = "privacy"
CONSENT = "participants/<uuid:public_id>/consents/<uuid:consent_id>/"
urlpatterns: list = [
    # consents
    path("participants/<uuid:public_id>/consents/", consents.consents, name="consents"),
    path("participants/<uuid:public_id>/consents/new/", consents.consent_new, name="consent_new"),
    path(
        "participants/<uuid:public_id>/consents/blank/<slug:kind>/",
        printed.blank_form,
        name="consent_blank",
    ),
    path(CONSENT, consents.consent_detail, name="consent_detail"),
    path(CONSENT + "revoke/", consents.consent_revoke, name="consent_revoke"),
    path(CONSENT + "scan/", consents.consent_scan, name="consent_scan"),
    path(CONSENT + "print/", printed.filled_form, name="consent_print"),
    path("programs/<uuid:program_id>/consents/", program.program_consents, name="program_consents"),
    # the accounting of disclosures
    path("participants/<uuid:public_id>/disclosures/", accounting.disclosures, name="disclosures"),
]
urlpatterns += packets.urlpatterns
urlpatterns += partner.urlpatterns
urlpatterns += restricted.urlpatterns
urlpatterns += audit.urlpatterns
