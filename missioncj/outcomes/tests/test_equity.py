"""Equity breakdowns: groups, age bands and small-cell suppression, worked by hand."""

from __future__ import annotations

import datetime as dt

from missioncj.outcomes import equity
from missioncj.outcomes.equity import DIMENSION_BY_KEY, Person, breakdown


def _people(race_counts: dict[str, int], graduated_first: dict[str, int] | None = None) -> list:
    rows = []
    pk = 0
    for race, n in race_counts.items():
        for i in range(n):
            pk += 1
            done = i < (graduated_first or {}).get(race, 0)
            rows.append(
                Person(pk, race, "unknown", "male", "unknown", "26\u201335", {"graduated": done})
            )
    return rows


def _cells(result) -> dict[str, str]:
    return {c.value: c.text for c in result.cells}


def test_small_cells_and_the_complementary_cell_are_hidden():
    people = _people({"white": 12, "black": 3, "unknown": 15})
    result = breakdown(people, DIMENSION_BY_KEY["race"], equity.count, measure_label="People")
    cells = _cells(result)
    assert cells["black"] == "fewer than 11"  # 3 people
    # One hidden cell beside a shown total (30) could be recovered: the smallest other
    # non-empty cell (white, 12) is hidden too; unknown (15) stays.
    assert cells["white"] == "fewer than 11"
    assert cells["unknown"] == "15"
    assert cells["asian"] == "0"  # nobody: nothing to protect
    assert result.total_text == "30"
    assert result.suppressed_count == 2


def test_hidden_cells_must_hold_at_least_the_threshold_together():
    # 3 + 4 = 7 people hidden beside a total of 19: white (12) would leave 7 to split between
    # two groups, so white is hidden too.
    people = _people({"white": 12, "black": 3, "asian": 4})
    cells = _cells(breakdown(people, DIMENSION_BY_KEY["race"], equity.count, measure_label="P"))
    assert {cells["black"], cells["asian"], cells["white"]} == {"fewer than 11"}
    # 6 + 7 = 13 hidden: enough, white stays.
    people = _people({"white": 12, "black": 6, "asian": 7})
    cells = _cells(breakdown(people, DIMENSION_BY_KEY["race"], equity.count, measure_label="P"))
    assert (cells["black"], cells["asian"], cells["white"]) == (
        "fewer than 11",
        "fewer than 11",
        "12",
    )


def test_threshold_is_configurable_and_totals_below_it_are_hidden():
    people = _people({"white": 4, "black": 5, "asian": 6})
    result = breakdown(
        people, DIMENSION_BY_KEY["race"], equity.count, measure_label="P", threshold=5
    )
    cells = _cells(result)
    assert cells["white"] == "fewer than 5"
    assert cells["black"] == "fewer than 5"  # the complement: smallest shown cell
    assert cells["asian"] == "6"
    assert result.total_text == "15"
    few = _people({"white": 4, "black": 5})
    small = breakdown(few, DIMENSION_BY_KEY["race"], equity.count, measure_label="P")
    assert small.total_text == "fewer than 11"


def test_a_rate_is_hidden_with_its_cell():
    people = _people({"white": 20, "black": 12, "asian": 2}, {"white": 5, "black": 9})
    result = breakdown(
        people, DIMENSION_BY_KEY["race"], equity.rate_of("graduated"), measure_label="Graduated"
    )
    cells = _cells(result)
    assert cells["white"] == "25.0%"  # 5 of 20
    assert cells["asian"] == "fewer than 11"
    assert cells["black"] == "fewer than 11"  # complement of the single hidden cell
    assert result.total.value == 14 / 34


def test_age_bands_at_their_edges():
    born = dt.date(1990, 6, 15)
    assert equity.age_band(born, dt.date(2016, 6, 14)) == "25 and under"  # 25
    assert equity.age_band(born, dt.date(2016, 6, 15)) == "26\u201335"  # 26 that day
    assert equity.age_band(born, dt.date(2046, 6, 14)) == "46\u201355"  # 55
    assert equity.age_band(born, dt.date(2046, 6, 15)) == "56 and over"


def test_a_rate_about_few_people_is_hidden_even_in_a_large_group():
    people = (
        [
            Person(
                i,
                "white",
                "unknown",
                "male",
                "unknown",
                "26\u201335",
                {"done": True if i < 3 else None},
            )
            for i in range(30)
        ]
        + [
            Person(
                100 + i, "black", "unknown", "male", "unknown", "26\u201335", {"done": i % 2 == 0}
            )
            for i in range(20)
        ]
        + [
            Person(200 + i, "asian", "unknown", "male", "unknown", "26\u201335", {"done": True})
            for i in range(15)
        ]
    )
    cells = _cells(
        breakdown(people, DIMENSION_BY_KEY["race"], equity.rate_of("done"), measure_label="Done")
    )
    assert cells["white"] == "fewer than 11"  # 30 people, but the rate is about 3 answers
    assert cells["asian"] == "fewer than 11"  # the complement (15 < 20)
    assert cells["black"] == "50.0%"
