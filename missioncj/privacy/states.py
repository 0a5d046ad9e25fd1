"""A consent's state in words ("in force", "revoked", "expired", "ended with case" …) for pages
and the API. The state is read off `ConsentFacts.why_not_valid`, the same rule the disclosure
decision applies, so what a page says and what the decision does cannot drift apart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from missioncj.privacy.decisions import ConsentFacts, facts_of_rows
from missioncj.privacy.models import Consent

IN_FORCE = "in_force"
# The rule's reasons, after the consent's label, and the state each one means.
_REASONS = (
    (" was refused", "refused", "Refused"),
    (" was not yet signed", "not_yet_signed", "Not yet signed"),
    (" was revoked", "revoked", "Revoked"),
    (" expired", "expired", "Expired"),
    (" ended: the court case was disposed", "ended_with_case", "Ended with case"),
    (" ended with treatment", "ended_with_treatment", "Ended with treatment"),
    (" was for one disclosure", "used", "Used (one disclosure)"),
)
LABELS = {IN_FORCE: "In force"} | {code: label for _, code, label in _REASONS}


@dataclass(frozen=True)
class ConsentState:
    code: str  # in_force, refused, revoked, expired, ended_with_case, …
    label: str  # the word shown beside the consent
    reason: str  # the rule's own sentence ('' when in force)

    @property
    def in_force(self) -> bool:
        return self.code == IN_FORCE


def state_of(facts: ConsentFacts, at: dt.datetime) -> ConsentState:
    reason = facts.why_not_valid(at)
    if not reason:
        return ConsentState(IN_FORCE, LABELS[IN_FORCE], "")
    rest = reason[len(facts.label) :] if reason.startswith(facts.label) else reason
    for start, code, label in _REASONS:
        if rest.startswith(start):
            return ConsentState(code, label, reason)
    return ConsentState("ended", "Ended", reason)


def with_facts(consents: Any) -> list[tuple[Consent, ConsentFacts]]:
    """Each consent of the queryset (newest first) with the facts the rule reads."""
    rows = list(
        consents.select_related(
            "court_case__court", "episode__program", "revocation", "recorded_by"
        ).prefetch_related("recipients")
    )
    facts = {f.consent_id: f for f in facts_of_rows(rows)}
    return [(c, facts[c.pk]) for c in rows]


def with_states(consents: Any, at: dt.datetime | None = None) -> list[tuple[Consent, ConsentState]]:
    """Each consent of the queryset (newest first) with its state at `at` (now)."""
    at = at or timezone.now()
    return [(c, state_of(f, at)) for c, f in with_facts(consents)]
