"""The peer, on a phone, opens a participant's safety plan from the participant page in one tap."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from missioncj.care.models import SAFETY_STEPS
from missioncj.care.services.safety import save_safety_plan
from missioncj.care.tests.browser.conftest import sign_in
from missioncj.conftest import World

pytestmark = pytest.mark.browser


def test_peer_opens_safety_plan_in_one_tap_on_a_phone(
    new_page: Callable[..., Page], world: World, demo_mode: None
) -> None:
    save_safety_plan(
        actor=world.user("casemanager"),
        participant=world.north_person,
        warning_signs="Not sleeping, staying in my room",
        internal_coping="Walk the dog; music",
        social_distractions="Coffee shop on Main",
        people_to_ask="Mom (555) 201-3344",
        professionals="Peer Sam 555-201-0000",
        safe_environment="Medicines kept by Mom",
    )
    page = new_page(
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    sign_in(page, world.user("peer"))
    page.get_by_role("table").get_by_role("link", name="Test North").click()
    expect(page.get_by_role("heading", level=1, name="Test North")).to_be_visible()

    button = page.get_by_role("link", name="Safety plan", exact=True)
    expect(button).to_have_count(1)
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44, box
    button.tap()  # one tap

    expect(page.get_by_role("heading", level=1, name="Safety plan")).to_be_visible()
    for _, heading in SAFETY_STEPS:
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    crisis = page.get_by_role("link", name="988 Suicide & Crisis Lifeline — call or text 988")
    expect(crisis).to_have_attribute("href", "tel:988")
    expect(crisis).to_be_in_viewport()
    expect(page.get_by_role("link", name="(555) 201-3344")).to_have_attribute(
        "href", "tel:5552013344"
    )
    overflow = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"scrolls sideways: {overflow}"
