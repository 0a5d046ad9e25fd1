"""The one scoring engine: pure functions over an instrument version's definition (plain data).

A definition has `items` (id, text, options [{value, label}] or kind "number" with min/max,
required, optional `show_if` condition) and `scoring`:

- method "sum":       total = sum of item points; `reverse` items score (min + max - value);
                      items hidden by branching count 0; `bands` (or `bands_by_sex`) by total;
                      `cutoffs`, `flags`, `subscales` and a `cluster_rule` are optional;
- method "subscales": only subscale sums (each may have a `concern` threshold), no total;
- method "triage":    the first rule in `triage` whose `when` holds gives the band;
- method "entry":     score entry only: the total and band are entered as items;
- method "record":    answers recorded, nothing scored (funder interviews): no total, no band;
                      the band label is `label` ("Recorded"), followed by the chosen option of
                      `label_item` when given (e.g. the interview type); `flags` still apply.

Items may carry a `section` (a heading for consecutive items), a `source` (a named value the
form fills from the record, see `assessments.prefill`) and a `source_map` (source value →
option value).

A condition is {"item", "op", "value"} (op one of == != >= <= > <), {"any": [...]} or
{"all": [...]}; an unanswered or hidden item makes a comparison false.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}


METHODS = {"sum", "subscales", "triage", "entry", "record"}


@dataclass(frozen=True)
class Problem:
    item: str  # the item id ("responses" for the whole set)
    message: str


class InvalidResponses(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.item}: {p.message}" for p in problems))
        self.problems = problems


def items_of(definition: Mapping[str, Any]) -> list[dict[str, Any]]:
    return list(definition.get("items", []))


def holds(condition: Mapping[str, Any] | None, answers: Mapping[str, Any]) -> bool:
    """Does the condition hold for these (visible) answers? None always holds."""
    if condition is None:
        return True
    if "any" in condition:
        return any(holds(c, answers) for c in condition["any"])
    if "all" in condition:
        return all(holds(c, answers) for c in condition["all"])
    value = answers.get(condition["item"])
    if isinstance(value, bool) or not isinstance(value, int):
        return False  # unanswered, hidden or not a valid answer: the condition does not hold
    return OPS[condition["op"]](value, condition["value"])


def visible_ids(definition: Mapping[str, Any], responses: Mapping[str, Any]) -> list[str]:
    """Items shown for these responses, in order. A condition sees only answers to items that
    are themselves shown (so hiding an item also hides what depends on it)."""
    shown: list[str] = []
    seen: dict[str, Any] = {}
    for item in items_of(definition):
        if holds(item.get("show_if"), seen):
            shown.append(item["id"])
            if item["id"] in responses:
                seen[item["id"]] = responses[item["id"]]
    return shown


def prune_hidden(definition: Mapping[str, Any], responses: Mapping[str, Any]) -> dict[str, Any]:
    """Responses without answers to items that do not apply (the page drops them on submit)."""
    shown = set(visible_ids(definition, responses))
    return {key: value for key, value in responses.items() if key in shown}


def answer_problem(item: Mapping[str, Any], value: Any) -> str | None:
    """Why this value is not an answer to this item, or None when it is."""
    if isinstance(value, bool) or not isinstance(value, int):
        return "Answer with a whole number."
    if item.get("kind") == "number":
        low, high = item.get("min", 0), item.get("max", 10**6)
        if not low <= value <= high:
            return f"Enter a number from {low} to {high}."
        return None
    allowed = [o["value"] for o in item["options"]]
    if value not in allowed:
        return f"{value} is not an answer to this question (allowed: {allowed})."
    return None


def validate(
    definition: Mapping[str, Any], responses: Any, *, partial: bool = False
) -> list[Problem]:
    """Every problem with a response set, each with its item id. `partial` (a draft) allows
    missing required answers."""
    if not isinstance(responses, Mapping):
        return [Problem("responses", "Responses must be an object of item id → value.")]
    by_id = {item["id"]: item for item in items_of(definition)}
    problems = [
        Problem(str(key), "There is no such item in this instrument.")
        for key in responses
        if key not in by_id
    ]
    shown = set(visible_ids(definition, responses))
    for item_id, item in by_id.items():
        answered = item_id in responses and responses[item_id] is not None
        if item_id not in shown:
            if answered:
                problems.append(
                    Problem(item_id, "This question does not apply given the earlier answers.")
                )
            continue
        if answered:
            message = answer_problem(item, responses[item_id])
            if message:
                problems.append(Problem(item_id, message))
        elif item.get("required", True) and not partial:
            problems.append(Problem(item_id, "This question needs an answer."))
    return problems


def points(definition: Mapping[str, Any], item_id: str, value: int) -> int:
    """The points one answer is worth (reverse-scored items count from the other end)."""
    if item_id in definition.get("scoring", {}).get("reverse", []):
        item = next(i for i in items_of(definition) if i["id"] == item_id)
        values = [o["value"] for o in item["options"]]
        return min(values) + max(values) - value
    return value


def _band(bands: list[Mapping[str, Any]], value: int) -> Mapping[str, Any] | None:
    return next((b for b in bands if b["min"] <= value <= b["max"]), None)


def bands_for(scoring: Mapping[str, Any], sex: str | None) -> tuple[list[Any], str]:
    """The bands that apply, and a note when the participant's sex chose (or could not)."""
    if "bands_by_sex" not in scoring:
        return list(scoring.get("bands", [])), ""
    by_sex = scoring["bands_by_sex"]
    if sex in by_sex and sex != "default":
        return list(by_sex[sex]), f"Cut-off for {sex} participants."
    fallback = by_sex["default"]
    return list(by_sex[fallback]), f"Sex not recorded as male or female: {fallback} cut-off used."


