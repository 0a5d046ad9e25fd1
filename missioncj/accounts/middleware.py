from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from missioncj.accounts.scope import scope_of
from missioncj.accounts.signals import LOGIN_AT

# Pages a signed-in user without MFA may still reach: account pages (to set MFA up), health.
_MFA_EXEMPT = ("/accounts/", "/healthz", "/static/", "/api/")


class SessionLifetimeMiddleware:
    """Ends a login after an absolute lifetime, whatever the activity (ASVS 7.3.2)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            limit = settings.MISSIONCJ_SESSION_MAX_SECONDS
            if started is None or timezone.now().timestamp() - float(started) > limit:
                logout(request)
        return self.get_response(request)


class RequireMfaMiddleware:
    """Outside demo mode every signed-in user must have a second factor before any page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.MISSIONCJ_MFA_REQUIRED
            and request.user.is_authenticated
            and not request.path.startswith(_MFA_EXEMPT)
            and not has_mfa(request.user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def has_mfa(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class ProgramTimeZoneMiddleware:
    """Times are stored in UTC and shown in the time zone of the user's program."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            timezone.activate(scope_of(request.user).time_zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
