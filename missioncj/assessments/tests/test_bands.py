"""The program's latest-band distribution: who is counted (enrolled in this program, latest
effective result only), the arithmetic, the order of bands, access, audit and query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missioncj.assessments import bands, services
from missioncj.assessments.models import Instrument
from missioncj.assessments.tests.factories import give, phq9
from missioncj.assessments.tests.markup import body_rows, element
from missioncj.conftest import make_participant
from missioncj.core.models import AuditEvent
from missioncj.participants.models import EpisodeStatus
from missioncj.participants.services import change_status

D1, D2, D3 = dt.date(2026, 9, 5), dt.date(2026, 9, 20), dt.date(2026, 10, 1)
PHQ9_BANDS = ["minimal", "mild", "moderate", "moderately_severe", "severe"]


def bands_url(program) -> str:
    return reverse("assessments:bands", args=[program.public_id])


def rows_of(html: str, code: str) -> dict[str, tuple[int, str]]:
    return {
        row.get("data-band", ""): (int(row[1].text or ""), row[2].text or "")
        for row in body_rows(html, f"bands-{code}-table")
    }


@pytest.fixture
def cohort(world):
    """Drug court: North (minimal now, severe before), South (moderate), East (mild, corrected
    to moderately severe), West (discharged), and the re-entry participant (other program)."""
    cm, cm_south = world.user("casemanager"), world.user("cm.south")
    east = make_participant(cm, world.drug, world.north, "East")
    west = make_participant(cm_south, world.drug, world.south, "West")
    give(cm, world.north_person, "phq9", phq9(3, 3, 3, 3, 3, 3, 3, 3, 0), on=D1)  # 24 severe
    give(cm, world.north_person, "phq9", phq9(0, 0, 0, 0, 0, 0, 0, 0, 0), on=D3)  # 0 minimal
    give(cm, world.north_person, "gad7", {f"q{n}": 1 for n in range(1, 8)}, on=D2)  # 7 mild
    give(cm_south, world.south_person, "phq9", phq9(2, 2, 2, 2, 2, 2, 0, 0, 0), on=D2)  # 12
    wrong = give(cm, east, "phq9", on=D3)  # 6 mild, then corrected to 15
    draft = services.start_correction(actor=cm, administration=wrong)
    services.complete(actor=cm, administration=draft, responses=phq9(2, 2, 2, 2, 2, 2, 2, 1, 0))
    give(cm_south, west, "phq9", phq9(3, 3, 3, 3, 3, 3, 3, 3, 0), on=D2)  # severe, discharged
    change_status(
        actor=cm_south,
        episode=west.episodes.get(),
        status=EpisodeStatus.DISCHARGED,
        on=D3,
        reason="graduated",
    )
    give(world.user("outsider"), world.reentry_person, "phq9", phq9(3, 3, 3, 3, 3, 3, 3, 3, 0))
    return {"east": east, "west": west}


def test_latest_band_per_participant_counts_and_percents(world, login, cohort):
    response = login("director").get(bands_url(world.drug))
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 enrolled" in html
    rows = rows_of(html, "phq9")
    assert list(rows) == PHQ9_BANDS  # the definition's order, empty bands included
    assert rows == {
        "minimal": (1, "33%"),  # North's latest, not the severe one before it
        "mild": (0, "0%"),  # East's mild result was corrected
        "moderate": (1, "33%"),
        "moderately_severe": (1, "33%"),
        "severe": (0, "0%"),  # West is discharged, re-entry is another program
    }
    assert rows_of(html, "gad7") == {
        "minimal": (0, "0%"),
        "mild": (1, "100%"),
        "moderate": (0, "0%"),
        "severe": (0, "0%"),
    }
    assert "3 of 3 enrolled have a completed result." in html
    assert "1 of 3 enrolled have a completed result." in html


def test_the_bar_draws_each_counted_band_across_the_full_width(world, login, cohort):
    html = login("supervisor").get(bands_url(world.drug)).content.decode()
    bar = element(html, "svg", "bar-phq9")
    assert bar.get("role") == "img"
    assert "Minimal depression 1 (33%)" in (bar.findtext("title") or "")
    segments = [r for r in bar.findall("rect") if r.get("class") == "segment"]
    assert [s.get("data-band") for s in segments] == ["minimal", "moderate", "moderately_severe"]
    widths = [float(s.get("width", "")) for s in segments]
    assert widths == [120.0, 120.0, 120.0]  # a third each of 360
    assert [float(s.get("x", "")) for s in segments] == [0.0, 120.0, 240.0]


def test_program_bands_directly(world, cohort):
    result = bands.program_bands(world.user("director"), world.drug)
    assert result.enrolled == 3
    phq = next(d for d in result.distributions if d.instrument.code == "phq9")
    assert phq.counted == 3
    assert [(b.code, b.count, b.percent) for b in phq.bands] == [
        ("minimal", 1, 33),
        ("mild", 0, 0),
        ("moderate", 1, 33),
        ("moderately_severe", 1, 33),
        ("severe", 0, 0),
    ]
    counted = {world.north_person, world.south_person, cohort["east"]}
    assert result.counted_participants == sorted(str(p.public_id) for p in counted)
    assert "bam" in {i.code for i in result.not_given}


def test_the_read_is_audited_as_a_program_read(world, login, cohort):
    login("director").get(bands_url(world.drug))
    event = AuditEvent.objects.filter(action="assessment.bands.view").get()
    assert event.actor == world.user("director")
    assert event.subject_public_id == str(world.drug.public_id)
    assert event.after is not None and len(event.after["shown"]) == 3


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [(1, 3, 33), (2, 3, 67), (1, 8, 13), (3, 8, 38), (0, 5, 0), (5, 5, 100), (0, 0, 0)],
)
def test_percent_rounds_halves_up(count, total, expected):
    assert bands.percent(count, total) == expected


def test_band_order_follows_each_kind_of_definition(world):
    def order(code: str) -> list[tuple[str, str]]:
        version = Instrument.objects.get(code=code).current
        assert version is not None
        return bands.band_order(version.definition)

    assert [c for c, _ in order("phq9")] == PHQ9_BANDS
    # Sex-specific cut-offs share their codes; the words common to both are kept.
    assert order("auditc") == [("negative", "Negative screen"), ("positive", "Positive screen")]
    assert [c for c, _ in order("cssrs")] == ["high", "moderate", "low", "none"]
    assert order("lsir")[0] == ("1", "Low") and len(order("lsir")) == 5
    assert order("bam") == []


def test_subscale_instruments_have_no_band_to_count(world, login):
    give(
        world.user("casemanager"),
        world.north_person,
        "bam",
        {f"q{n}": 0 for n in range(1, 18) if n != 7},
    )
    html = login("director").get(bands_url(world.drug)).content.decode()
    assert "Scored by subscales: there is no overall band to count." in html
    assert rows_of(html, "bam") == {"": (1, "100%")}


def test_only_the_programs_directors_and_supervisors_see_it(world, login):
    for username in ["director", "supervisor"]:
        assert login(username).get(bands_url(world.drug)).status_code == 200, username
        assert login(username).get(bands_url(world.reentry)).status_code == 404, username
    for username in ["casemanager", "peer", "clinician", "court", "evaluator", "admin", "outsider"]:
        assert login(username).get(bands_url(world.drug)).status_code == 404, username
    assert not AuditEvent.objects.filter(action="assessment.bands.view", actor__username="outsider")
    page = login("director").get(reverse("programs:list")).content.decode()
    assert bands_url(world.drug) in page


def test_queries_do_not_grow_with_the_number_of_participants(world, login, cohort):
    client = login("director")
    with CaptureQueriesContext(connection) as few:
        assert client.get(bands_url(world.drug)).status_code == 200
    cm = world.user("casemanager")
    for n in range(4):
        person = make_participant(cm, world.drug, world.north, f"More{n}")
        give(cm, person, "phq9", on=D2)
        give(cm, person, "phq9", phq9(2, 2, 2, 2, 2, 2, 0, 0, 0), on=D3)
        give(cm, person, "gad7", {f"q{i}": 0 for i in range(1, 8)}, on=D3)
    with CaptureQueriesContext(connection) as more:
        html = client.get(bands_url(world.drug)).content.decode()
    assert rows_of(html, "phq9")["moderate"] == (5, "71%")  # South and the four new: 5 of 7
    assert len(more.captured_queries) == len(few.captured_queries)
