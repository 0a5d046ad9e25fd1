"""The scoring engine on every shipped instrument: examples, all-minimum, all-maximum and the
boundary of every band; PCL-5 clusters, AUDIT-C sex cut-offs, DAST-10 reverse item, BAM
subscales, C-SSRS branching and triage. Pure: no database."""

from __future__ import annotations

from typing import Any

import pytest

from missioncj.assessments.definitions import shipped
from missioncj.assessments.scoring import (
    InvalidResponses,
    check_definition,
    prune_hidden,
    score,
    validate,
    visible_ids,
)

DEFS = {spec["code"]: spec["definition"] for spec in shipped()}


def answers(code: str, value_for: Any) -> dict[str, int]:
    """Every (always-shown) item answered by value_for(item)."""
    definition = DEFS[code]
    return {i["id"]: value_for(i) for i in definition["items"] if "show_if" not in i}


def lowest(item: dict) -> int:
    return min(o["value"] for o in item["options"])


def highest(item: dict) -> int:
    return max(o["value"] for o in item["options"])


def with_total(code: str, total: int) -> dict[str, int]:
    """A response set of a plain sum instrument adding up to `total` (fill items in order)."""
    definition = DEFS[code]
    responses: dict[str, int] = {}
    left = total - sum(lowest(i) for i in definition["items"])
    for item in definition["items"]:
        values = sorted(o["value"] for o in item["options"])
        base = values[0]
        pick = max((v for v in values if v - base <= left), default=base)
        responses[item["id"]] = pick
        left -= pick - base
    assert left == 0, f"cannot make {total} for {code}"
    return responses


def test_every_shipped_definition_is_well_formed():
    assert set(DEFS) == {
        "phq9",
        "gad7",
        "pcl5",
        "audit",
        "auditc",
        "dast10",
        "bam",
        "barc10",
        "cssrs",
        "proxy",
        "lsir",
        "gpra",
        "suprt_a",
        "suprt_c",
    }
    for code, definition in DEFS.items():
        assert check_definition(definition) == [], code


SUM_BANDS = ["phq9", "gad7", "pcl5", "audit", "barc10"]


@pytest.mark.parametrize("code", SUM_BANDS)
def test_minimum_maximum_and_every_band_boundary(code):
    definition = DEFS[code]
    low, high = definition["scoring"]["range"]
    assert score(definition, answers(code, lowest))["total"] == low
    assert score(definition, answers(code, highest))["total"] == high
    for band in definition["scoring"]["bands"]:
        for edge in (band["min"], band["max"]):
            result = score(definition, with_total(code, edge))
            assert (result["total"], result["band"]) == (edge, band["code"]), (code, edge)


def test_phq9_example_and_item_9_safety_flag():
    phq = DEFS["phq9"]
    responses = {f"q{n}": v for n, v in enumerate([1, 2, 1, 2, 0, 1, 1, 0, 0], start=1)}
    result = score(phq, responses)
    assert (result["total"], result["band"], result["safety"]) == (8, "mild", False)
    assert result["band_label"] == "Mild depression"
    result = score(phq, {**responses, "q9": 1})
    assert result["safety"] is True
    assert [f["code"] for f in result["flags"]] == ["self_harm"]
    assert result["cutoffs"] == [
        {"code": "screen_positive", "label": "At or above 10", "met": False}
    ]


def test_gad7_screen_cutoff_at_ten():
    gad = DEFS["gad7"]
    assert score(gad, with_total("gad7", 9))["cutoffs"][0]["met"] is False
    assert score(gad, with_total("gad7", 10))["cutoffs"][0]["met"] is True


def pcl(values: dict[int, int]) -> dict[str, int]:
    return {f"q{n}": values.get(n, 0) for n in range(1, 21)}


