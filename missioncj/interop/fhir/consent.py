"""Consent: the consents the decision relied on, so the recipient holds the terms under which
the record came to them — kind, who signed and when, the recipients named, the purpose, the
categories, the end date. Signature images, scans and typed signatures stay behind. A consent
is only ever carried alongside something it granted."""

from __future__ import annotations

from typing import Any

from missioncj.interop.fhir.common import LOINC, Entry, concept, identifier, instant, ref
from missioncj.privacy.models import Answer, Category, Consent, Purpose

ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"


def consent_status(consent: Consent) -> str:
    if consent.answer == Answer.REFUSED:
        return "rejected"
    return "inactive" if getattr(consent, "revocation", None) is not None else "active"


def _provision(consent: Consent) -> dict[str, Any]:
    period: dict[str, str] = {"start": instant(consent.signed_at)}
    if consent.expires_on:
        period["end"] = consent.expires_on.isoformat()
    return {
        "type": "permit",
        "period": period,
        "actor": [
            {
                "role": {
                    "coding": [
                        {
                            "system": PARTICIPATION,
                            "code": "IRCP",
                            "display": "information recipient",
                        }
                    ]
                },
                "reference": {"display": r.name},
            }
            for r in consent.recipients.all()
        ],
        "purpose": [
            {
                "system": "https://missioncj.org/fhir/CodeSystem/purpose",
                "code": consent.purpose,
                "display": Purpose(consent.purpose).label,
            }
        ],
        "code": [
            concept("category", c, Category(c).label)
            for c in consent.categories
            if c in Category.values
        ],
    }


def consent_entry(consent: Consent) -> Entry:
    resource: dict[str, Any] = {
        "resourceType": "Consent",
        "identifier": identifier("consent", consent.public_id),
        "status": consent_status(consent),
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "patient-privacy",
                }
            ]
        },
        "category": [
            {"coding": [{"system": LOINC, "code": "59284-0"}]},
            concept("consent-kind", consent.kind, consent.get_kind_display()),
        ],
        "patient": ref(consent.participant.public_id),
        "dateTime": instant(consent.signed_at),
        "policyRule": {"coding": [{"system": ACT_CODE, "code": "42CFRPart2"}]},
        "provision": _provision(consent),
    }
    if consent.discloser:
        resource["organization"] = [{"display": consent.discloser}]
    return Entry(consent.public_id, resource)
