"""Issue 7: a peer, on a phone, finds a meeting tonight near a participant and refers them to
it with a warm hand-off, then records that they attended.

The peer opens the drug-court finder, taps "Tonight after 6", chooses Test North (on the peer's
team) and 5 miles: the 18:30 meeting in Test North's ZIP code is found; one tonight 30 miles away
and one nearby on another weekday are not. "Refer Test North" on that result opens a new
referral with the meeting filled in as an off-directory place; the peer marks the warm hand-off
and saves. The referral is dated yesterday (they agreed on it the day before), so the attendance
recorded today is 1 day to first attendance, which a missing date could not show.

Time of day: "tonight" runs from max(now, 18:00) to midnight in the program's zone, so an 18:30
meeting is in it only before 18:30 there. The program keeps America/New_York while it is before
17:00 in New York; otherwise (17:00 to midnight there) the test moves the program to Asia/Tokyo,
where it is then 06:00 to 14:00. Either way "tonight" is hours away and no midnight is crossed
while the test runs; "today" and the weekdays are the program's local ones.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from missioncj.care.tests.browser.conftest import sign_in
from missioncj.conftest import World
from missioncj.core.models import AuditEvent
from missioncj.linkage.models import Referral
from missioncj.linkage.tests.meeting_factories import HARBOR, meeting, north_of
from missioncj.participants.models import Address
from missioncj.programs.models import Program

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _zone_before_evening(program: Program) -> zoneinfo.ZoneInfo:
    """The program's zone if it is before 17:00 there, else Asia/Tokyo (see the module note)."""
    if timezone.now().astimezone(program.zone).hour >= 17:
        Program.objects.filter(pk=program.pk).update(time_zone="Asia/Tokyo")
        program.refresh_from_db()
    zone = program.zone
    assert timezone.now().astimezone(zone).hour < 17, zone
    return zone


def _no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"scrolls sideways: {widths}"


