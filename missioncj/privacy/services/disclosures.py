"""Recording a disclosure: what left the program, to whom, on which consent, and the SHA-256 of
exactly what was sent.

The caller decides first (`decisions.decide`), builds the content from what the decision
granted, then calls `record_disclosure` with the bytes. Inside one transaction the consents
relied on are locked and the decision is taken again: a consent revoked, expired or used up
in between refuses the disclosure (`DisclosureRefused`) and nothing is recorded or sent."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missioncj.core.audit import record
from missioncj.core.context import current_request_id
from missioncj.core.models import AuditKind
from missioncj.participants.models import Participant
from missioncj.privacy.decisions import Decision, decide_many
from missioncj.privacy.models import Channel, Consent, ConsentKind, Disclosure
from missioncj.privacy.wording import notice_kind


class DisclosureRefused(ValidationError):
    """The consent relied on no longer covers the disclosure; nothing was sent."""


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def record_disclosure(
    *,
    actor: Any,
    decision: Decision,
    channel: str,
    content: bytes,
    description: str,
    consent_copy: bool = True,
) -> Disclosure:
    return record_disclosures(
        actor=actor,
        decisions=[decision],
        channel=channel,
        content=content,
        description=description,
        consent_copy=consent_copy,
    )[0]


@transaction.atomic
def record_disclosures(
    *,
    actor: Any,
    decisions: Sequence[Decision],
    channel: str,
    content: bytes,
    description: str,
    consent_copy: bool = True,
) -> list[Disclosure]:
    """One disclosure per decision of the same content (a page or file about several
    participants), all or none: any decision that no longer holds refuses every one."""
    if channel not in Channel.values:
        raise ValidationError({"channel": "Unknown disclosure channel."})
    for decision in decisions:
        if not decision.any_granted:
            raise DisclosureRefused(decision.reason)
    if not decisions:
        return []
    # Lock the consents relied on (a single-disclosure consent is used at most once), then
    # decide again on the record as it is now.
    relied = {pk for decision in decisions for pk in decision.consent_ids}
    list(Consent.objects.select_for_update().filter(pk__in=relied).order_by("pk"))
    people = Participant.objects.in_bulk([d.participant_id for d in decisions])
    now = timezone.now()
    redone = _decide_again(decisions, now)
    for fresh in redone:
        if not fresh.allowed:
            raise DisclosureRefused(fresh.reason)
    _one_use_each(redone)
    sha256, request_id = digest(content), current_request_id() or ""
    rows = Disclosure.objects.bulk_create(
        [
            Disclosure(
                occurred_at=now,
                participant=people[decision.participant_id],
                channel=channel,
                recipient_label=decision.recipient.label[:300],
                recipient_user_id=decision.recipient.user_id,
                recipient_court_id=decision.recipient.court_id,
                purpose=decision.purpose,
                categories=list(fresh.granted),
                description=description[:300],
                actor=actor,
                sha256=sha256,
                size_bytes=len(content),
                notice=notice_kind(),
                consent_copy=consent_copy,
                request_id=request_id,
            )
            for decision, fresh in zip(decisions, redone, strict=True)
        ]
    )
    through = Disclosure.consents.through
    through.objects.bulk_create(
        [
            through(disclosure_id=row.pk, consent_id=consent_id)
            for row, fresh in zip(rows, redone, strict=True)
            for consent_id in fresh.consent_ids
        ]
    )
    used = {pk for fresh in redone for pk in fresh.consent_ids}
    public_ids = dict(Consent.objects.filter(pk__in=used).values_list("pk", "public_id"))
    for row, decision, fresh in zip(rows, decisions, redone, strict=True):
        record(
            kind=AuditKind.DISCLOSE,
            action=f"disclosure.{channel}",
            actor=actor,
            participant=row.participant,
            subject=row,
            after={
                "recipient": decision.recipient.label,
                "purpose": decision.purpose,
                "categories": list(fresh.granted),
                "consents": sorted(str(public_ids[pk]) for pk in fresh.consent_ids),
                "sha256": row.sha256,
                "size_bytes": row.size_bytes,
            },
        )
    return rows


def _one_use_each(decisions: Sequence[Decision]) -> None:
    """A one-time consent covers one disclosure: relied on twice in one batch, the second
    would have found it used."""
    singles = Counter(
        fact.consent_id
        for decision in decisions
        for fact in decision.facts
        if fact.kind == ConsentKind.SINGLE and fact.consent_id in decision.consent_ids
    )
    if any(uses > 1 for uses in singles.values()):
        raise DisclosureRefused("A one-time consent covers one disclosure only.")


def _decide_again(decisions: Sequence[Decision], at: Any) -> list[Decision]:
    """Each decision taken again at `at`, those asked alike (same recipient, purpose and
    categories: usually all of them) in one read of their consents."""
    alike: dict[tuple[Any, str, tuple[str, ...]], list[int]] = {}
    for index, decision in enumerate(decisions):
        key = (decision.recipient, decision.purpose, decision.granted)
        alike.setdefault(key, []).append(index)
    redone: dict[int, Decision] = {}
    for (recipient, purpose, granted), indexes in alike.items():
        fresh = decide_many(
            participant_ids=[decisions[i].participant_id for i in indexes],
            recipient=recipient,
            purpose=purpose,
            categories=granted,
            at=at,
        )
        redone |= {i: fresh[decisions[i].participant_id] for i in indexes}
    return [redone[i] for i in range(len(decisions))]
