"""On a phone, the case manager records a criminal-justice consent naming the court team and
signs it by drawing on the signature pad with a finger (touch) and a mouse stroke; saving
without a drawing first shows the field's message and saves nothing."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from collections.abc import Callable

import pytest
from PIL import Image
from playwright.sync_api import FloatRect, Locator, Page, expect

from missioncj.care.tests.browser.conftest import sign_in
from missioncj.conftest import World
from missioncj.court.models import CourtCase
from missioncj.privacy.models import Category, Consent, ConsentKind, RecipientKind, SignatureKind

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PNG_URL = "data:image/png;base64,"
ENDS_ON = (dt.date.today() + dt.timedelta(days=365)).isoformat()  # within the five years
EMPTY_CANVAS_JS = """() => {
    const c = document.createElement('canvas');
    c.width = 600; c.height = 200;
    return c.toDataURL('image/png');
}"""


def labelled(page: Page, text: str) -> Locator:
    """The control whose label is exactly `text` (Django adds a ":" suffix to labels)."""
    return page.get_by_label(re.compile(rf"^{re.escape(text)}:?$"))


def _png(data_url: str) -> bytes:
    assert data_url.startswith(PNG_URL), data_url[:40]
    return base64.b64decode(data_url[len(PNG_URL) :], validate=True)


def _centre(canvas: Locator) -> FloatRect:
    """Scroll the pad to the middle of the screen (clear of the sticky Save bar); its box."""
    canvas.evaluate("c => c.scrollIntoView({block: 'center'})")
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 300, box
    return box


def _finger_stroke(page: Page, box: FloatRect) -> None:
    """A finger drawing a zig-zag: touchStart, touchMoves, touchEnd (Chromium turns these into
    pointer events of type "touch", as on a real phone)."""
    cdp = page.context.new_cdp_session(page)
    left, top, width, height = box["x"], box["y"], box["width"], box["height"]
    points = [
        (left + width * (0.1 + 0.05 * i), top + height * (0.3 if i % 2 else 0.7)) for i in range(8)
    ]
    x, y = points[0]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for x, y in points[1:]:
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]}
        )
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def _mouse_stroke(page: Page, box: FloatRect) -> None:
    """A second stroke with a mouse (or stylus): an underline across the right half."""
    y = box["y"] + box["height"] * 0.85
    page.mouse.move(box["x"] + box["width"] * 0.5, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.9, y, steps=12)
    page.mouse.up()


def _fill_the_form(page: Page, case: CourtCase) -> None:
    case_label = f"{case.docket_number} · {case.court.name} ({case.get_status_display().lower()})"
    labelled(page, "Court case").select_option(label=case_label)
    page.get_by_label(f"The whole {case.court.name} team").check()
    page.get_by_role("checkbox", name=re.compile(rf"^{Category.ATTENDANCE.label}\b")).check()
    page.get_by_role("checkbox", name=re.compile(rf"^{Category.DRUG_TESTS.label}\b")).check()
    labelled(page, "Ends on").fill(ENDS_ON)
    expect(labelled(page, "Signer's full name")).to_have_value("Test North")
    expect(page.get_by_role("radio", name="Drawn on screen")).to_be_checked()
    expect(page.locator("[data-signature=typed]")).to_be_hidden()


def test_consent_drawn_on_a_phone(
    new_page: Callable[..., Page], world: World, north_case: CourtCase, demo_mode: None
) -> None:
    page = new_page(**PHONE)
    sign_in(page, world.user("casemanager"))
    page.get_by_role("table").get_by_role("link", name="Test North").first.tap()
    expect(page.get_by_role("heading", level=1, name="Test North")).to_be_visible()
    panel = page.get_by_role("region", name="Consents")
    expect(panel).to_contain_text("No consent in force")
    panel.get_by_role("link", name="Record a consent or refusal").tap()
    page.get_by_role("link", name=ConsentKind.CRIMINAL_JUSTICE.label).tap()
    expect(
        page.get_by_role("heading", level=1, name=ConsentKind.CRIMINAL_JUSTICE.label)
    ).to_be_visible()
    _fill_the_form(page, north_case)

    # Saving without a drawing: the pad's own message, and nothing saved.
    page.get_by_role("button", name="Save").tap()
    pad_field = page.locator(".sig-drawn")
    expect(pad_field.locator(".field-errors")).to_have_text(
        "Draw the signature in the box before saving."
    )
    expect(pad_field).to_have_class(re.compile(r"\bhas-error\b"))
    assert not Consent.objects.exists()

    # The answers are kept; now sign with a finger, then a mouse stroke.
    expect(page.get_by_label(f"The whole {north_case.court.name} team")).to_be_checked()
    expect(labelled(page, "Ends on")).to_have_value(ENDS_ON)
    hidden = page.locator("#id_signature_image")
    expect(hidden).to_have_value("")
    canvas = page.locator(".sig-pad canvas")
    _finger_stroke(page, _centre(canvas))
    expect(hidden).to_have_value(re.compile(rf"^{re.escape(PNG_URL)}"))
    after_finger = hidden.input_value()
    _mouse_stroke(page, _centre(canvas))
    expect(hidden).not_to_have_value(after_finger)
    page.get_by_role("button", name="Save").tap()

    expect(page.get_by_role("status")).to_contain_text("Consent recorded.")
    consent = Consent.objects.get()
    assert consent.participant == world.north_person and consent.court_case == north_case
    assert consent.kind == ConsentKind.CRIMINAL_JUSTICE
    assert list(consent.categories) == [Category.ATTENDANCE, Category.DRUG_TESTS]
    assert [(r.kind, r.court) for r in consent.recipients.all()] == [
        (RecipientKind.COURT_TEAM, north_case.court)
    ]
    assert consent.signature_kind == SignatureKind.DRAWN

    # The stored drawing is a PNG with ink on it, from both strokes.
    raw = _png(consent.signature_image)
    assert raw.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(raw) > len(_png(page.evaluate(EMPTY_CANVAS_JS)))
    image = Image.open(io.BytesIO(raw))
    assert image.size == (600, 200)
    ink = image.convert("RGBA").getchannel("A").getbbox()
    assert ink is not None, "the drawing is blank"
    assert ink[0] < 120 and ink[2] > 480, ink  # from the finger's start to the underline's end
    assert ink[3] > 150, ink  # the underline is low on the pad

    page.goto(f"/participants/{world.north_person.public_id}/")
    panel = page.get_by_role("region", name="Consents")
    row = panel.locator(".consent-row").filter(has_text=ConsentKind.CRIMINAL_JUSTICE.label)
    expect(row).to_have_count(1)
    expect(row.locator(".status")).to_have_text("In force")
    expect(row).to_contain_text(f"case {north_case.docket_number}")
    expect(row).to_contain_text("Attendance and contacts, Drug and alcohol test results")
    expect(panel).not_to_contain_text("No consent in force")
