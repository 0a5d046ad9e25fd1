"""From HSDS taxonomy terms to our `ServiceCategory`.

A term whose code or name is one of our category codes or labels maps to it directly (that is
what our own export writes). Otherwise the first rule whose words appear in the term's name or
code decides (so Open Eligibility's "Addiction & Recovery" or 211 LA's "Substance Use
Disorder Treatment" land sensibly); anything else is `other`."""

from __future__ import annotations

from missioncj.linkage.models import ServiceCategory

TAXONOMY = "missioncj"  # the `taxonomy` our export names

RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("medication", "buprenorphine", "methadone", "naltrexone", "opioid treatment"), "mat"),
    (("sober", "recovery housing", "recovery residence", "halfway"), "sober_housing"),
    (("recovery coach", "peer recovery", "peer support"), "recovery_coach"),
    (("recovery community", "recovery center", "recovery centre"), "recovery_center"),
    (("substance", "addiction", "detox", "alcohol", "drug", "sud "), "sud_treatment"),
    (("mental health", "counseling", "psychiatr", "behavioral health"), "mental_health"),
    (("shelter", "emergency housing"), "shelter"),
    (("legal",), "legal_aid"),
    (("benefit", "snap", "medicaid", "food stamps", "public assistance"), "benefits"),
    (("employment", "job", "workforce", "vocational", "training"), "employment"),
    (("dental",), "dental"),
    (("medical", "health care", "primary care", "clinic"), "medical"),
    (("transport", "transit", "bus", "ride"), "transportation"),
)


def category_for(code: str, name: str) -> str:
    exact = {c.value: c.value for c in ServiceCategory} | {
        c.label.lower(): c.value for c in ServiceCategory
    }
    for text in (code.strip().lower(), name.strip().lower()):
        if text in exact:
            return exact[text]
    words = f" {code} {name} ".lower()
    for needles, category in RULES:
        if any(needle in words for needle in needles):
            return category
    return ServiceCategory.OTHER.value
