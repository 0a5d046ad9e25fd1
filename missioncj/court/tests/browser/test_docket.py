"""Building Thursday's docket: the coordinator (supervisor) adds a Thursday 09:00 status hearing
on the calendar, puts two participants on it by typing part of each name, opens the docket for
that Thursday and sees both with their docket numbers; then, at desktop width, records a
result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from missioncj.care.tests.browser.conftest import sign_in
from missioncj.conftest import World
from missioncj.court.models import Court, DocketEntry, Hearing
from missioncj.court.services.hearings import court_today
from missioncj.court.tests.hearings_helpers import make_case

pytestmark = pytest.mark.browser


def _thursday(court: Court) -> dt.date:
    """This week's Thursday if it has come, else last week's (a result can be recorded)."""
    today = court_today(court)
    return today - dt.timedelta(days=(today.weekday() - 3) % 7)


def _no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"scrolls sideways: {widths}"


def test_building_thursdays_docket(
    new_page: Callable[..., Page], world: World, court: Court, demo_mode: None
) -> None:
    supervisor = world.user("supervisor")
    make_case(court, world.north_person, "26-CR-4101", supervisor)
    make_case(court, world.south_person, "26-CR-4202", supervisor)
    thursday = _thursday(court)
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(page, supervisor)

    page.goto(f"/courts/{court.public_id}/calendar/")
    expect(page.get_by_role("heading", level=1, name="Court calendar")).to_be_visible()
    add = page.get_by_role("region", name="Add a hearing")
    add.get_by_label("Kind").select_option(label="Status hearing")
    add.get_by_label("Date").fill(thursday.isoformat())
    add.get_by_label("Time (local)").fill("09:00")
    add.get_by_label("Room").fill("Courtroom 3B")
    add.get_by_role("button", name="Add hearing").click()
    expect(page.get_by_text("Status hearing added")).to_be_visible()
    _no_sideways_scroll(page)

    hearing = page.get_by_test_id("hearing")
    expect(hearing.get_by_role("heading", name="09:00 · Status hearing")).to_be_visible()
    for last in ("North", "South"):
        # Typing part of the name offers the matches (htmx); each has its own Add button.
        page.get_by_test_id("hearing").get_by_label("Add a participant").fill(last.lower()[:3])
        add = page.get_by_role("button", name=f"Add {last}, Test to this docket")
        add.click()
        expect(page.get_by_text(f"Test {last} added to the")).to_be_visible()

    page.goto(f"/courts/{court.public_id}/calendar/")
    page.get_by_label("Docket for date").fill(thursday.isoformat())
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Docket · {thursday:%A} {thursday.day} {thursday:%b %Y}"
    )
    rows = page.get_by_test_id("hearing").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Test North")
    expect(rows.nth(0)).to_contain_text("26-CR-4101")
    expect(rows.nth(1)).to_contain_text("Test South")
    expect(rows.nth(1)).to_contain_text("26-CR-4202")
    expect(page.get_by_text("2 on this docket")).to_be_visible()
    _no_sideways_scroll(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    header = page.get_by_role("columnheader", name="Docket no.")
    expect(header).to_be_visible()  # a table again, not cards
    page.get_by_role("link", name="Record result for Test North").click()
    expect(page.get_by_role("heading", level=1, name="Hearing result")).to_be_visible()
    page.get_by_label("Appearance").select_option(label="Appeared")
    page.get_by_label("Outcome").fill("Continued in phase 1; praised for 30 clean days")
    page.get_by_role("button", name="Save result").click()
    expect(page.get_by_text("Result recorded for Test North.")).to_be_visible()
    expect(rows.nth(0)).to_contain_text("Appeared · Continued in phase 1")

    saved = Hearing.objects.get(court=court, local_date=thursday)
    assert (saved.local_time, saved.room, saved.status) == (dt.time(9), "Courtroom 3B", "held")
    entries = DocketEntry.objects.filter(hearing=saved).order_by("participant__last_name")
    assert [(e.participant.last_name, e.case and e.case.docket_number) for e in entries] == [
        ("North", "26-CR-4101"),
        ("South", "26-CR-4202"),
    ]
    assert entries[0].appearance == "appeared" and entries[0].recorded_by == supervisor
