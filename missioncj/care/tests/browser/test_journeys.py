"""Browser journeys through the real pages in headless Chromium (Playwright, live server)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from missioncj.care.models import Contact
from missioncj.care.tests.browser.conftest import enter_totp, sign_in
from missioncj.conftest import PASSWORD, World
from missioncj.participants.models import EpisodeStatus, Participant

pytestmark = pytest.mark.browser

# Inputs that have no accessible name: no <label>, aria-label or aria-labelledby.
UNLABELLED_JS = """els => els
    .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                 && !e.getAttribute('aria-labelledby'))
    .map(e => e.name || e.id || e.outerHTML)"""


def labelled(scope: Page | Locator, text: str) -> Locator:
    """The control whose label is exactly `text` (Django adds a ":" suffix to labels)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(text)}:?$"))


def days_ago(days: int) -> str:
    # A few days back keeps every date in the past in any program time zone.
    return (dt.date.today() - dt.timedelta(days=days)).isoformat()


def change_status(page: Page, choice: str, on: str) -> None:
    episode = page.locator(".episode")
    episode.get_by_text("Change status").click()
    labelled(episode, "Change").select_option(label=choice)
    labelled(episode, "Date").fill(on)
    episode.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Episode updated.")


def contact_entry(page: Page, note: str) -> Locator:
    return page.locator(".timeline .entry-contact").filter(has_text=note)


