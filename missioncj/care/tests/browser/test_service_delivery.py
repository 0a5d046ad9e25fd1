"""Service delivery in the browser: a group recorded once shows on every member's dose and
timeline; the peer opens a safety plan from the caseload in one tap on a phone."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from missioncj.care.curricula_seed import DRT, PEER
from missioncj.care.models import SAFETY_STEPS, Attendance, AttendanceStatus, GroupSession
from missioncj.care.services.safety import save_safety_plan
from missioncj.care.tests.browser.conftest import sign_in
from missioncj.conftest import World, make_participant
from missioncj.participants.models import Participant

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3}
DRT_SESSION_1 = f"1. {DRT[0][0]}"
PEER_SESSION_1 = f"1. {PEER[0][0]}"


def labelled(scope: Page | Locator, text: str) -> Locator:
    """The control whose label is exactly `text` (Django adds a ":" suffix to labels)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(text)}:?$"))


def drt_dose(page: Page, person: Participant) -> Locator:
    """The DRT line of the "CTI phase and dose" panel on the participant's page."""
    page.goto(f"/participants/{person.public_id}/")
    expect(page.get_by_role("heading", level=1, name=person.display_name)).to_be_visible()
    panel = page.get_by_role("region", name="CTI phase and dose")
    return panel.locator(".dose-lines li > span").filter(has_text=re.compile(r"^DRT "))


def assert_no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"scrolls sideways at {page.url}: {widths}"


def test_case_manager_records_a_drt_group_and_sees_each_dose(
    page: Page, world: World, demo_mode: None
) -> None:
    casemanager = world.user("casemanager")
    others = [
        make_participant(casemanager, world.drug, world.north, last)
        for last in ("Alder", "Birch", "Cedar", "Dogwood")
    ]
    members: list[Participant] = [*others, world.north_person]
    absent = others[3]
    present = [p for p in members if p != absent]
    absent_note = "Called in sick; offered a make-up."

    sign_in(page, casemanager)
    for person in members:
        expect(drt_dose(page, person)).to_have_text("DRT 0/13 sessions")

    # Groups → Record a group.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Groups").click()
    expect(page.get_by_role("heading", level=1, name="Groups")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Record a group").first.click()
    expect(page.get_by_role("heading", level=1, name="Record a group")).to_be_visible()

    # Choosing a curriculum reloads its sessions in place; go via the peer curriculum and back.
    curriculum = labelled(page, "Curriculum")
    session = labelled(page, "Session")
    curriculum.select_option(label="Peer recovery curriculum (Drug Court)")
    expect(session.locator("option").first).to_have_text(PEER_SESSION_1)
    curriculum.select_option(label="Dual Recovery Therapy (Drug Court)")
    expect(session.locator("option").first).to_have_text(DRT_SESSION_1)
    expect(session.locator("option")).to_have_count(13)

    session.select_option(label=DRT_SESSION_1)
    when = dt.date.today() - dt.timedelta(days=3)  # past in every zone, after enrollment
    labelled(page, "Date and time").fill(f"{when.isoformat()}T10:00")
    labelled(page, "Minutes").fill("90")
    labelled(page, "Where").fill("Courthouse annex, room 2")
    facilitators = page.get_by_role("group", name="Facilitators")
    expect(facilitators.get_by_label(str(casemanager))).to_be_checked()

    for person in members:
        card = page.get_by_role("group", name=person.display_name, exact=True)
        card.get_by_label("Absent" if person == absent else "Present", exact=True).check()
    labelled(page, f"Note for {absent.display_name} (optional)").fill(absent_note)
    page.get_by_role("button", name="Save group").click()

    expect(page.get_by_role("status")).to_contain_text("Group saved: 5 member(s) recorded.")
    title = f"Dual Recovery Therapy · session 1: {DRT[0][0]}"
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()

    for person in members:
        status = "Absent" if person == absent else "Present"
        expect(drt_dose(page, person)).to_have_text(
            "DRT 0/13 sessions" if person == absent else "DRT 1/13 sessions"
        )
        entry = page.locator(".timeline .entry-group")
        expect(entry).to_have_count(1)
        expect(entry.locator(".title")).to_have_text(f"{title} — {status}")
        if person == absent:
            expect(entry.locator(".body")).to_have_text(absent_note)
        else:
            expect(entry.locator(".body")).to_have_count(0)

    group = GroupSession.objects.get()
    assert group.session_number == 1 and group.duration_minutes == 90
    assert group.curriculum.kind == "drt" and group.program == world.drug
    rows = Attendance.objects.filter(group_session=group)
    assert rows.count() == Attendance.objects.count() == 5
    assert {r.participant_id: r.status for r in rows} == {
        **{p.pk: AttendanceStatus.PRESENT for p in present},
        absent.pk: AttendanceStatus.ABSENT,
    }
    assert rows.get(participant=absent).note == absent_note


def test_peer_opens_safety_plan_from_caseload_in_one_tap_on_a_phone(
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
    page = new_page(**PHONE, is_mobile=True, has_touch=True)
    sign_in(page, world.user("peer"))
    expect(page.get_by_role("heading", level=1, name="My caseload")).to_be_visible()
    assert_no_sideways_scroll(page)

    row = page.locator(".caseload tbody tr").filter(
        has=page.get_by_role("link", name=world.north_person.display_name, exact=True)
    )
    link = row.get_by_role("link", name="Safety plan", exact=True)
    expect(link).to_have_count(1)
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None and box["height"] >= 44, box  # a thumb-sized target
    link.tap()  # one tap

    expect(page.get_by_role("heading", level=1, name="Safety plan")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/participants/{world.north_person.public_id}/"))
    for _, heading in SAFETY_STEPS:
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    crisis = page.get_by_role("link", name="988 Suicide & Crisis Lifeline — call or text 988")
    expect(crisis).to_have_attribute("href", "tel:988")
    expect(crisis).to_be_in_viewport()
    assert_no_sideways_scroll(page)
