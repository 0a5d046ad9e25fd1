from __future__ import annotations

import datetime as dt
import json

import pytest

from missioncj.privacy.models import Category
from missioncj.privacy.sections import SECTION_ORDER, build_sections, packet_period
from missioncj.privacy.tests.packet_helpers import (
    DAY,
    GOAL,
    PREVIOUS,
    RECOMMENDATION,
    SECRETS,
    full_record,
)


@pytest.fixture
def record(world, drug_court, north_case):
    full_record(world, drug_court, north_case, world.north_person, world.user("casemanager"))
    return world.north_person


def _text(sections) -> str:
    return json.dumps([s.as_dict() for s in sections])


def test_period_runs_from_the_previous_hearing(record, drug_court):
    assert packet_period(record, DAY, court=drug_court) == (PREVIOUS, DAY)
    assert packet_period(record, PREVIOUS, court=drug_court) == (dt.date(2026, 10, 22), PREVIOUS)


def test_every_section_has_its_figures_and_no_note_text(record, drug_court):
    start, end = packet_period(record, DAY, court=drug_court)
    sections = build_sections(record, [c.value for c in Category], start, end, court=drug_court)
    assert [s.category for s in sections] == list(SECTION_ORDER)
    by = {s.category: s for s in sections}
    text = _text(sections)
    for secret in SECRETS:
        assert secret not in text
    attendance = by[Category.ATTENDANCE].data
    assert attendance["groups"] == {"attended": 1, "missed": 1, "excused": 0}
    assert attendance["drt"] == {"completed": 1, "total": 13}
    assert attendance["hearings"] == {"appeared": 0, "failed": 1}
    assert attendance["contacts"] == {"in_person": 1, "phone": 1}
    tests = by[Category.DRUG_TESTS]
    assert tests.data["tests"] == 3 and tests.data["last_positive"] == "2026-11-02"
    assert "Cocaine" in _text([tests]) and "THC" not in _text([tests])
    phase = by[Category.PHASE].data
    assert phase["phase"] == 1 and phase["recommendation"] == RECOMMENDATION
    assert phase["conditions"][0]["description"] == "Forty hours of community service"
    assert "Next court date" in _text([by[Category.PHASE]])
    assert by[Category.RESPONSES].data["sanction"] == 1
    assert by[Category.PLAN].data["goals"][0] == {
        "domain": "housing",
        "text": GOAL,
        "status": "open",
        "rating": 2,
    }
    latest = by[Category.ASSESSMENTS].data["latest"]
    assert len(latest) == 1 and latest[0]["change"] is not None and latest[0]["change"] < 0
    assert by[Category.DIAGNOSES].empty == "None recorded."


def test_notes_categories_never_make_a_section(record):
    sections = build_sections(
        record, [Category.CLINICAL_NOTES, Category.COUNSELING_NOTES], DAY, DAY
    )
    assert sections == []


def test_only_the_categories_asked_for(record, drug_court):
    sections = build_sections(record, [Category.ATTENDANCE], PREVIOUS, DAY, court=drug_court)
    assert [s.category for s in sections] == [Category.ATTENDANCE]
    assert "Cocaine" not in _text(sections)


def test_a_period_that_ends_before_it_starts_is_refused(record):
    with pytest.raises(ValueError, match="starts after"):
        build_sections(record, [Category.PHASE], DAY, PREVIOUS)
