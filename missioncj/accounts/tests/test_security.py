"""Sign-in and session security: MFA enforcement, audited logins, session lifetime, headers."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY as TOTP_SECRET_SESSION_KEY
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import global_settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from missioncj.accounts.models import Role, User
from missioncj.accounts.services import create_user, grant_role
from missioncj.accounts.signals import LOGIN_AT
from missioncj.config import Config, config
from missioncj.conftest import PASSWORD, World
from missioncj.core.models import AuditEvent, AuditKind

LOGIN_URL = "/accounts/login/"
MFA_SETUP_URL = "/accounts/2fa/totp/activate/"


@pytest.fixture(autouse=True)
def _fast_password_hashing_and_fresh_rate_limits(settings: Any, db: Any) -> Any:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # allauth keeps failed-login counters in the cache, which is in the database.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_mfa_user(world: World) -> User:
    """A case manager on Team North who has not set up a second factor."""
    user = create_user(actor=None, username="newhire", password=PASSWORD, display_name="New Hire")
    grant_role(actor=None, user=user, program=world.drug, role=Role.CASE_MANAGER, team=world.north)
    assert not Authenticator.objects.filter(user=user).exists()
    return user


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def current_code(secret: str) -> str:
    """The TOTP code for now; waits out the last two seconds of a period so it stays valid."""
    period = mfa_settings.TOTP_PERIOD
    if time.time() % period > period - 2:
        time.sleep(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def newest_event() -> AuditEvent:
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None
    return event


# --- MFA is required outside demo mode ---------------------------------------------------------


def test_mfa_is_required_outside_demo_mode(settings: Any) -> None:
    assert Config.model_fields["demo"].default is False
    assert settings.MISSIONCJ_MFA_REQUIRED is (not settings.MISSIONCJ_DEMO)


def test_user_without_mfa_is_sent_to_mfa_setup(
    world: World, no_mfa_user: User, settings: Any
) -> None:
    settings.MISSIONCJ_MFA_REQUIRED = True
    assert reverse("mfa_activate_totp") == MFA_SETUP_URL
    client = Client()
    signin = client.post(LOGIN_URL, {"login": "newhire", "password": PASSWORD})
    assert signin.status_code == 302
    assert signed_in(client)
    reads = AuditEvent.objects.filter(kind=AuditKind.READ).count()

    for path in ["/", "/participants/", f"/participants/{world.north_person.public_id}/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == MFA_SETUP_URL, path
    # The participant page was never rendered, so nothing was read.
    assert AuditEvent.objects.filter(kind=AuditKind.READ).count() == reads
    # Setting up TOTP stays reachable: allauth asks for the password again first
    # (MFA_REAUTHENTICATION_REQUIRED), then shows the QR code; a valid code finishes it.
    setup = client.get(MFA_SETUP_URL, follow=True)
    assert setup.status_code == 200
    assert setup.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    again = client.post(setup.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert again.status_code == 200
    assert again.redirect_chain[-1][0] == MFA_SETUP_URL
    assert b'name="code"' in again.content
    secret = client.session[TOTP_SECRET_SESSION_KEY]
    activated = client.post(MFA_SETUP_URL, {"code": current_code(secret)})
    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=no_mfa_user, type=Authenticator.Type.TOTP).exists()
    assert client.get("/").status_code == 200


def test_persona_with_totp_gets_pages(world: World, login: Any, settings: Any) -> None:
    settings.MISSIONCJ_MFA_REQUIRED = True
    client = login("casemanager")
    assert Authenticator.objects.filter(
        user=world.user("casemanager"), type=Authenticator.Type.TOTP
    ).exists()
    assert client.get("/").status_code == 200
    assert client.get(f"/participants/{world.north_person.public_id}/").status_code == 200


def test_demo_mode_does_not_require_mfa(world: World, no_mfa_user: User, settings: Any) -> None:
    settings.MISSIONCJ_MFA_REQUIRED = False
    client = Client()
    client.force_login(no_mfa_user)
    assert client.get("/").status_code == 200
    assert client.get(f"/participants/{world.north_person.public_id}/").status_code == 200


# --- real sign-in through the allauth form --------------------------------------------------


def test_login_form_signs_in_and_is_audited(world: World, no_mfa_user: User, settings: Any) -> None:
    settings.MISSIONCJ_MFA_REQUIRED = False
    client = Client()
    form = client.get(LOGIN_URL)
    assert form.status_code == 200
    assert b'name="login"' in form.content and b'name="password"' in form.content

    response = client.post(LOGIN_URL, {"login": "newhire", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(no_mfa_user.pk)
    assert abs(float(client.session[LOGIN_AT]) - timezone.now().timestamp()) < 60
    event = AuditEvent.objects.filter(action="auth.login").order_by("-pk").first()
    assert event is not None
    assert event.kind == AuditKind.LOGIN
    assert event.actor == no_mfa_user
    assert event.request_id == response["X-Request-ID"]
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused_and_audited(
    world: World, no_mfa_user: User, settings: Any
) -> None:
    settings.MISSIONCJ_MFA_REQUIRED = False
    client = Client()
    logins = AuditEvent.objects.filter(action="auth.login").count()
    response = client.post(LOGIN_URL, {"login": "newhire", "password": "not the password 123"})
    assert response.status_code == 200  # the form again, with an error
    assert not signed_in(client)
    assert client.get("/").status_code == 302
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.kind == AuditKind.LOGIN_FAILED
    assert failed.actor is None
    assert failed.actor_label == "unknown:newhire"
    assert failed.request_id == response["X-Request-ID"]
    assert AuditEvent.objects.filter(action="auth.login").count() == logins
    # The attempted password is never written anywhere in the trail.
    for row in AuditEvent.objects.values("before", "after", "actor_label"):
        assert "not the password" not in str(row)


def test_repeated_failures_lock_the_account_for_a_while(
    world: World, no_mfa_user: User, settings: Any
) -> None:
    """ACCOUNT_RATE_LIMITS login_failed 5/5m/key: the sixth try fails even with the password."""
    settings.MISSIONCJ_MFA_REQUIRED = False
    client = Client()
    for attempt in range(5):
        client.post(LOGIN_URL, {"login": "newhire", "password": f"wrong password {attempt}"})
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 5
    response = client.post(LOGIN_URL, {"login": "newhire", "password": PASSWORD})
    assert not signed_in(client)
    assert response.status_code in (200, 429)
    assert not AuditEvent.objects.filter(action="auth.login").exists()


def test_password_alone_does_not_sign_in_a_user_with_totp(world: World, settings: Any) -> None:
    settings.MISSIONCJ_MFA_REQUIRED = True
    client = Client()
    response = client.post(LOGIN_URL, {"login": "casemanager", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client)
    assert client.get("/").status_code == 302

    authenticator = Authenticator.objects.get(
        user=world.user("casemanager"), type=Authenticator.Type.TOTP
    )
    code = current_code(decrypt(authenticator.data["secret"]))
    done = client.post(reverse("mfa_authenticate"), {"code": code})
    assert done.status_code == 302
    assert client.session["_auth_user_id"] == str(world.user("casemanager").pk)
    assert newest_event().action == "auth.login"
    assert client.get("/").status_code == 200


# --- absolute session lifetime --------------------------------------------------------------


def age_login(client: Client, seconds: float | None) -> None:
    session = client.session
    if seconds is None:
        del session[LOGIN_AT]
    else:
        session[LOGIN_AT] = timezone.now().timestamp() - seconds
    session.save()


def test_session_older_than_the_limit_is_ended(world: World, login: Any, settings: Any) -> None:
    limit = settings.MISSIONCJ_SESSION_MAX_SECONDS
    assert limit == config.session_max_hours * 3600
    client = login("casemanager")
    assert client.get("/").status_code == 200

    age_login(client, limit - 60)  # still inside the limit
    assert client.get("/").status_code == 200
    assert signed_in(client)

    age_login(client, limit + 1)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert not signed_in(client)
    logout = newest_event()
    assert logout.action == "auth.logout"
    assert logout.actor == world.user("casemanager")
    # And it stays signed out.
    assert client.get("/").status_code == 302


def test_session_without_a_login_time_is_ended(world: World, login: Any) -> None:
    client = login("casemanager")
    age_login(client, None)
    response = client.get(f"/participants/{world.north_person.public_id}/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert not signed_in(client)


def test_shorter_configured_lifetime_is_honoured(world: World, login: Any, settings: Any) -> None:
    settings.MISSIONCJ_SESSION_MAX_SECONDS = 3600
    client = login("casemanager")
    age_login(client, 3601)
    assert client.get("/").status_code == 302
    assert not signed_in(client)


# --- headers --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/participants/", "north"])
def test_signed_in_pages_are_not_cached_and_carry_a_csp(
    world: World, login: Any, path: str
) -> None:
    if path == "north":
        path = f"/participants/{world.north_person.public_id}/"
    response = login("casemanager").get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    csp = response["Content-Security-Policy"]
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_login_page_is_not_cached_and_carries_a_csp(db: Any) -> None:
    response = Client().get(LOGIN_URL)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_session_cookie_flags(world: World, no_mfa_user: User, settings: Any) -> None:
    settings.MISSIONCJ_MFA_REQUIRED = False
    client = Client()
    response = client.post(LOGIN_URL, {"login": "newhire", "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""  # ends with the browser
    idle_seconds = config.session_idle_minutes * 60
    assert idle_seconds == settings.SESSION_COOKIE_AGE


# --- accounts are made by administrators ----------------------------------------------------


def test_signup_is_closed(db: Any) -> None:
    client = Client()
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert b'name="password1"' not in response.content
    users = User.objects.count()
    posted = client.post(
        "/accounts/signup/",
        {"username": "intruder", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert posted.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in posted.templates]
    assert User.objects.count() == users
    assert not User.objects.filter(username="intruder").exists()
    assert not signed_in(client)


def test_passwords_are_stored_hashed(db: Any, settings: Any) -> None:
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the production hasher
    user = create_user(actor=None, username="hashcheck", password=PASSWORD)
    with connection.cursor() as cursor:
        cursor.execute("SELECT password FROM accounts_user WHERE id = %s", [user.pk])
        (stored,) = cursor.fetchone()
    assert stored != PASSWORD
    assert PASSWORD not in stored
    assert stored.startswith("pbkdf2_sha256$")
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)
    created = AuditEvent.objects.get(action="user.create")
    assert created.after == {"username": "hashcheck", "display_name": "", "is_superuser": False}
    assert PASSWORD not in str(created.after)


def test_a_user_without_a_password_cannot_sign_in(db: Any, settings: Any) -> None:
    settings.MISSIONCJ_MFA_REQUIRED = False
    user = create_user(actor=None, username="nopass", password=None)
    assert not user.has_usable_password()
    client = Client()
    client.post(LOGIN_URL, {"login": "nopass", "password": ""})
    client.post(LOGIN_URL, {"login": "nopass", "password": "anything at all 1"})
    assert not signed_in(client)
