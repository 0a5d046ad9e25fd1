"""A supervisor asks who has seen a participant's record: from the participant page to the
audit report filtered to that person, reads what a case manager changed, turns the order round,
downloads the rows as CSV, and — on a phone — reads the same rows as cards. The system
administrator's report of the same person shows no name and nothing of what changed."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from missioncj.care.tests.browser.conftest import sign_in
from missioncj.conftest import World
from missioncj.core.models import AuditKind
from missioncj.privacy.tests.audit_helpers import write_events

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_supervisor_finds_who_has_seen_a_record(
    new_page: Callable[..., Page], world: World, demo_mode: None
) -> None:
    person = world.north_person
    write_events(
        timezone.now(),
        1,
        actor=world.user("peer"),
        participant=person,
        action="participant.update",
        kind=AuditKind.UPDATE,
        after={"preferred_name": "Nicky"},
    )
    page = new_page()
    sign_in(page, world.user("supervisor"))
    page.goto(f"/participants/{person.public_id}/")
    page.get_by_role("link", name="Who has seen this record").click()
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Audit report")
    expect(main.locator(".about")).to_contain_text("Test North")
    rows = main.locator("tr[data-event]")
    expect(rows.first).to_be_visible()
    update = rows.filter(has_text="participant.update")
    expect(update).to_contain_text("Pat Peer")
    update.get_by_text("Before and after").click()
    expect(update.locator("pre")).to_contain_text('"preferred_name": "Nicky"')
    # The supervisor's own visit to the participant page is on the report too.
    expect(
        rows.filter(has_text="participant.read").filter(has_text="Sam Supervisor")
    ).not_to_have_count(0)
    oldest = rows.last.get_attribute("data-event")  # fewer than a page: the oldest is last
    page.get_by_role("link", name="newest first").click()
    expect(page.get_by_role("link", name="oldest first")).to_be_visible()
    expect(rows.first).to_have_attribute("data-event", oldest or "")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    with open(info.value.path(), encoding="utf-8-sig") as handle:
        got = list(csv.DictReader(io.StringIO(handle.read())))
    assert {r["participant_name"] for r in got} == {"Test North"}
    assert any(r["action"] == "participant.update" and "Nicky" in r["after"] for r in got)

    phone = new_page(**PHONE)
    sign_in(phone, world.user("director"))
    phone.goto(f"/privacy/audit/?participant={person.public_id}")
    card = phone.locator("tr[data-event]").filter(has_text="participant.update")
    expect(card.locator("td[data-label=User]")).to_be_visible()
    box = card.bounding_box()
    assert box is not None and box["width"] <= 390

    admin = new_page()
    sign_in(admin, world.user("admin"))
    admin.goto(f"/privacy/audit/?participant={person.public_id}")
    main = admin.get_by_role("main")
    expect(main.locator("tr[data-event]").first).to_be_visible()
    expect(main).not_to_contain_text("Test North")
    expect(main).not_to_contain_text("Nicky")
    expect(main).to_contain_text(str(person.public_id))
