"""The new-referral form shows possible matches as soon as name and date of birth are in
(htmx), and creates the referral once the user confirms a new person."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from missioncj.care.tests.browser.conftest import sign_in
from missioncj.conftest import World
from missioncj.participants.models import Participant

pytestmark = pytest.mark.browser


def test_possible_matches_appear_while_typing(page: Page, world: World, demo_mode: None) -> None:
    sign_in(page, world.user("casemanager"))
    page.goto("/participants/new/")
    page.get_by_label("First name").fill("Tess")
    page.get_by_label("Last name").fill("Nort")
    page.get_by_label("Date of birth").fill("1990-05-17")
    page.get_by_label("Date of birth").blur()

    box = page.locator("#possible-matches")
    expect(box.get_by_role("heading", name="Possible matches already on file")).to_be_visible()
    expect(box.get_by_role("link", name="Test North")).to_be_visible()
    expect(box).to_contain_text("same date of birth")
    expect(box).not_to_contain_text("Test South")  # another team's: not the case manager's

    page.get_by_label("Program and team").select_option(label="Drug Court · Team North")
    page.get_by_label("Referral date").fill((dt.date.today() - dt.timedelta(days=3)).isoformat())
    box.get_by_label("This is a new person, not one of the possible matches").check()
    page.get_by_role("button", name="Add participant").click()

    expect(page.get_by_role("heading", level=1, name="Tess Nort")).to_be_visible()
    assert Participant.objects.filter(first_name="Tess", last_name="Nort").count() == 1