def score(
    definition: Mapping[str, Any], responses: Mapping[str, Any], *, sex: str | None = None
) -> dict[str, Any]:
    """Score a complete response set; raises InvalidResponses listing every problem."""
    problems = validate(definition, responses)
    if problems:
        raise InvalidResponses(problems)
    scoring = definition.get("scoring", {})
    method = scoring.get("method", "sum")
    shown = set(visible_ids(definition, responses))
    answers = {k: v for k, v in responses.items() if k in shown and v is not None}
    pts = {k: points(definition, k, v) for k, v in answers.items()}
    result: dict[str, Any] = {
        "method": method,
        "total": None,
        "range": scoring.get("range"),
        "band": None,
        "band_label": "",
        "subscales": [],
        "cutoffs": [],
        "flags": [],
        "cluster_rule": None,
        "safety": False,
        "notes": [],
    }
    if method == "sum":
        summed = scoring.get("items") or [
            i["id"] for i in items_of(definition) if i.get("kind") != "number"
        ]
        result["total"] = sum(pts.get(item_id, 0) for item_id in summed)
    elif method == "entry":
        result["total"] = answers[scoring["total_item"]]
        band_item = next(i for i in items_of(definition) if i["id"] == scoring["band_item"])
        chosen = next(o for o in band_item["options"] if o["value"] == answers[band_item["id"]])
        result["band"], result["band_label"] = str(chosen["value"]), chosen["label"]
        result["notes"].append("Entered score: not computed here.")
    elif method == "record":
        result["band"], result["band_label"] = "", _record_label(definition, answers)
        result["notes"].append("Answers recorded: nothing is scored.")
    elif method == "triage":
        for rule in scoring["triage"]:
            if holds(rule.get("when"), answers):
                result["band"], result["band_label"] = rule["code"], rule["label"]
                if rule.get("safety"):
                    result["safety"] = True
                    result["flags"].append(
                        {"code": f"triage_{rule['code']}", "label": rule["label"], "safety": True}
                    )
                break
    total = result["total"]
    if total is not None and method == "sum":
        bands, note = bands_for(scoring, sex)
        found = _band(bands, total)
        if found is not None:
            result["band"], result["band_label"] = found["code"], found["label"]
        if note:
            result["notes"].append(note)
        result["cutoffs"] = [
            {"code": c["code"], "label": c["label"], "met": total >= c["min"]}
            for c in scoring.get("cutoffs", [])
        ]
    for sub in scoring.get("subscales", []):
        value = sum(pts.get(item_id, 0) for item_id in sub["items"])
        concern = sub.get("concern")
        result["subscales"].append(
            {
                "code": sub["code"],
                "label": sub["label"],
                "score": value,
                "range": sub.get("range"),
                "concern": bool(concern and OPS[concern["op"]](value, concern["value"])),
                "concern_label": concern["label"] if concern else "",
            }
        )
    for flag in scoring.get("flags", []):
        if holds(flag["when"], answers):
            result["flags"].append(
                {"code": flag["code"], "label": flag["label"], "safety": flag.get("safety", False)}
            )
            result["safety"] = result["safety"] or bool(flag.get("safety"))
    rule = scoring.get("cluster_rule")
    if rule:
        clusters = []
        for cluster in rule["clusters"]:
            endorsed = sum(1 for i in cluster["items"] if answers.get(i, 0) >= rule["endorsed_at"])
            clusters.append(
                {
                    "code": cluster["code"],
                    "endorsed": endorsed,
                    "min": cluster["min"],
                    "met": endorsed >= cluster["min"],
                }
            )
        result["cluster_rule"] = {
            "code": rule["code"],
            "label": rule["label"],
            "met": all(c["met"] for c in clusters),
            "clusters": clusters,
        }
    return result


