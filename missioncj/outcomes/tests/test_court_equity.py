"""The court measures by group, on the hand-worked cohort (court_fixture.py): A, B and C are
recorded as white, D and E as Black."""

from __future__ import annotations

import pytest

from missioncj.outcomes.court_equity import court_equity
from missioncj.outcomes.court_measures import Filters
from missioncj.outcomes.tests.court_fixture import END, START, TODAY, build
from missioncj.participants.models import Participant


@pytest.fixture
def cohort(world):
    c = build(world)
    for who, race in {"A": "white", "B": "white", "C": "white", "D": "black", "E": "black"}.items():
        Participant.objects.filter(pk=c.episodes[who].participant_id).update(race=race)
    return c


def _rows(result):
    return {row.label: row for row in result.rows}


def test_each_group_gets_the_reports_own_figures(cohort):
    result = court_equity(cohort.program, Filters(START, END), "race", threshold=2, today=TODAY)
    rows = _rows(result)
    white, black = rows["White"], rows["Black or African American"]
    assert (white.figures["cohort"], black.figures["cohort"]) == ("3", "2")
    # Of A, B, C: A graduated (11 Jan 2026) and B was terminated (1 May 2025), both in the period.
    assert white.figures["graduated"] == "50.0% (1/2)"
    # D and E are still enrolled: nobody of theirs was discharged.
    assert black.figures["graduated"] == "\u2014"
    assert rows["Asian"].figures["cohort"] == "0"


def test_small_groups_are_hidden_and_not_computed(cohort):
    result = court_equity(cohort.program, Filters(START, END), "race", threshold=3, today=TODAY)
    rows = _rows(result)
    black, white = rows["Black or African American"], rows["White"]
    assert black.suppressed and black.figures["cohort"] == "fewer than 3"
    # The only other group, white (3), is hidden as its complement.
    assert white.suppressed and white.figures["cohort"] == "fewer than 3"
    assert set(black.cells[1:]) == {""} and set(white.cells[1:]) == {""}


def test_page_shows_the_breakdown(cohort, login):
    url = f"/programs/{cohort.program.public_id}/outcomes/court/?start={START}&end={END}&by=sex"
    response = login("supervisor").get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "By sex" in text and "fewer than 11" in text
    bad = login("supervisor").get(url.replace("by=sex", "by=shoe_size"))
    assert bad.status_code == 422
