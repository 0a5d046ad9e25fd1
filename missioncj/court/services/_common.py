"""What the case and condition services share: the locked read of a case with the check that
the actor may work with its participant. (`Problems` lives in `missioncj.core.problems`.)"""

from __future__ import annotations

from typing import Any

from missioncj.court.models import CourtCase
from missioncj.participants.policies import require_work_scope


def locked_case(case: CourtCase) -> CourtCase:
    """The stored case, locked, with what every check needs."""
    return (
        CourtCase.objects.select_for_update(of=("self",))
        .select_related("court", "episode__program", "episode__team", "participant")
        .get(pk=case.pk)
    )


def require_case(actor: Any, case: CourtCase) -> None:
    """Refuses an actor who may not work with the case's participant."""
    require_work_scope(actor, case.episode, field="case")