def test_pcl5_cluster_rule_needs_every_cluster():
    definition = DEFS["pcl5"]
    # exactly the minimum: 1 B, 1 C, 2 D, 2 E rated 2 (moderately)
    minimal = {1: 2, 6: 2, 8: 2, 9: 2, 15: 2, 16: 2}
    result = score(definition, pcl(minimal))
    assert result["cluster_rule"]["met"] is True
    assert result["total"] == 12  # criteria met, yet below the cut-off
    assert result["band"] == "below_cutoff"
    # a rating of 1 is not "endorsed"
    assert score(definition, pcl({**minimal, 16: 1}))["cluster_rule"]["met"] is False
    # each cluster short by one fails the rule
    for missing in (1, 6, 8, 15):
        result = score(definition, pcl({**minimal, missing: 0}))
        assert result["cluster_rule"]["met"] is False, missing
    clusters = score(definition, pcl(minimal))["cluster_rule"]["clusters"]
    assert [(c["code"], c["endorsed"], c["min"]) for c in clusters] == [
        ("B", 1, 1),
        ("C", 1, 1),
        ("D", 2, 2),
        ("E", 2, 2),
    ]
    subscales = {s["code"]: s["score"] for s in score(definition, pcl(minimal))["subscales"]}
    assert subscales == {"B": 2, "C": 2, "D": 4, "E": 4}


def test_audit_items_9_and_10_score_0_2_4():
    audit = DEFS["audit"]
    base = answers("audit", lowest)
    assert score(audit, {**base, "q9": 2, "q10": 4})["total"] == 6
    problems = validate(audit, {**base, "q9": 1})
    assert [(p.item, "not an answer" in p.message) for p in problems] == [("q9", True)]


@pytest.mark.parametrize(
    ("sex", "total", "positive"),
    [
        ("male", 3, False),
        ("male", 4, True),
        ("female", 2, False),
        ("female", 3, True),
        ("unknown", 3, True),  # not recorded: the more sensitive (women's) cut-off
        (None, 2, False),
    ],
)
def test_audit_c_cutoff_by_sex(sex, total, positive):
    result = score(DEFS["auditc"], with_total("auditc", total), sex=sex)
    assert result["total"] == total
    assert (result["band"] == "positive") is positive


def test_dast10_item_3_scores_on_no():
    dast = DEFS["dast10"]
    all_no = {f"q{n}": 0 for n in range(1, 11)}
    assert score(dast, all_no)["total"] == 1  # "No" to "always able to stop" scores
    assert score(dast, {**all_no, "q3": 1})["total"] == 0
    all_yes = {f"q{n}": 1 for n in range(1, 11)}
    assert score(dast, all_yes)["total"] == 9
    assert score(dast, {**all_yes, "q3": 0})["total"] == 10
    bands = [(0, "none"), (1, "low"), (2, "low"), (3, "moderate"), (5, "moderate")]
    bands += [(6, "substantial"), (8, "substantial"), (9, "severe"), (10, "severe")]
    plain = [1, 2, 4, 5, 6, 7, 8, 9, 10]
    for total, band in bands:
        responses = {f"q{n}": 1 if i < total else 0 for i, n in enumerate(plain)}
        responses["q3"] = 0 if total == 10 else 1  # "No" only for the maximum
        result = score(dast, responses)
        assert (result["total"], result["band"]) == (total, band)


def test_bam_subscales_and_item_7_branching():
    bam = DEFS["bam"]
    responses = {f"q{n}": 0 for n in range(1, 18) if n != 7}
    assert "q7a" not in visible_ids(bam, responses)
    result = score(bam, responses)
    assert result["total"] is None
    subs = {s["code"]: (s["score"], s["concern"]) for s in result["subscales"]}
    assert subs == {"use": (0, False), "risk": (0, False), "protective": (0, True)}
    responses.update({"q1": 4, "q2": 4, "q3": 4, "q8": 0, "q11": 0, "q15": 0})  # risk 12
    responses.update({"q9": 4, "q10": 4, "q12": 4, "q13": 1, "q14": 0, "q16": 0})  # prot. 13
    subs = {s["code"]: (s["score"], s["concern"]) for s in score(bam, responses)["subscales"]}
    assert subs == {"use": (0, False), "risk": (12, True), "protective": (13, False)}
    # Use > 0 via item 6 opens item 7 A-G, which then must be answered
    responses["q6"] = 2
    problems = validate(bam, responses)
    assert sorted(p.item for p in problems) == [f"q7{x}" for x in "abcdefg"]
    responses.update({f"q7{x}": 0 for x in "abcdefg"})
    responses["q7c"] = 2
    result = score(bam, responses)
    subs = {s["code"]: (s["score"], s["concern"]) for s in result["subscales"]}
    assert subs["use"] == (2, True)  # item 7 is in no subscale


