"""The "Consents" panel on the participant page: consents in force, ended and refused, each
with the state the disclosure rule gives it, and the links to the accounting of disclosures
and (for the directors and supervisors of the participant's program) the audit report of who
has seen the record."""

from __future__ import annotations

from typing import Any

from missioncj.accounts.scope import scope_of
from missioncj.participants.models import Episode, Participant
from missioncj.privacy.models import Answer, Category, Consent
from missioncj.privacy.states import with_states


def consents_panel(
    participant: Participant, user: Any, episodes: list[Episode]
) -> dict[str, Any] | None:
    if not episodes:
        return None
    rows = with_states(Consent.objects.filter(participant=participant, episode__in=episodes))
    shaped: list[dict[str, Any]] = [
        {
            "consent": c,
            "state": s,
            "recipients": [r.name for r in c.recipients.all()],
            "categories": [Category(v).label for v in c.categories if v in Category.values],
        }
        for c, s in rows
    ]
    overseen = scope_of(user).program_ids
    return {
        "participant": participant,
        "audit": any(e.program_id in overseen for e in episodes),
        "active": [r for r in shaped if r["state"].in_force],
        "ended": [
            r for r in shaped if not r["state"].in_force and r["consent"].answer == Answer.GIVEN
        ][:5],
        "refused": [r for r in shaped if r["consent"].answer == Answer.REFUSED][:3],
    }
