"""Helpers for assessment tests (and the access matrix)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from missioncj.assessments import services
from missioncj.assessments.models import Administration, Instrument

ON = dt.date(2026, 10, 1)


def phq9(*values: int) -> dict[str, int]:
    values = values or (1, 1, 1, 1, 1, 1, 0, 0, 0)
    return {f"q{n}": v for n, v in enumerate(values, start=1)}


def give(
    actor: Any,
    participant: Any,
    code: str = "phq9",
    responses: dict | None = None,
    on: dt.date = ON,
) -> Administration:
    return services.record_administration(
        actor=actor,
        participant=participant,
        instrument=Instrument.objects.get(code=code),
        responses=responses if responses is not None else phq9(),
        administered_on=on,
    )


def full_set(code: str, **chosen: int) -> dict[str, int]:
    """A complete valid response set of a shipped instrument: the `chosen` answers, and for
    every other item shown as the branching unfolds its first option (or a number item's
    minimum)."""
    from missioncj.assessments.definitions import shipped
    from missioncj.assessments.scoring import visible_ids

    definition = next(s["definition"] for s in shipped() if s["code"] == code)
    responses: dict[str, int] = {}
    for item in definition["items"]:
        if item["id"] not in visible_ids(definition, {**responses, item["id"]: None}):
            continue
        if item["id"] in chosen:
            responses[item["id"]] = chosen[item["id"]]
        elif item.get("kind") == "number":
            responses[item["id"]] = item["min"]
        else:
            responses[item["id"]] = item["options"][0]["value"]
    return responses