def test_case_manager_journey(page: Page, world: World, demo_mode: None) -> None:
    sign_in(page, world.user("casemanager"))
    expect(page.get_by_role("heading", level=1, name="My caseload")).to_be_visible()
    caseload = page.get_by_role("table")
    expect(caseload.get_by_role("link", name="Test North")).to_be_visible()
    expect(caseload).not_to_contain_text("Test South")  # another team's participant

    # A new referral, with every required field and an identifier.
    page.get_by_role("main").get_by_role("link", name="New referral").click()
    expect(page.get_by_role("heading", level=1, name="New referral")).to_be_visible()
    page.get_by_label("First name").fill("Avery")
    page.get_by_label("Last name").fill("Browser")
    page.get_by_label("Date of birth").fill("1988-03-14")
    page.get_by_label("Program and team").select_option(label="Drug Court · Team North")
    page.get_by_label("Referral date").fill(days_ago(10))
    page.get_by_label("Identifier type").select_option(label="Court docket number")
    labelled(page, "Identifier").fill("26CR7777")
    page.get_by_role("button", name="Add participant").click()

    expect(page.get_by_role("heading", level=1, name="Avery Browser")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Avery Browser was added as a referral.")
    expect(page.get_by_text("Court docket number: 26CR7777")).to_be_visible()
    status = page.locator(".episode .status")
    expect(status).to_have_text("Referred")

    # Screening, then enrollment, through the episode status form on the page.
    change_status(page, "Start screening", days_ago(6))
    expect(status).to_have_text("Screening")
    change_status(page, "Enroll", days_ago(3))
    expect(status).to_have_text("Enrolled")
    expect(page.locator(".episode")).to_contain_text("enrolled")

    # Log a contact; its note shows on the timeline.
    note = "Met at the library; talked through housing options and the next court date."
    page.get_by_role("link", name="Log a contact").click()
    expect(page.get_by_role("heading", level=1, name="Log a contact")).to_be_visible()
    page.get_by_label("Minutes").fill("45")
    labelled(page, "How").select_option(label="In person")
    labelled(page, "Where").select_option(label="Community")
    page.get_by_label("Critical Time Intervention").check()
    page.get_by_label("Peer support").check()
    labelled(page, "Note").fill(note)
    page.get_by_role("button", name="Save contact").click()

    expect(page.get_by_role("status")).to_contain_text("Contact saved.")
    expect(contact_entry(page, note)).to_have_count(1)
    expect(contact_entry(page, note).locator(".body")).to_have_text(note)

    # An addendum on the signed note.
    addendum = "Correction: the court date moved to Thursday."
    entry = contact_entry(page, note)
    entry.get_by_text("Add addendum").click()
    entry.get_by_label("Addendum").fill(addendum)
    entry.get_by_role("button", name="Save addendum").click()
    expect(page.get_by_role("status")).to_contain_text("Addendum added.")
    expect(contact_entry(page, note).locator(".addendum")).to_contain_text(addendum)

    person = Participant.objects.get(last_name="Browser")
    assert person.episodes.get().status == EpisodeStatus.ENROLLED
    contact = Contact.objects.get(participant=person)
    assert contact.note == note and contact.duration_minutes == 45
    assert contact.addenda.get().text == addendum


def test_empty_referral_shows_field_errors_and_creates_nothing(
    page: Page, world: World, demo_mode: None
) -> None:
    sign_in(page, world.user("casemanager"))
    page.goto("/participants/new/")
    page.get_by_role("button", name="Add participant").click()

    expect(page.get_by_role("heading", level=1, name="New referral")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/participants/new/$"))
    for name in ("first_name", "last_name", "date_of_birth", "referral_date"):
        field = page.locator(".field").filter(has=page.locator(f"#id_{name}"))
        expect(field).to_have_class(re.compile(r"\bhas-error\b"))
        expect(field.locator(".field-errors")).to_have_text("This field is required.")
        expect(page.locator(f"#id_{name}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field-errors")).to_have_count(4)
    assert Participant.objects.count() == 3


def test_phone_width(new_page: Callable[..., Page], world: World, demo_mode: None) -> None:
    page = new_page(
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )

    def assert_fits_and_tappable() -> None:
        overflow = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert overflow[0] <= overflow[1], f"scrolls sideways at {page.url}: {overflow}"
        primaries = page.locator(".primary:visible")
        assert primaries.count() > 0
        for i in range(primaries.count()):
            box = primaries.nth(i).bounding_box()
            assert box is not None and box["height"] >= 44, (primaries.nth(i), box)

    sign_in(page, world.user("casemanager"))
    expect(page.get_by_role("heading", level=1, name="My caseload")).to_be_visible()
    assert_fits_and_tappable()

    page.get_by_role("link", name="Test North").click()
    log_contact = page.get_by_role("link", name="Log a contact")
    expect(log_contact).to_be_visible()
    expect(log_contact).to_be_in_viewport()
    assert_fits_and_tappable()

    log_contact.click()
    expect(page.get_by_role("button", name="Save contact")).to_be_visible()
    assert_fits_and_tappable()


def test_keyboard_skip_link_landmark_and_labels(page: Page, world: World, demo_mode: None) -> None:
    sign_in(page, world.user("casemanager"))
    page.goto("/")
    skip = page.get_by_role("link", name="Skip to content")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is inside main, past the navigation
    expect(page.get_by_role("main").get_by_role("link", name="New referral")).to_be_focused()
    expect(page.get_by_role("main")).to_have_count(1)

    page.goto("/participants/new/")
    expect(page.get_by_role("main")).to_have_count(1)
    fields = page.locator("main").locator("input:visible, select:visible, textarea:visible")
    assert fields.count() >= 10
    assert fields.evaluate_all(UNLABELLED_JS) == []

    page.goto(f"/participants/{world.north_person.public_id}/contacts/new/")
    expect(page.get_by_role("main")).to_have_count(1)
    fields = page.locator("main").locator("input:visible, select:visible, textarea:visible")
    assert fields.count() >= 10
    assert fields.evaluate_all(UNLABELLED_JS) == []


def test_out_of_scope_participant_is_not_found(page: Page, world: World, demo_mode: None) -> None:
    sign_in(page, world.user("outsider"))
    person = world.north_person.public_id
    for url in (f"/participants/{person}/", f"/participants/{person}/contacts/new/"):
        response = page.goto(url)
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", name="Not Found")).to_be_visible()
        expect(page.locator("body")).not_to_contain_text("North")


def test_search_updates_results_in_place(page: Page, world: World, demo_mode: None) -> None:
    sign_in(page, world.user("casemanager"))
    page.goto("/participants/")
    page.evaluate("window.loadedOnce = true")  # gone if the page reloads
    with page.expect_response(
        lambda r: "q=Nor" in r.url and r.request.headers.get("hx-request") == "true"
    ):
        page.get_by_label("Name or identifier").press_sequentially("Nor", delay=30)
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Test North")).to_be_visible()
    expect(results).to_contain_text("1 found")
    assert page.evaluate("window.loadedOnce") is True
    expect(page).to_have_url(re.compile(r"/participants/\?q=Nor$"))


def test_sign_in_with_totp_when_mfa_required(page: Page, world: World, settings: Any) -> None:
    settings.MISSIONCJ_DEMO = False
    settings.MISSIONCJ_MFA_REQUIRED = True
    user = world.user("casemanager")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    page.locator("input[name=login]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    enter_totp(page, user)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1, name="My caseload")).to_be_visible()
    expect(page.get_by_role("table").get_by_role("link", name="Test North")).to_be_visible()
    expect(page.locator(".demo-banner")).to_have_count(0)
