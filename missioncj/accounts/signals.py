"""Sign-in, sign-out and failed sign-in go into the audit chain (ASVS V16)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from missioncj.core.audit import record
from missioncj.core.models import AuditKind

LOGIN_AT = "missioncj_login_at"


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT] = timezone.now().timestamp()
    record(kind=AuditKind.LOGIN, action="auth.login", actor=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(kind=AuditKind.LOGOUT, action="auth.logout", actor=user)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any) -> None:
    # Only the username is kept (never the password), trimmed so it cannot flood the log.
    username = str(credentials.get("username", ""))[:150]
    record(
        kind=AuditKind.LOGIN_FAILED, action="auth.login_failed", actor_label=f"unknown:{username}"
    )
