"""The supervisor, on a phone, adopts the MISSION-CJ outcome schedule and reads the follow-up
report; the case manager starts a due timepoint from the participant's schedule panel."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from missioncj.assessments import schedule_services
from missioncj.assessments.models import Schedule
from missioncj.care.tests.browser.conftest import sign_in
from missioncj.conftest import World

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"scrolls sideways: {overflow}"


def test_adopt_a_schedule_and_read_the_follow_up_report_on_a_phone(
    new_page: Callable[..., Page], world: World, demo_mode: None
) -> None:
    page = new_page(**PHONE)
    sign_in(page, world.user("supervisor"))
    page.get_by_role("link", name="Programs").tap()
    page.get_by_role("link", name="Assessment schedules").first.tap()
    expect(page.get_by_role("heading", level=1, name="Assessment schedules")).to_be_visible()
    page.get_by_role("button", name="Adopt MISSION-CJ outcome measures").tap()
    expect(page.get_by_text("MISSION-CJ outcome measures added")).to_be_visible()
    assert Schedule.objects.filter(program=world.drug, profile="mission").exists()
    _no_sideways_scroll(page)

    # a five-year window open from enrollment: both participants stay due whatever today is
    schedule_services.save_timepoint(
        actor=world.user("supervisor"),
        schedule=Schedule.objects.get(program=world.drug),
        instruments=["barc10"],
        code="y5",
        label="5 years",
        due_months=60,
        closes_months=61,
    )
    page.get_by_role("link", name="Follow-up report").tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Follow-up")
    expect(page.get_by_role("img", name="Follow-up rate by timepoint")).to_be_visible()
    coming = page.get_by_role("region", name="Coming due, open and overdue")
    expect(coming.get_by_role("link", name="Test North").first).to_be_visible()
    expect(coming.get_by_role("link", name="Test South").first).to_be_visible()
    _no_sideways_scroll(page)


def test_start_a_due_timepoint_from_the_schedule_panel(
    new_page: Callable[..., Page], world: World, demo_mode: None
) -> None:
    schedule_services.adopt_profile(
        actor=world.user("director"), program=world.drug, profile="mission"
    )
    page = new_page(**PHONE)
    sign_in(page, world.user("casemanager"))
    page.get_by_role("table").get_by_role("link", name="Test North").first.click()
    panel = page.get_by_role("region", name="Assessment schedule")
    expect(panel).to_contain_text("MISSION-CJ outcome measures · 6 months")
    _no_sideways_scroll(page)
    panel.get_by_role("link", name="Start").first.tap()
    expect(page.get_by_role("heading", level=1, name="PHQ-9 (depression)")).to_be_visible()
