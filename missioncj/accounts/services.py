"""Writes to accounts: every one records its audit event in the same transaction."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from missioncj.accounts.models import ApiToken, Membership, Role, User
from missioncj.core.audit import create_recorded, record
from missioncj.core.models import AuditKind
from missioncj.programs.models import Program, Team


@transaction.atomic
def create_user(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    display_name: str = "",
    email: str = "",
    is_superuser: bool = False,
) -> User:
    user = User(username=username, display_name=display_name, email=email)
    user.is_superuser = user.is_staff = is_superuser
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    return create_recorded(
        user, actor=actor, action="user.create", fields=["username", "display_name", "is_superuser"]
    )


@transaction.atomic
def grant_role(
    *, actor: User | None, user: User, program: Program, role: Role, team: Team | None = None
) -> Membership:
    if team is not None and team.program_id != program.pk:
        from django.core.exceptions import ValidationError

        raise ValidationError({"team": "The team belongs to a different program."})
    membership, _ = Membership.objects.update_or_create(
        user=user, program=program, role=role, defaults={"team": team, "active": True}
    )
    record(
        kind=AuditKind.ROLE,
        action="membership.grant",
        actor=actor,
        after={
            "user": user.username,
            "program": str(program.public_id),
            "role": str(role),
            "team": str(team.public_id) if team else None,
        },
    )
    return membership


@transaction.atomic
def issue_api_token(*, actor: User | None, user: User, name: str = "") -> str:
    """Create a token and return it; it cannot be shown again."""
    key = "mcj_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, prefix=key[:12], key_hash=ApiToken.hash_key(key))
    record(
        kind=AuditKind.TOKEN,
        action="api_token.issue",
        actor=actor,
        actor_label="" if actor else "cli",
        after={"user": user.username, "prefix": key[:12], "name": name},
    )
    return key


def user_for_token(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
