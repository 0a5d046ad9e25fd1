"""The court coordinator, on a phone, signs in and lands on their own pages: the count and the
upcoming docket show only the participant whose consent names the court team; searching for
someone else finds nothing; the consented participant's page has only the consented sections."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from missioncj.care.tests.browser.conftest import sign_in
from missioncj.conftest import World
from missioncj.court.models import Court, CourtCase, CourtSeat, Seat
from missioncj.court.services.docket_entries import add_to_docket
from missioncj.court.services.hearings import court_today
from missioncj.privacy.models import Category, Disclosure
from missioncj.privacy.tests.packet_helpers import hearing

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
COUNT = "1 participant with a consent naming you"


def _no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"scrolls sideways at {page.url}: {widths}"


def test_court_partner_sees_only_the_consented_participant(
    new_page: Callable[..., Page],
    world: World,
    drug_court: Court,
    north_case: CourtCase,
    south_case: CourtCase,
    coordinator_seat: CourtSeat,
    consent,
    demo_mode: None,
) -> None:
    consent(north_case, categories=[Category.ATTENDANCE, Category.DRUG_TESTS])
    next_week = hearing(drug_court, court_today(drug_court) + dt.timedelta(days=7))
    for person in (world.north_person, world.south_person):
        add_to_docket(actor=world.user("supervisor"), hearing=next_week, participant=person)

    page = new_page(**PHONE)
    sign_in(page, world.user("court"))
    expect(page).to_have_url(re.compile(r"/partner/$"))
    expect(page.get_by_role("heading", level=1, name="My courts")).to_be_visible()
    expect(page.get_by_text(f"Harbor Drug Court · {Seat.COORDINATOR.label}")).to_be_visible()
    expect(page.get_by_role("link", name=COUNT)).to_be_visible()
    upcoming = page.get_by_role("region", name="Upcoming docket")
    expect(upcoming.get_by_role("listitem").filter(has_text="Status hearing")).to_have_count(1)
    expect(upcoming.get_by_role("link")).to_have_text(["Test North"])
    expect(page.get_by_role("main")).not_to_contain_text("South")
    expect(page.get_by_role("note", name="Redisclosure notice")).to_contain_text("Confidential.")
    _no_sideways_scroll(page)

    search = page.get_by_role("searchbox", name="Find a participant by name or docket number")
    search.fill("South")
    page.get_by_role("button", name="Find").tap()
    expect(page.get_by_role("heading", level=1, name="Participants")).to_be_visible()
    expect(
        page.get_by_text("No participant with a consent naming you matches “South”.")
    ).to_be_visible()
    expect(page.locator(".count")).to_contain_text(COUNT)
    expect(page.locator(".count")).to_contain_text("0 found")
    expect(page.get_by_role("table")).to_have_count(0)
    expect(page.get_by_role("main")).not_to_contain_text(south_case.docket_number)

    search = page.get_by_role("searchbox", name="Find a participant by name or docket number")
    search.fill("North")
    page.get_by_role("button", name="Find").tap()
    expect(page.locator(".count")).to_contain_text("1 found")
    expect(page.get_by_role("table").get_by_role("link")).to_have_text(["Test North"])
    _no_sideways_scroll(page)
    page.get_by_role("link", name="Test North").tap()

    expect(page.get_by_role("heading", level=1, name="Test North")).to_be_visible()
    expect(page.get_by_text(f"Docket {north_case.docket_number}")).to_be_visible()
    sections = page.locator("section.category h2")
    expect(sections).to_have_text(["Attendance and contacts", "Drug and alcohol test results"])
    for other in (Category.PHASE, Category.RESPONSES, Category.ASSESSMENTS, Category.PLAN):
        expect(page.get_by_role("heading", name=str(other.label))).to_have_count(0)
    expect(page.get_by_role("heading", name="The consent this rests on")).to_be_visible()
    _no_sideways_scroll(page)

    assert not Disclosure.objects.filter(participant=world.south_person).exists()
    shown = Disclosure.objects.filter(participant=world.north_person, channel="page")
    granted = [sorted(d.categories) for d in shown if d.categories]
    assert granted == [sorted([Category.ATTENDANCE, Category.DRUG_TESTS])]
