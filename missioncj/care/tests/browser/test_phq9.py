"""The case manager, on a phone (390 x 844), gives a PHQ-9 and sees the score and the band."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from missioncj.assessments.models import Administration
from missioncj.care.tests.browser.conftest import sign_in
from missioncj.conftest import World

pytestmark = pytest.mark.browser

# item → the answer tapped: 2+2+1+1+1+1+1+1+0 = 10, moderate
ANSWERS = [
    "More than half the days",
    "More than half the days",
    "Several days",
    "Several days",
    "Several days",
    "Several days",
    "Several days",
    "Several days",
    "Not at all",
]


def test_phq9_on_a_phone(new_page: Callable[..., Page], world: World, demo_mode: None) -> None:
    page = new_page(
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    sign_in(page, world.user("casemanager"))
    page.get_by_role("table").get_by_role("link", name="Test North").click()
    expect(page.get_by_role("heading", level=1, name="Test North")).to_be_visible()
    page.get_by_role("link", name="Assessments", exact=True).tap()
    page.get_by_role("link", name="PHQ-9 (depression)").tap()
    expect(page.get_by_role("heading", level=1, name="PHQ-9 (depression)")).to_be_visible()

    groups = page.get_by_role("group")
    expect(groups).to_have_count(9)
    for index, answer in enumerate(ANSWERS):
        option = groups.nth(index).get_by_text(answer, exact=True)
        box = option.bounding_box()
        assert box is not None and box["height"] >= 44, box  # a thumb-sized target
        option.tap()
        expect(groups.nth(index).get_by_role("radio", name=answer)).to_be_checked()
    overflow = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"scrolls sideways: {overflow}"
    page.get_by_role("button", name="Complete and score").tap()

    expect(page.get_by_test_id("score")).to_contain_text("10")
    expect(page.get_by_test_id("band")).to_have_text("Moderate depression")
    expect(page.get_by_text("the baseline")).to_be_visible()
    done = Administration.objects.get()
    assert (done.status, done.total, done.administered_by) == (
        "completed",
        10,
        world.user("casemanager"),
    )