def test_peer_finds_a_meeting_tonight_and_refers_with_a_warm_handoff(
    new_page: Callable[..., Page], world: World, demo_mode: None
) -> None:
    program, peer, person = world.drug, world.user("peer"), world.north_person
    zone = _zone_before_evening(program)
    today = timezone.now().astimezone(zone).date()
    yesterday = today - dt.timedelta(days=1)
    far = north_of(HARBOR, 30)
    here = {"time_zone": str(zone), "postal_code": "02840"}
    meeting(program, name="Harbor Tonight", weekday=today.weekday(), start_time="18:30", **here)
    meeting(
        program, name="Uptown Tonight", weekday=today.weekday(), start_time="19:00",
        time_zone=str(zone), postal_code="02901", latitude=far[0], longitude=far[1],
    )  # fmt: skip
    other_day = (today.weekday() + 3) % 7
    meeting(program, name="Harbor Later This Week", weekday=other_day, start_time="18:30", **here)
    Address.objects.create(
        participant=person, line1="5 Bay Rd", city="Newport", state="RI", postal_code="02840"
    )

    page = new_page(**PHONE)
    sign_in(page, peer)
    page.goto(f"/programs/{program.public_id}/finder/")
    expect(page.get_by_role("heading", level=1, name="Find a meeting or service")).to_be_visible()
    page.get_by_role("navigation", name="Quick times").get_by_role(
        "link", name="Tonight after 6"
    ).click()
    expect(page.get_by_role("link", name="Tonight after 6")).to_have_attribute(
        "aria-current", "true"
    )
    page.get_by_label("Near (participant)").select_option(label="Test North")
    page.get_by_label("Within (miles)").fill("5")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", level=2)).to_have_text(
        "1 found · Tonight after 6 · near Test North's ZIP code 02840 (approximate)"
    )
    results = page.locator("ol.results > li.result")
    expect(results).to_have_count(1)
    found = results.first
    expect(found.get_by_role("heading", level=3)).to_have_text("Harbor Tonight")
    expect(found.locator(".when")).to_have_text(f"{today:%a} {today.day} {today:%b}, 6:30 PM")
    expect(found).to_contain_text("12 Elm St, Newport · 0.0 mi")
    for name in ("Uptown Tonight", "Harbor Later This Week"):
        expect(page.get_by_role("heading", name=name)).to_have_count(0)
    _no_sideways_scroll(page)

    found.get_by_role("link", name="Refer Test North").click()
    expect(page.get_by_role("heading", level=1, name="New referral")).to_be_visible()
    expect(page.get_by_label("Place (off-directory)")).to_have_value("Harbor Tonight")
    weekday = today.strftime("%A")
    expect(page.get_by_label("How to reach the place")).to_have_value(
        f"{weekday}s at 6:30 PM · 12 Elm St, Newport"
    )
    expect(page.get_by_label("Referred on")).to_have_value(today.isoformat())
    page.get_by_label("Need:", exact=True).select_option(label="Recovery community center")
    page.get_by_label("Warm hand-off: the peer goes along").check()
    page.get_by_label("Referred on").fill(yesterday.isoformat())
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Refer").click()

    expect(page.get_by_text("Referral recorded.")).to_be_visible()
    expect(
        page.get_by_role("heading", level=1, name="Recovery community center referral")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="To Harbor Tonight")).to_be_visible()
    expect(page.get_by_text("Warm hand-off (the peer goes along)")).to_be_visible()
    page.get_by_label("New status").select_option(label="Attended")
    expect(page.get_by_label("On:", exact=True)).to_have_value(today.isoformat())
    page.get_by_label("Confirmed by:", exact=True).select_option(label="The peer")
    page.get_by_label("Note:", exact=True).fill("Went along; stayed to the end.")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Referral is now attended.")).to_be_visible()
    expect(page.locator(".status")).to_have_text("Attended")
    expect(page.locator("p", has_text="First attended:")).to_have_text(
        f"Referred: {yesterday.day} {yesterday:%b %Y} · "
        f"First attended: {today.day} {today:%b %Y} (1 day)"
    )
    steps = page.locator("ol.steps > li")
    expect(steps).to_have_count(2)
    expect(steps.nth(0)).to_contain_text(f"Referred · {yesterday.day} {yesterday:%b %Y}")
    expect(steps.nth(1)).to_contain_text(f"Attended · {today.day} {today:%b %Y}")
    expect(steps.nth(1)).to_contain_text(
        "Confirmed by the peer · recorded by Pat Peer · Went along; stayed to the end."
    )
    _no_sideways_scroll(page)

    page.get_by_role("link", name="← Referrals · Test North").click()
    row = page.locator("table.referrals tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td")).to_have_text(
        [
            f"{yesterday.day} {yesterday:%b %Y}",
            "Recovery community center · warm hand-off",
            "Harbor Tonight",
            f"Attended since {today.day} {today:%b %Y}",
            "1",
        ]
    )

    referral = Referral.objects.get(participant=person)
    assert referral.service is None and referral.place_name == "Harbor Tonight"
    assert referral.place_contact == f"{weekday}s at 6:30 PM · 12 Elm St, Newport"
    assert (referral.need, referral.status, referral.warm_handoff) == (
        "recovery_center",
        "attended",
        True,
    )
    assert (referral.referred_on, referral.first_attended_on) == (yesterday, today)
    assert referral.days_to_attendance == 1
    assert referral.created_by == peer
    assert [
        (s.status, s.on, s.confirmed_by, s.recorded_by) for s in referral.steps.order_by("pk")
    ] == [("referred", yesterday, "staff", peer), ("attended", today, "peer", peer)]
    created = AuditEvent.objects.get(action="referral.create", actor=peer)
    assert created.after is not None and created.after["warm_handoff"] is True
    assert created.subject_public_id == str(referral.public_id)
    moved = AuditEvent.objects.get(action="referral.step", actor=peer)
    assert moved.participant_public_id == person.public_id
    assert moved.before is not None and moved.after is not None
    assert (moved.before["status"], moved.after["status"]) == ("referred", "attended")
    assert moved.after["step"]["confirmed_by"] == "peer"
    assert AuditEvent.objects.filter(
        action="finder.participant_address", actor=peer, participant_public_id=person.public_id
    ).exists()
