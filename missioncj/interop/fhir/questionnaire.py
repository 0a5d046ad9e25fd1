"""QuestionnaireResponse per completed administration: each answered item by its id, with the
item's words and the answer's value and label from the instrument definition. The
`questionnaire` is the LOINC panel (`http://loinc.org/q/<panel>`) when the definition has one,
else the local instrument and version."""

from __future__ import annotations

from typing import Any

from missioncj.assessments.models import Administration
from missioncj.interop.fhir.common import INSTRUMENT_SYSTEM, Entry, derived_id, instant, ref


def response_id(administration: Administration) -> Any:
    return derived_id("questionnaire-response", administration.public_id)


def _answer(value: Any, item: dict[str, Any], system: str) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"valueBoolean": value}
    labels = {o["value"]: o["label"] for o in item.get("options", [])}
    if value in labels:
        return {"valueCoding": {"system": system, "code": str(value), "display": labels[value]}}
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, float):
        return {"valueDecimal": value}
    return {"valueString": str(value)}


def _items(administration: Administration, system: str) -> list[dict[str, Any]]:
    definition = {i["id"]: i for i in administration.instrument_version.items}
    out = []
    for link_id, value in (administration.responses or {}).items():
        if value is None or value == "" or value == []:
            continue
        item = definition.get(link_id, {})
        values = value if isinstance(value, list) else [value]
        row: dict[str, Any] = {
            "linkId": str(link_id),
            "answer": [_answer(v, item, system) for v in values],
        }
        if item.get("text"):
            row["text"] = item["text"]
        out.append(row)
    return out


def questionnaire_response(administration: Administration) -> Entry:
    version = administration.instrument_version
    code = version.instrument.code
    panel = version.loinc.get("panel")
    canonical = f"http://loinc.org/q/{panel}" if panel else f"{INSTRUMENT_SYSTEM}/{code}"
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "identifier": {
            "system": "https://missioncj.org/fhir/id/administration",
            "value": str(administration.public_id),
        },
        "questionnaire": canonical,
        "status": "amended" if administration.corrects_id else "completed",
        "subject": ref(administration.participant.public_id),
        "item": _items(administration, f"{INSTRUMENT_SYSTEM}/{code}/v{version.number}"),
    }
    if administration.completed_at:
        resource["authored"] = instant(administration.completed_at)
    if not resource["item"]:
        del resource["item"]
    return Entry(response_id(administration), resource)
