"""The Playwright fixtures of the care browser journeys, for the participants journeys too:
pytest only applies a conftest to its own folder, so this one re-exports them by name."""

from missioncj.care.tests.browser.conftest import (  # noqa: F401 - fixtures are found by name
    browser,
    demo_mode,
    fast_password_hashing,
    new_page,
    page,
    playwright,
)
