"""Funder interviews as instruments (GPRA, SUPRT administrative and client forms): the record
method, interview-type codes, branching by interview type and by whether the interview took
place, sections, domains and the definition checks. Pure: no database."""

from __future__ import annotations

import copy

import pytest

from missioncj.assessments.definitions import shipped
from missioncj.assessments.scoring import (
    InvalidResponses,
    check_definition,
    score,
    validate,
    visible_ids,
)
from missioncj.assessments.tests.factories import full_set

SPECS = {spec["code"]: spec for spec in shipped()}
DEFS = {code: spec["definition"] for code, spec in SPECS.items()}
INTERVIEWS = ["gpra", "suprt_a", "suprt_c"]
DOMAINS = {
    "substance_use",
    "living_situation",
    "education_employment_income",
    "criminal_justice",
    "health",
    "social_connectedness",
    "services_received",
}


def _ids(code: str, section_letter: str) -> set[str]:
    return {i["id"] for i in DEFS[code]["items"] if i.get("section", "").startswith(section_letter)}


@pytest.mark.parametrize("code", INTERVIEWS)
def test_interview_definitions_are_well_formed_recorded_and_unverified(code):
    definition = DEFS[code]
    assert check_definition(definition) == []
    assert definition["scoring"]["method"] == "record"
    assert definition["unverified"], "what is not checked is listed"
    assert "paraphrased" in SPECS[code]["licence"]
    assert all(item.get("section") for item in definition["items"])
    assert definition["items"][0]["id"] == "interview_type"


def test_funder_interviews_come_after_the_clinical_instruments():
    codes = [spec["code"] for spec in shipped()]
    assert codes[-3:] == INTERVIEWS
    assert 40 <= len(DEFS["gpra"]["items"]) <= 70


def test_interview_type_codes():
    def codes(code: str) -> dict[int, str]:
        item = DEFS[code]["items"][0]
        return {o["value"]: o["label"] for o in item["options"]}

    assert codes("gpra") == {
        1: "Intake",
        2: "Six-month follow-up",
        4: "Three-month follow-up",
        5: "Discharge",
    }
    suprt = {1: "Baseline", 2: "Six-month reassessment", 3: "Annual reassessment", 4: "Closeout"}
    assert codes("suprt_a") == suprt and codes("suprt_c") == suprt


def test_gpra_and_suprt_cover_every_domain():
    assert set(DEFS["gpra"]["domains"]) == DOMAINS
    suprt = set(DEFS["suprt_a"]["domains"]) | set(DEFS["suprt_c"]["domains"])
    assert suprt == DOMAINS


def test_gpra_not_conducted_hides_the_interview_sections():
    gpra = DEFS["gpra"]
    shown = set(visible_ids(gpra, {"interview_type": 2, "conducted": 0}))
    for letter in "BCDEFG":
        assert not shown & _ids("gpra", letter), letter
    assert "not_conducted_reason" in shown
    assert _ids("gpra", "I") <= shown  # staff still record the follow-up status
    conducted = set(visible_ids(gpra, {"interview_type": 2, "conducted": 1}))
    assert _ids("gpra", "B") <= conducted and "not_conducted_reason" not in conducted
    # an answer to a hidden section is refused, naming the item
    problems = validate(gpra, {**full_set("gpra", interview_type=2, conducted=0), "arrests": 1})
    assert [p.item for p in problems] == ["arrests"]


def test_gpra_timing_of_intake_follow_up_and_discharge_sections():
    gpra = DEFS["gpra"]
    intake = set(visible_ids(gpra, {"interview_type": 1, "conducted": 1}))
    assert {"age", "sex", "planned_case_management"} <= intake
    assert not intake & (_ids("gpra", "I") | _ids("gpra", "J") | _ids("gpra", "K"))
    discharge = set(visible_ids(gpra, {"interview_type": 5, "conducted": 1}))
    assert (_ids("gpra", "J") | _ids("gpra", "K")) <= discharge
    assert not discharge & ({"age", "sex", "planned_peer"} | _ids("gpra", "I"))
    follow_up = set(visible_ids(gpra, {"interview_type": 4, "conducted": 1}))
    assert _ids("gpra", "I") <= follow_up and not follow_up & _ids("gpra", "K")


def test_a_complete_gpra_six_month_set_is_recorded_without_a_total():
    gpra = DEFS["gpra"]
    responses = full_set("gpra", interview_type=2, conducted=1, alcohol_days=4, arrests=1)
    assert validate(gpra, responses) == []
    result = score(gpra, responses)
    assert result["method"] == "record"
    assert (result["total"], result["band"]) == (None, "")
    assert result["band_label"] == "Recorded: Six-month follow-up"
    assert result["flags"] == [] and not result["safety"]
    assert "Answers recorded: nothing is scored." in result["notes"]
    # leaving out a required answer is still refused
    del responses["jail_nights"]
    with pytest.raises(InvalidResponses) as caught:
        score(gpra, responses)
    assert [p.item for p in caught.value.problems] == ["jail_nights"]


def test_not_conducted_and_declined_are_flagged():
    gpra = score(DEFS["gpra"], full_set("gpra", interview_type=2, conducted=0))
    assert [f["code"] for f in gpra["flags"]] == ["not_conducted"]
    client = full_set("suprt_c", interview_type=3, participated=0)
    assert set(client) == {"interview_type", "participated"}
    result = score(DEFS["suprt_c"], client)
    assert result["band_label"] == "Recorded: Annual reassessment"
    assert [f["code"] for f in result["flags"]] == ["declined"]


def test_suprt_admin_form_timing_and_optional_screen_results():
    admin = DEFS["suprt_a"]
    baseline = set(visible_ids(admin, {"interview_type": 1}))
    assert _ids("suprt_a", "F") <= baseline and not baseline & _ids("suprt_a", "E")
    closeout = set(visible_ids(admin, {"interview_type": 4}))
    assert _ids("suprt_a", "E") <= closeout and "closeout_reason" in closeout
    assert not closeout & _ids("suprt_a", "F")
    responses = full_set("suprt_a", interview_type=2)
    del responses["phq9_total"]  # not given: may stay empty
    assert validate(admin, responses) == []
    assert validate(admin, {**responses, "phq9_total": 28})[0].item == "phq9_total"


def test_check_definition_accepts_record_and_names_bad_sections_sources_and_branching():
    broken = copy.deepcopy(DEFS["gpra"])
    broken["items"][1]["show_if"] = {"item": "arrests", "op": "==", "value": 1}
    broken["items"][2]["section"] = 3
    broken["items"][10]["source_map"] = {"male": "one"}
    broken["domains"]["health"] = ["no_such_item"]
    broken["scoring"]["label_item"] = "nothing"
    errors = check_definition(broken)
    assert "Item conducted: show_if names arrests, which is not an earlier item." in errors
    assert "Item not_conducted_reason: section must be text." in errors
    assert any("source_map" in e for e in errors)
    assert "Domain health: unknown item no_such_item." in errors
    assert "label_item: unknown item nothing." in errors
    broken = copy.deepcopy(DEFS["suprt_c"])
    broken["scoring"]["method"] = "tally"
    assert check_definition(broken) == [
        "Scoring method must be sum, subscales, triage, entry or record."
    ]