def test_barc10_range_and_flag():
    barc = DEFS["barc10"]
    assert score(barc, with_total("barc10", 46))["cutoffs"][0]["met"] is False
    assert score(barc, with_total("barc10", 47))["cutoffs"][0]["met"] is True
    assert validate(barc, {**answers("barc10", lowest), "q1": 0})[0].item == "q1"


def cssrs(**answers: int) -> dict[str, Any]:
    return score(DEFS["cssrs"], answers)


def test_cssrs_branching():
    definition = DEFS["cssrs"]
    assert visible_ids(definition, {"q1": 0, "q2": 0}) == ["q1", "q2", "q6"]
    assert visible_ids(definition, {"q2": 1}) == ["q1", "q2", "q3", "q4", "q5", "q6"]
    assert visible_ids(definition, {"q2": 1, "q6": 1})[-1] == "q6b"
    # answering questions that do not apply is refused, with the item named
    problems = validate(definition, {"q1": 0, "q2": 0, "q3": 1, "q6": 0})
    assert [p.item for p in problems] == ["q3"]
    # Q2 yes makes Q3-Q5 required
    problems = validate(definition, {"q1": 1, "q2": 1, "q6": 0})
    assert [p.item for p in problems] == ["q3", "q4", "q5"]
    # the page drops answers that no longer apply
    assert prune_hidden(definition, {"q1": 0, "q2": 0, "q3": 1, "q6": 0}) == {
        "q1": 0,
        "q2": 0,
        "q6": 0,
    }


@pytest.mark.parametrize(
    ("responses", "level"),
    [
        ({"q1": 0, "q2": 0, "q6": 0}, "none"),
        ({"q1": 1, "q2": 0, "q6": 0}, "low"),
        ({"q1": 0, "q2": 1, "q3": 0, "q4": 0, "q5": 0, "q6": 0}, "low"),
        ({"q1": 1, "q2": 1, "q3": 1, "q4": 0, "q5": 0, "q6": 0}, "moderate"),
        ({"q1": 0, "q2": 0, "q6": 1, "q6b": 0}, "moderate"),
        ({"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 0, "q6": 0}, "high"),
        ({"q1": 1, "q2": 1, "q3": 0, "q4": 0, "q5": 1, "q6": 0}, "high"),
        ({"q1": 0, "q2": 0, "q6": 1, "q6b": 1}, "high"),
    ],
)
def test_cssrs_triage(responses, level):
    result = cssrs(**responses)
    assert result["band"] == level
    assert result["safety"] is (level != "none")


def test_proxy_range_and_bands():
    proxy = DEFS["proxy"]
    assert score(proxy, answers("proxy", lowest))["total"] == 2
    assert score(proxy, answers("proxy", highest))["total"] == 8
    for total, band in [(2, "low"), (3, "low"), (4, "moderate"), (5, "moderate"), (6, "high")]:
        result = score(proxy, with_total("proxy", total))
        assert (result["total"], result["band"]) == (total, band)
    assert score(proxy, with_total("proxy", 8))["band"] == "high"


def test_score_entry_only_takes_total_and_level():
    lsir = DEFS["lsir"]
    result = score(lsir, {"total": 31, "level": 4})
    assert (result["total"], result["band_label"]) == (31, "Medium / high")
    problems = validate(lsir, {"total": 55, "level": 9, "q1": 1})
    assert sorted(p.item for p in problems) == ["level", "q1", "total"]


def test_every_problem_is_listed_with_its_item():
    phq = DEFS["phq9"]
    responses = {"q1": 4, "q2": "2", "q3": True, "zz": 1}
    with pytest.raises(InvalidResponses) as caught:
        score(phq, responses)
    by_item = {p.item for p in caught.value.problems}
    assert by_item == {"zz", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9"}
    assert validate(phq, ["not", "a", "dict"])[0].item == "responses"
    assert validate(phq, {"q1": 1}, partial=True) == []
