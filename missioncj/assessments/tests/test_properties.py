"""Property tests of the scoring engine over every shipped instrument (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from missioncj.assessments.definitions import shipped
from missioncj.assessments.scoring import (
    InvalidResponses,
    answer_problem,
    score,
    validate,
    visible_ids,
)

DEFS = {spec["code"]: spec["definition"] for spec in shipped()}
CODES = sorted(DEFS)


def _value(item: dict[str, Any]) -> st.SearchStrategy[int]:
    if item.get("kind") == "number":
        return st.integers(item["min"], item["max"])
    return st.sampled_from([o["value"] for o in item["options"]])


@st.composite
def valid_set(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A complete valid response set, answering item by item as the branching unfolds."""
    code = draw(st.sampled_from(CODES))
    definition = DEFS[code]
    responses: dict[str, Any] = {}
    for item in definition["items"]:
        if item["id"] in visible_ids(definition, {**responses, item["id"]: None}):
            if not item.get("required", True) and draw(st.booleans()):
                continue  # an optional answer may be left out
            responses[item["id"]] = draw(_value(item))
    return code, responses


@settings(max_examples=300, deadline=None)
@given(valid_set())
def test_any_valid_set_scores_within_range(case):
    code, responses = case
    definition = DEFS[code]
    assert validate(definition, responses) == []
    result = score(definition, responses)
    scoring = definition["scoring"]
    if scoring.get("range"):
        low, high = scoring["range"]
        assert low <= result["total"] <= high
        assert result["band"], "every total in range falls in a band"
    for sub in result["subscales"]:
        if sub["range"]:
            assert sub["range"][0] <= sub["score"] <= sub["range"][1]
    if scoring["method"] == "triage":
        assert result["band"] in {rule["code"] for rule in scoring["triage"]}
    if scoring["method"] == "record":
        assert result["total"] is None and result["band"] == ""
        assert result["band_label"].startswith(scoring.get("label", "Recorded"))
        assert result["cutoffs"] == [] and result["subscales"] == []


BAD_VALUES = st.one_of(
    st.integers(min_value=-1000, max_value=-1),
    st.integers(min_value=61, max_value=10_000),
    st.text(max_size=3),
    st.booleans(),
    st.none().map(lambda _: 2.5),
)


def _bad_values_for(item: dict[str, Any]) -> st.SearchStrategy[Any]:
    return BAD_VALUES.filter(lambda value: answer_problem(item, value) is not None)


@st.composite
def invalid_set(draw: st.DrawFn) -> tuple[str, dict[str, Any], set[str]]:
    """A valid set spoiled in 1-3 ways; returns the ids that must be named."""
    code, responses = draw(valid_set())
    definition = DEFS[code]
    ids = [i["id"] for i in definition["items"]]
    responses = dict(responses)
    spoiled: set[str] = set()
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["unknown", "value", "missing"]))
        if how == "unknown":
            bad = draw(st.text(min_size=1, max_size=6).filter(lambda s: s not in ids))
            responses[bad] = 1
            spoiled.add(bad)
        else:
            answered = [i for i in ids if i in responses]
            if not answered:
                continue
            target = draw(st.sampled_from(answered))
            item = next(i for i in definition["items"] if i["id"] == target)
            shown_before = set(visible_ids(definition, responses))
            if how == "value":
                # a number item's range may include some of BAD_VALUES (e.g. dollars)
                responses[target] = draw(_bad_values_for(item))
            else:
                del responses[target]
                if not item.get("required", True):
                    spoiled.discard(target)  # a bad answer taken out leaves nothing to name
                    continue  # leaving out an optional answer is not a problem
            # spoiling a controlling item may hide others; only demand what still applies
            if set(visible_ids(definition, responses)) != shown_before:
                continue
            spoiled.add(target)
    # an earlier spoil may be hidden by a later one: a missing answer to a question that no
    # longer applies is not a problem (an answer to one still is)
    shown = set(visible_ids(definition, responses))
    spoiled = {s for s in spoiled if s not in ids or s in shown or s in responses}
    return code, responses, spoiled


@settings(max_examples=300, deadline=None)
@given(invalid_set())
def test_any_invalid_set_is_rejected_naming_the_items(case):
    code, responses, spoiled = case
    definition = DEFS[code]
    problems = validate(definition, responses)
    named = {p.item for p in problems}
    assert spoiled <= named
    if spoiled:
        try:
            score(definition, responses)
        except InvalidResponses as exc:
            assert {p.item for p in exc.problems} == named
        else:
            raise AssertionError("an invalid set was scored")
