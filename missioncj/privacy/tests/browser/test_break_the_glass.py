"""A supervisor who is not on a restricted participant's team opens the record by its URL, gets
the "Restricted record" mask, breaks the glass with a reason and OPEN, and reads the record under
the break-the-glass banner; the director finds the opening on the work queue, still masked."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from missioncj.care.tests.browser.conftest import sign_in
from missioncj.conftest import World
from missioncj.participants.models import BreakGlassGrant
from missioncj.privacy.services.restricted import restrict_participant

pytestmark = pytest.mark.browser

REASON = "Participant in crisis at the ER and the team cannot be reached"


def test_break_the_glass_and_the_directors_review_queue(
    new_page: Callable[..., Page], world: World, demo_mode: None
) -> None:
    person = world.north_person
    restrict_participant(actor=world.user("director"), participant=person, reason="Staff relative")
    url = f"/participants/{person.public_id}/"

    page = new_page()
    supervisor = world.user("supervisor")
    sign_in(page, supervisor)
    page.goto(url)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Restricted record")
    expect(main.get_by_role("heading", name="Break the glass")).to_be_visible()
    expect(main).not_to_contain_text("North")
    expect(main).not_to_contain_text("17 May 1990")
    expect(main).not_to_contain_text(person.identifiers.get().value)
    expect(page.locator(".break-glass-banner")).to_have_count(0)

    # Too short a reason and no confirmation: refused next to the fields, nothing opened.
    page.get_by_label("Why do you need this record now?").fill("need it")
    page.get_by_role("button", name="Open the restricted record").click()
    expect(page.locator(".field-errors")).not_to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text("Restricted record")
    assert not BreakGlassGrant.objects.exists()

    page.get_by_label("Why do you need this record now?").fill(REASON)
    page.get_by_label("Type OPEN to confirm").fill("OPEN")
    page.get_by_role("button", name="Open the restricted record").click()
    expect(page).to_have_url(url)
    expect(page.get_by_role("heading", level=1, name="Test North")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("You opened a restricted record.")
    banner = page.locator(".break-glass-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Break-the-glass access.")
    expect(banner).to_contain_text(f"for: “{REASON}”; access ends at")
    grant = BreakGlassGrant.objects.get()
    assert (grant.user, grant.participant, grant.reason) == (supervisor, person, REASON)
    assert grant.reviewed_at is None

    director = new_page()
    sign_in(director, world.user("director"))
    director.get_by_role("link", name="Work queue").click()
    expect(director.get_by_role("heading", level=1, name="Work queue")).to_be_visible()
    review = director.locator("li.alert-break_glass_review")
    expect(review).to_have_count(1)
    expect(review).to_contain_text("Break-the-glass review")
    expect(review).to_contain_text("Sam Supervisor opened a restricted record at")
    expect(review).to_contain_text(REASON)
    expect(review).not_to_contain_text("North")
    expect(review.get_by_role("link", name="Review")).to_have_attribute(
        "href", "/privacy/restricted/"
    )
