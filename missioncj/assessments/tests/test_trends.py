"""One participant's trends page: an SVG chart per instrument (points, y for a score, bands),
the table under it, corrections replacing what they correct, subscales and triage, scope."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missioncj.assessments import charts, services
from missioncj.assessments.tests.factories import give, phq9
from missioncj.assessments.tests.markup import body_rows, element, text
from missioncj.core.models import AuditEvent, AuditKind

D1, D2, D3 = dt.date(2026, 9, 5), dt.date(2026, 9, 20), dt.date(2026, 10, 1)
NONE = "No risk identified"
BAM_ZERO = {f"q{n}": 0 for n in range(1, 18) if n != 7}


def trends_url(participant) -> str:
    return reverse("assessments:trends", args=[participant.public_id])


def svg(html: str, dom_id: str) -> ET.Element:
    return element(html, "svg", dom_id)


def table_rows(html: str, table_id: str) -> list[list[str]]:
    return [[text(cell) for cell in row] for row in body_rows(html, table_id)]


def expected_y(score: float, low: float, high: float) -> float:
    return round(charts.TOP + charts.PLOT_H * (high - score) / (high - low), 2)


def test_phq9_chart_points_bands_and_table(world, login):
    cm, person = world.user("casemanager"), world.north_person
    give(cm, person, "phq9", phq9(3, 3, 3, 3, 3, 3, 3, 3, 0), on=D1)  # 24
    give(cm, person, "phq9", phq9(0, 0, 0, 0, 0, 0, 0, 0, 0), on=D2)  # 0
    third = give(cm, person, "phq9", phq9(2, 2, 2, 2, 2, 2, 0, 0, 0), on=D3)  # 12
    response = login("casemanager").get(trends_url(person))
    assert response.status_code == 200
    html = response.content.decode()
    chart = svg(html, "trend-phq9")
    assert chart.get("role") == "img"
    assert chart.get("viewBox") == f"0 0 {charts.WIDTH} {charts.HEIGHT}"
    assert chart.get("width") == "100%"
    title = chart.find("title")
    assert title is not None and title.text is not None
    assert "PHQ-9" in title.text and "5 Sep 2026 to 1 Oct 2026" in title.text
    assert chart.get("aria-labelledby") == "trend-phq9-title"
    assert chart.get("aria-describedby") == "trend-phq9-desc"
    assert "Bands: Minimal depression 0\u20134, Mild" in (chart.findtext("desc") or "")

    points = chart.findall("circle")
    assert [p.get("data-value") for p in points] == ["24", "0", "12"]
    ys = [float(p.get("cy", "")) for p in points]
    assert ys == [expected_y(24, 0, 27), charts.TOP + charts.PLOT_H, expected_y(12, 0, 27)]
    assert ys[2] == 109.78  # 15 of 27 below the top of a 176-unit plot that starts at 12
    xs = [float(p.get("cx", "")) for p in points]
    assert xs[0] == charts.LEFT and xs[2] == charts.WIDTH - charts.RIGHT
    assert xs[0] < xs[1] < xs[2]
    assert [p.findtext("title") for p in points][2] == "1 Oct 2026: 12, Moderate depression"

    bands = [r.get("data-band") for r in chart.findall("rect")]
    assert bands == ["minimal", "mild", "moderate", "moderately_severe", "severe"]
    lines = {ln.get("data-band"): float(ln.get("y1", "")) for ln in chart.findall("line")}
    assert lines["minimal"] == expected_y(4.5, 0, 27)  # between 4 and 5
    assert "severe" not in lines  # the top band has no line above it
    labels = [t.text for t in chart.findall("text") if t.get("class") == "band-label"]
    assert "Moderate depression (10\u201314)" in labels

    rows = table_rows(html, "trend-phq9-table")
    assert rows == [
        ["5 Sep 2026", "24", "Severe depression", "—"],
        ["20 Sep 2026", "0", "Minimal depression", "\u221224"],
        ["1 Oct 2026", "12", "Moderate depression", "+12"],
    ]
    detail = reverse("assessments:detail", args=[person.public_id, third.public_id])
    assert f'href="{detail}"' in html

    event = AuditEvent.objects.filter(action="assessment.trends").get()
    assert event.actor == cm
    assert event.participant_public_id == person.public_id
    assert event.after is not None and len(event.after["administrations"]) == 3


def test_a_correction_replaces_the_score_it_corrects(world, login):
    cm, person = world.user("casemanager"), world.north_person
    give(cm, person, "gad7", {f"q{n}": 0 for n in range(1, 8)}, on=D1)  # 0
    wrong = give(cm, person, "gad7", {f"q{n}": 1 for n in range(1, 8)}, on=D2)  # 7
    draft = services.start_correction(actor=cm, administration=wrong)
    html = login("casemanager").get(trends_url(person)).content.decode()
    # A correction still in draft replaces nothing.
    assert [p.get("data-value") for p in svg(html, "trend-gad7").findall("circle")] == ["0", "7"]
    fixed = services.complete(
        actor=cm, administration=draft, responses={f"q{n}": 2 for n in range(1, 8)}
    )
    html = login("casemanager").get(trends_url(person)).content.decode()
    assert [p.get("data-value") for p in svg(html, "trend-gad7").findall("circle")] == ["0", "14"]
    rows = table_rows(html, "trend-gad7-table")
    assert [r[1:] for r in rows] == [
        ["0", "Minimal anxiety", "—"],
        ["14", "Moderate anxiety", "+14"],
    ]
    assert reverse("assessments:detail", args=[person.public_id, fixed.public_id]) in html
    assert reverse("assessments:detail", args=[person.public_id, wrong.public_id]) not in html


def test_one_result_sits_in_the_middle_without_a_line(world, login):
    give(world.user("casemanager"), world.north_person, "phq9", on=D3)
    html = login("peer").get(trends_url(world.north_person)).content.decode()
    chart = svg(html, "trend-phq9")
    (point,) = chart.findall("circle")
    assert float(point.get("cx", "")) == charts.LEFT + charts.PLOT_W / 2
    assert chart.find("polyline") is None
    assert "1 completed · 1 Oct 2026" in html


def test_subscales_chart_a_line_each_with_the_concern_line(world, login):
    cm, person = world.user("casemanager"), world.north_person
    give(cm, person, "bam", BAM_ZERO, on=D1)
    give(cm, person, "bam", {**BAM_ZERO, "q1": 4, "q2": 4, "q3": 4}, on=D2)  # risk 12
    html = login("casemanager").get(trends_url(person)).content.decode()
    for code in ("use", "risk", "protective"):
        assert len(svg(html, f"trend-bam-{code}").findall("circle")) == 2
    risk = svg(html, "trend-bam-risk")
    threshold = next(ln for ln in risk.findall("line") if ln.get("class") == "threshold")
    assert float(threshold.get("y1", "")) == expected_y(11.5, 0, 24)
    assert [float(p.get("cy", "")) for p in risk.findall("circle")][1] == expected_y(12, 0, 24)
    rows = table_rows(html, "trend-bam-table")
    assert rows[1][0] == "20 Sep 2026"
    assert rows[1][2] == "12 (+12) concern"  # risk subscale
    assert rows[0][3] == "0 (—) concern"  # protective 12 or less is a concern


def test_triage_shows_the_level_over_time_in_the_table(world, login):
    cm, person = world.user("casemanager"), world.north_person
    give(cm, person, "cssrs", {"q1": 1, "q2": 0, "q6": 0}, on=D1)
    give(cm, person, "cssrs", {"q1": 0, "q2": 0, "q6": 0}, on=D2)
    give(cm, person, "cssrs", {"q1": 0, "q2": 0, "q6": 0}, on=D3)
    html = login("casemanager").get(trends_url(person)).content.decode()
    assert 'id="trend-cssrs"' not in html  # no chart of a level
    rows = table_rows(html, "trend-cssrs-table")
    assert [r[1:] for r in rows] == [
        ["Low risk", "—"],
        [NONE, "from Low risk"],
        [NONE, "no change"],
    ]


def test_entered_scores_chart_on_the_entry_range(world, login):
    cm, person = world.user("casemanager"), world.north_person
    give(cm, person, "lsir", {"total": 27, "level": 3}, on=D1)
    html = login("casemanager").get(trends_url(person)).content.decode()
    chart = svg(html, "trend-lsir")
    (point,) = chart.findall("circle")
    assert float(point.get("cy", "")) == expected_y(27, 0, 54)
    assert chart.findall("rect") == []  # the level is entered, not a band of the score
    assert table_rows(html, "trend-lsir-table") == [["5 Sep 2026", "27", "Moderate", "—"]]


def test_links_from_the_assessments_page_and_panel(world, login):
    person = world.north_person
    client = login("casemanager")
    index = client.get(reverse("assessments:index", args=[person.public_id])).content.decode()
    assert trends_url(person) in index
    detail = client.get(reverse("participants:detail", args=[person.public_id])).content.decode()
    assert trends_url(person) not in detail  # nothing completed yet
    give(world.user("casemanager"), person, on=D3)
    detail = client.get(reverse("participants:detail", args=[person.public_id])).content.decode()
    assert trends_url(person) in detail


def test_nothing_completed_says_so(world, login):
    html = login("casemanager").get(trends_url(world.north_person)).content.decode()
    assert "No completed assessments yet." in html
    assert "<svg" not in html


def test_out_of_scope_is_404_and_records_nothing(world, login):
    give(world.user("cm.south"), world.south_person, on=D3)
    reads = AuditEvent.objects.filter(kind=AuditKind.READ)
    before = reads.count()
    for username in ("casemanager", "evaluator", "court", "outsider"):
        assert login(username).get(trends_url(world.south_person)).status_code == 404, username
    assert reads.count() == before
    assert login("supervisor").get(trends_url(world.south_person)).status_code == 200


def test_queries_do_not_grow_with_the_number_of_results(world, login):
    cm, person = world.user("casemanager"), world.north_person
    client = login("casemanager")
    give(cm, person, "phq9", on=D1)
    give(cm, person, "gad7", {f"q{n}": 1 for n in range(1, 8)}, on=D1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(trends_url(person)).status_code == 200
    for on in (D2, D3):
        give(cm, person, "phq9", on=on)
        give(cm, person, "gad7", {f"q{n}": 2 for n in range(1, 8)}, on=on)
    with CaptureQueriesContext(connection) as more:
        html = client.get(trends_url(person)).content.decode()
    assert len(svg(html, "trend-gad7").findall("circle")) == 3
    assert len(more.captured_queries) == len(few.captured_queries)
