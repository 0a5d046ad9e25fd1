"""Reading an exported Bundle back for tests: parsed with the R4B models, entries by type."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from missioncj.interop.fhir.bundle import references


def parse(content: bytes) -> dict[str, list[dict[str, Any]]]:
    """Resources by type; the Bundle and every entry validated by their R4B model, and every
    reference resolved to an entry's fullUrl."""
    bundle = Bundle.model_validate_json(content)
    assert bundle.type == "collection"
    data = json.loads(content)
    urls = [e["fullUrl"] for e in data["entry"]]
    assert len(urls) == len(set(urls)), "fullUrls are unique"
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in data["entry"]:
        resource = entry["resource"]
        model = get_fhir_model_class(resource["resourceType"])
        model.model_validate(resource)
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
        for reference in references(resource):
            assert reference in urls, f"{reference} does not resolve"
        by_type[resource["resourceType"]].append(resource)
    return dict(by_type)


def codings(resource: dict[str, Any]) -> set[tuple[str, str]]:
    return {(c["system"], c["code"]) for c in resource["code"]["coding"]}
