from __future__ import annotations

from django.http import HttpRequest

from missioncj.accounts.scope import scope_of


def roles(request: HttpRequest) -> dict[str, object]:
    """What the navigation offers: program settings only to directors and supervisors."""
    user = getattr(request, "user", None)
    scope = scope_of(user) if user else None
    return {
        "oversees_programs": bool(scope and scope.program_ids),
        # Outcome reports: overseers and evaluators read programs', team staff their team's.
        "reads_outcomes": bool(
            scope and (scope.program_ids or scope.evaluator_program_ids or scope.team_ids)
        ),
        # The audit report: overseers (their programs) and system administrators (everything).
        "reads_audit": bool(scope and (scope.program_ids or getattr(user, "is_superuser", False))),
    }
