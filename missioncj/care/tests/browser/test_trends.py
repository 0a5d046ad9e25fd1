"""The case manager, on a phone (390 x 844), opens a participant's assessment trends: the chart
fits the screen (no sideways scroll), has its accessible name, and the table sits under it."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from missioncj.assessments.tests.factories import give, phq9
from missioncj.care.tests.browser.conftest import sign_in
from missioncj.conftest import World

pytestmark = pytest.mark.browser


def test_trends_on_a_phone(new_page: Callable[..., Page], world: World, demo_mode: None) -> None:
    cm, person = world.user("casemanager"), world.north_person
    give(cm, person, "phq9", phq9(3, 3, 3, 3, 2, 2, 2, 2, 0), on=dt.date(2026, 9, 5))  # 20
    give(cm, person, "phq9", phq9(2, 2, 2, 2, 2, 2, 0, 0, 0), on=dt.date(2026, 9, 20))  # 12
    give(cm, person, "phq9", phq9(1, 1, 1, 1, 0, 0, 0, 0, 0), on=dt.date(2026, 10, 1))  # 4
    page = new_page(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    sign_in(page, cm)
    page.get_by_role("table").get_by_role("link", name="Test North").click()
    page.get_by_role("link", name="Trends", exact=True).tap()
    expect(page.get_by_role("heading", level=1, name="Assessment trends")).to_be_visible()

    chart = page.get_by_role("img", name="PHQ-9 (depression): score over time")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and 250 <= box["width"] <= 390, box
    # A phone browser widens its layout viewport to fit what overflows, so compare with 390.
    overflow = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert overflow == [390, 390], f"scrolls sideways: {overflow}"
    table = page.get_by_role("table", name="PHQ-9 (depression): each result, oldest first")
    table_box = table.bounding_box()
    assert table_box is not None and table_box["x"] + table_box["width"] <= 390, table_box
    expect(table.get_by_role("row")).to_have_count(4)  # the header and three results
    expect(table.get_by_role("row").nth(3)).to_contain_text("\u22128")
    if os.environ.get("MISSIONCJ_SCREENSHOTS"):
        page.screenshot(
            path=os.environ["MISSIONCJ_SCREENSHOTS"] + "/trends-phone.png", full_page=True
        )


def test_program_bands_on_a_phone(
    new_page: Callable[..., Page], world: World, demo_mode: None
) -> None:
    give(world.user("casemanager"), world.north_person, "phq9", phq9(0, 0, 0, 0, 0, 0, 0, 0, 0))
    give(world.user("cm.south"), world.south_person, "phq9", phq9(2, 2, 2, 2, 2, 2, 0, 0, 0))
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(page, world.user("supervisor"))
    page.get_by_role("link", name="Programs", exact=True).tap()
    page.get_by_role("link", name="Latest assessment bands").tap()
    expect(page.get_by_role("heading", level=1, name="Latest assessment bands")).to_be_visible()
    bar = page.get_by_role("img", name="PHQ-9 (depression), 2 counted")
    expect(bar).to_be_visible()
    table = page.get_by_role("table", name="PHQ-9 (depression): participants by latest band")
    expect(table.get_by_role("row", name="Moderate depression 1 50%")).to_be_visible()
    overflow = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert overflow == [390, 390], f"scrolls sideways: {overflow}"
    if os.environ.get("MISSIONCJ_SCREENSHOTS"):
        page.screenshot(
            path=os.environ["MISSIONCJ_SCREENSHOTS"] + "/bands-phone.png", full_page=True
        )
