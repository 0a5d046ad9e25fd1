"""Issue 8: a director opens the program dashboard from the Programs page, narrows the period,
reads a chart as a table, and downloads the chart's data (CSV) and the chart itself (PNG, drawn
in the browser from the SVG). The CSV holds the same figures as the table on the page."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from missioncj.care.tests.browser.conftest import sign_in
from missioncj.conftest import World
from missioncj.interop.models import ExportRecord

pytestmark = pytest.mark.browser


def test_director_downloads_a_charts_data_from_the_dashboard(
    new_page: Callable[..., Page], world: World, demo_mode: None
) -> None:
    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, world.user("director"))
    page.goto("/programs/")
    page.get_by_role("link", name="Outcomes").first.click()
    expect(page.get_by_role("heading", name="Outcomes", exact=True)).to_be_visible()
    page.get_by_role("link", name="Dashboard").click()
    page.get_by_label("From").fill("2026-01-01")
    page.get_by_label("To").fill("2026-11-02")
    page.get_by_role("button", name="Show").click()

    chart = page.locator("#chart-flow")
    expect(
        chart.get_by_role("heading", name="Referred, enrolled and discharged by month")
    ).to_be_visible()
    expect(chart.locator("svg")).to_be_visible()
    chart.get_by_text("The figures as a table").click()
    september = chart.get_by_role("row", name="Sep 2026")
    expect(september).to_be_visible()
    shown = [c.strip() for c in september.locator("th, td").all_inner_texts()]
    assert shown == ["Sep 2026", "2", "2", "0"]

    with page.expect_download() as info:
        chart.get_by_role("link", name="data (CSV)").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Month", "Referred", "Enrolled", "Discharged"]
    assert shown in rows
    logged = ExportRecord.objects.get(name="dashboard.flow")
    director = world.user("director")
    assert (logged.actor, logged.kind, logged.identified) == (director, "chart", False)

    with page.expect_download() as info:
        chart.get_by_role("link", name="chart (PNG)").click()
    assert info.value.suggested_filename == "flow.png"
    png = Path(info.value.path()).read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
