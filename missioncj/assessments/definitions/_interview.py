"""Builders for funder interview definitions (forms of numbers and choices, scored "record").

Each builder returns one item. `section` is the heading the item is grouped under; `source`
names a value the form fills from the record (`assessments.prefill`); `source_map` turns a
source's text value into an option value.
"""

from __future__ import annotations

from typing import Any

from missioncj.assessments.definitions._common import valued

Condition = dict[str, Any]

YES_NO_UNKNOWN = valued((1, "Yes"), (0, "No"), (2, "Not known"))

# Codes the participant record uses (participants.models) → option values in these forms.
SEX_MAP = {"male": 1, "female": 2, "intersex": 3}
SEX_OPTIONS = valued((1, "Male"), (2, "Female"), (3, "Intersex or another sex"), (9, "Not known"))
ETHNICITY_MAP = {"hispanic": 1, "not_hispanic": 0}
ETHNICITY_OPTIONS = valued(
    (1, "Hispanic or Latino"), (0, "Not Hispanic or Latino"), (9, "Not known")
)
RACE_MAP = {
    "american_indian": 1,
    "asian": 2,
    "black": 3,
    "pacific_islander": 4,
    "white": 5,
    "other": 6,
}
RACE_OPTIONS = valued(
    (1, "American Indian or Alaska Native"),
    (2, "Asian"),
    (3, "Black or African American"),
    (4, "Native Hawaiian or Other Pacific Islander"),
    (5, "White"),
    (6, "Another race"),
    (9, "Not known"),
)
VETERAN_MAP = {"veteran": 1, "not_veteran": 0}
HOUSING_OPTIONS = valued(
    (1, "Own or rented house or apartment"),
    (2, "Someone else's house or apartment"),
    (3, "Shelter"),
    (4, "Street or outdoors"),
    (5, "Residential treatment, sober or transitional housing"),
    (6, "Jail, prison or another institution"),
    (7, "Other"),
)
EMPLOYMENT_OPTIONS = valued(
    (1, "Employed full time"),
    (2, "Employed part time"),
    (3, "Unemployed, looking for work"),
    (4, "Unemployed, not looking for work"),
    (5, "Not in the labour force (retired, disabled, student, homemaker)"),
    (6, "Other"),
)
HEALTH_OPTIONS = valued((1, "Excellent"), (2, "Very good"), (3, "Good"), (4, "Fair"), (5, "Poor"))


def is_(item: str, value: int) -> Condition:
    return {"item": item, "op": "==", "value": value}


def any_of(*conditions: Condition) -> Condition:
    return {"any": list(conditions)}


def all_of(*conditions: Condition) -> Condition:
    return {"all": list(conditions)}


def _item(
    item_id: str,
    text: str,
    section: str,
    show_if: Condition | None,
    required: bool,
    source: str | None,
    source_map: dict[str, int] | None,
) -> dict[str, Any]:
    item: dict[str, Any] = {"id": item_id, "text": text, "section": section, "required": required}
    if show_if is not None:
        item["show_if"] = show_if
    if source is not None:
        item["source"] = source
    if source_map is not None:
        item["source_map"] = source_map
    return item


def number(
    item_id: str,
    text: str,
    section: str,
    *,
    high: int,
    low: int = 0,
    show_if: Condition | None = None,
    required: bool = True,
    source: str | None = None,
) -> dict[str, Any]:
    """A whole number from `low` to `high` (days, nights, counts, dollars)."""
    item = _item(item_id, text, section, show_if, required, source, None)
    return {**item, "kind": "number", "min": low, "max": high}


def choice(
    item_id: str,
    text: str,
    section: str,
    options: list[dict[str, Any]],
    *,
    show_if: Condition | None = None,
    required: bool = True,
    source: str | None = None,
    source_map: dict[str, int] | None = None,
) -> dict[str, Any]:
    item = _item(item_id, text, section, show_if, required, source, source_map)
    return {**item, "options": options}


def days(item_id: str, text: str, section: str, show_if: Condition | None) -> dict[str, Any]:
    """Days (or nights) in the past 30 days: 0-30."""
    return number(item_id, text, section, high=30, show_if=show_if)


def count(
    item_id: str,
    text: str,
    section: str,
    show_if: Condition | None,
    source: str | None = None,
    high: int = 999,
) -> dict[str, Any]:
    return number(item_id, text, section, high=high, show_if=show_if, source=source)
