"""Playwright fixtures: the Debian Chromium, headless, against pytest-django's live server.

The browser is never downloaded: it is the system `chromium`. Sync Playwright runs an event loop
in the test thread, so Django's async-safety check is relaxed (DJANGO_ALLOW_ASYNC_UNSAFE, set for
the whole pytest process once this conftest is imported).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.cache import cache
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from missioncj.accounts.models import User
from missioncj.conftest import PASSWORD

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

TIMEOUT_MS = 10_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


_shared: list[Any] = []  # [Playwright, number of sessions using it]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """One Playwright per process, also when another folder's conftest re-exports this fixture
    (a second Sync API instance in the same thread refuses to start)."""
    if not _shared:
        _shared.extend([sync_playwright().start(), 0])
    _shared[1] += 1
    yield _shared[0]
    _shared[1] -= 1
    if _shared[1] == 0:
        _shared.pop(0).stop()
        _shared.clear()


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    executable = shutil.which("chromium")
    assert executable, "the Debian chromium package is not installed"
    browser = playwright.chromium.launch(
        executable_path=executable, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def new_page(browser: Browser, live_server: Any) -> Iterator[Callable[..., Page]]:
    """new_page(**context_options): a page in a fresh context (cookies, storage) per call."""
    cache.clear()  # allauth remembers used TOTP codes; every test signs in afresh.
    expect.set_options(timeout=TIMEOUT_MS)
    contexts: list[BrowserContext] = []

    def _new_page(**options: Any) -> Page:
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """The world fixture hashes a dozen passwords; PBKDF2 would cost seconds per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_mode(settings: Any) -> None:
    """Demo mode: the banner shows and a second factor is offered, not required."""
    settings.MISSIONCJ_DEMO = True
    settings.MISSIONCJ_MFA_REQUIRED = False


def current_totp(user: User) -> str:
    """The code an authenticator app would show now for this user's stored TOTP secret."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 2:  # do not race the end of the time step
        time.sleep(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def enter_totp(page: Page, user: User) -> None:
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.locator("input[name=code]").fill(current_totp(user))
    page.get_by_role("button", name="Sign In").click()


def sign_in(page: Page, user: User) -> None:
    """Sign in through the real allauth form; answer the TOTP step when allauth asks for it.

    allauth asks for a code from everyone who has an authenticator, whatever
    MISSIONCJ_MFA_REQUIRED says (that setting only forces users without one to set it up).
    """
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    if "/accounts/2fa/authenticate/" in page.url:
        enter_totp(page, user)
    expect(page.get_by_role("button", name=f"Sign out {user.username}")).to_be_visible()
