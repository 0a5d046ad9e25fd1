"""Observation per scored administration: the total score with the instrument's LOINC total
code when the definition carries one (PHQ-9 44261-6, GAD-7 70274-6 …) and always the local
code `https://missioncj.org/fhir/CodeSystem/instrument|<code>`; an instrument without a LOINC
code in its definition gets the local code only. When the definition also names a LOINC panel,
a panel Observation groups the total (`hasMember`)."""

from __future__ import annotations

from typing import Any

from missioncj.assessments.models import Administration
from missioncj.interop.fhir.common import (
    INSTRUMENT_SYSTEM,
    LOINC,
    Entry,
    derived_id,
    identifier,
    instant,
    ref,
)
from missioncj.interop.fhir.questionnaire import response_id

CATEGORY = [
    {
        "coding": [
            {
                "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                "code": "survey",
                "display": "Survey",
            }
        ]
    }
]


def codes(administration: Administration, part: str) -> list[dict[str, str]]:
    """LOINC (when the definition has it) then the local instrument code."""
    instrument = administration.instrument_version.instrument
    loinc = administration.instrument_version.loinc.get(part)
    suffix = "" if part == "total" else f"-{part}"
    local = {
        "system": INSTRUMENT_SYSTEM,
        "code": f"{instrument.code}{suffix}",
        "display": f"{instrument.name}{' total score' if part == 'total' else ''}",
    }
    return ([{"system": LOINC, "code": loinc}] if loinc else []) + [local]


def _base(administration: Administration) -> dict[str, Any]:
    base: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "amended" if administration.corrects_id else "final",
        "category": CATEGORY,
        "subject": ref(administration.participant.public_id),
        "effectiveDateTime": administration.administered_on.isoformat(),
    }
    if administration.completed_at:
        base["issued"] = instant(administration.completed_at)
    return base


def total_observation(administration: Administration) -> Entry:
    resource = {
        **_base(administration),
        "identifier": identifier("administration", administration.public_id),
        "code": {
            "coding": codes(administration, "total"),
            "text": f"{administration.instrument.name} total score",
        },
        "valueInteger": administration.total,
        "derivedFrom": [ref(response_id(administration))],
    }
    if administration.band_label:
        resource["interpretation"] = [{"text": administration.band_label}]
    return Entry(administration.public_id, resource)


def observation_entries(administration: Administration) -> list[Entry]:
    """The total Observation, and the panel Observation when the instrument has a LOINC
    panel code. Only administrations with a total score are passed in."""
    total = total_observation(administration)
    if not administration.instrument_version.loinc.get("panel"):
        return [total]
    panel_id = derived_id("panel", administration.public_id)
    panel = Entry(
        panel_id,
        {
            **_base(administration),
            "code": {
                "coding": codes(administration, "panel"),
                "text": administration.instrument.name,
            },
            "hasMember": [ref(administration.public_id)],
            "derivedFrom": [ref(response_id(administration))],
        },
    )
    return [panel, total]