def _record_label(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> str:
    scoring = definition.get("scoring", {})
    label = str(scoring.get("label") or "Recorded")
    item_id = scoring.get("label_item")
    item = next((i for i in items_of(definition) if i["id"] == item_id), None)
    if item is None or item_id not in answers:
        return label
    chosen = next((o for o in item.get("options", []) if o["value"] == answers[item_id]), None)
    return (f"{label}: {chosen['label']}" if chosen else label)[:120]


def _condition_items(condition: Any) -> list[Any]:
    if not isinstance(condition, Mapping):
        return []
    found = [condition["item"]] if "item" in condition else []
    for key in ("any", "all"):
        for inner in condition.get(key, []):
            found.extend(_condition_items(inner))
    return found


def _check_item_extras(item: Mapping[str, Any], earlier: set[str]) -> list[str]:
    """Branching names earlier items; section, source and source_map have the right shape."""
    item_id = item["id"]
    errors = [
        f"Item {item_id}: show_if names {name}, which is not an earlier item."
        for name in _condition_items(item.get("show_if"))
        if name not in earlier
    ]
    for key in ("section", "source"):
        if key in item and not isinstance(item[key], str):
            errors.append(f"Item {item_id}: {key} must be text.")
    mapping = item.get("source_map")
    if mapping is not None and not (
        isinstance(mapping, Mapping)
        and all(isinstance(k, str) and isinstance(v, int) for k, v in mapping.items())
    ):
        errors.append(f"Item {item_id}: source_map must map text to whole numbers.")
    return errors


def check_definition(definition: Any) -> list[str]:
    """Structural problems with a definition (used before a version is published)."""
    if not isinstance(definition, Mapping):
        return ["A definition must be an object."]
    errors: list[str] = []
    items = definition.get("items")
    if not isinstance(items, list) or not items:
        return ["A definition needs a non-empty list of items."]
    ids: set[str] = set()
    for index, item in enumerate(items):
        item_id = item.get("id") if isinstance(item, Mapping) else None
        if not isinstance(item_id, str) or not item_id:
            errors.append(f"Item {index + 1} has no id.")
            continue
        if item_id in ids:
            errors.append(f"Item id {item_id} is used twice.")
        errors.extend(_check_item_extras(item, ids))
        ids.add(item_id)
        if item.get("kind") == "number":
            if not isinstance(item.get("min"), int) or not isinstance(item.get("max"), int):
                errors.append(f"Item {item_id}: a number item needs integer min and max.")
        else:
            opts = item.get("options")
            if not isinstance(opts, list) or not opts:
                errors.append(f"Item {item_id} has no options.")
            elif not all(isinstance(o, Mapping) and isinstance(o.get("value"), int) for o in opts):
                errors.append(f"Item {item_id}: every option needs an integer value.")
    scoring = definition.get("scoring")
    if not isinstance(scoring, Mapping):
        return [*errors, "A definition needs a scoring section."]
    if scoring.get("method", "sum") not in METHODS:
        errors.append("Scoring method must be sum, subscales, triage, entry or record.")
    label_item = scoring.get("label_item")
    if label_item is not None and label_item not in ids:
        errors.append(f"label_item: unknown item {label_item}.")
    for domain, members in (definition.get("domains") or {}).items():
        errors.extend(f"Domain {domain}: unknown item {i}." for i in members if i not in ids)
    for name in ("reverse",):
        errors.extend(f"{name}: unknown item {i}." for i in scoring.get(name, []) if i not in ids)
    for sub in scoring.get("subscales", []):
        errors.extend(
            f"Subscale {sub.get('code')}: unknown item {i}." for i in sub["items"] if i not in ids
        )
    band_sets = [scoring.get("bands", [])]
    if "bands_by_sex" in scoring:
        band_sets += [v for k, v in scoring["bands_by_sex"].items() if k != "default"]
    for bands in band_sets:
        ordered = sorted(bands, key=lambda b: b["min"])
        for before, after in itertools.pairwise(ordered):
            if after["min"] != before["max"] + 1:
                errors.append(f"Bands {before['code']} and {after['code']} leave a gap or overlap.")
    return errors
