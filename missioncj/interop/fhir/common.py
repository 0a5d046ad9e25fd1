"""What every FHIR resource builder shares: the identifier and code systems, urn:uuid
references, and validation through the FHIR R4B models of `fhir.resources`.

Each builder writes a plain dict and passes it through `validated`, which parses it with the
R4B model of its resource type (unknown fields, wrong types and malformed codes, dates and ids
raise) and returns the model's JSON form. The bundle is validated again as a whole."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fhir.resources.R4B import get_fhir_model_class

ID_SYSTEM = "https://missioncj.org/fhir/id"
CODE_SYSTEM = "https://missioncj.org/fhir/CodeSystem"
INSTRUMENT_SYSTEM = f"{CODE_SYSTEM}/instrument"
LOINC = "http://loinc.org"
# Ids for rows that have no public id of their own (group attendance) are derived from public
# ids with UUID v5 in this namespace, so the same row always gets the same id.
NAMESPACE = uuid.UUID("6f0c7e7a-3b4e-5c1d-9a53-2f7f1f6c0e11")


def derived_id(*parts: Any) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts))


def urn(public_id: Any) -> str:
    return f"urn:uuid:{public_id}"


def ref(public_id: Any, display: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"reference": urn(public_id)}
    if display:
        out["display"] = display
    return out


def identifier(kind: str, public_id: Any) -> list[dict[str, str]]:
    """The row's public id as a business identifier (`https://missioncj.org/fhir/id/<kind>`)."""
    return [{"system": f"{ID_SYSTEM}/{kind}", "value": str(public_id)}]


def local_code(kind: str, code: str, display: str = "") -> dict[str, str]:
    out = {"system": f"{CODE_SYSTEM}/{kind}", "code": code}
    if display:
        out["display"] = display
    return out


def concept(kind: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [local_code(kind, code, display)], "text": display}


def instant(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def validated(resource: dict[str, Any]) -> dict[str, Any]:
    """`resource` parsed by its R4B model (raises on anything invalid), as JSON-ready data."""
    model = get_fhir_model_class(resource["resourceType"])
    parsed = model.model_validate(resource)
    return parsed.model_dump(mode="json", exclude_none=True)


class Entry:
    """One resource with the public id its fullUrl is made from."""

    __slots__ = ("public_id", "resource")

    def __init__(self, public_id: Any, resource: dict[str, Any]) -> None:
        self.public_id = public_id
        self.resource = validated({**resource, "id": str(public_id)})

    @property
    def full_url(self) -> str:
        return urn(self.public_id)
