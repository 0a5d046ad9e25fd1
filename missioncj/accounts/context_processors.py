from __future__ import annotations

from django.http import HttpRequest

from missioncj.accounts.scope import scope_of


def roles(request: HttpRequest) -> dict[str, object]:
    """What the navigation offers: program settings only to directors and supervisors."""
    user = getattr(request, "user", None)
    return {"oversees_programs": bool(user and scope_of(user).program_ids)}
