"""Recording a disclosure: what left the program, to whom, on which consent, and the SHA-256 of
exactly what was sent.

The caller decides first (`decisions.decide`), builds the content from what the decision
granted, then calls `record_disclosure` with the bytes. Inside one transaction the consents
relied on are locked and the decision is taken again: a consent revoked, expired or used up
in between refuses the disclosure (`DisclosureRefused`) and nothing is recorded or sent."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missioncj.core.audit import record
from missioncj.core.context import current_request_id
from missioncj.core.models import AuditKind
from missioncj.participants.models import Participant
from missioncj.privacy.decisions import Decision, decide
from missioncj.privacy.models import Channel, Consent, Disclosure
from missioncj.privacy.wording import notice_kind


class DisclosureRefused(ValidationError):
    """The consent relied on no longer covers the disclosure; nothing was sent."""


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@transaction.atomic
def record_disclosure(
    *,
    actor: Any,
    decision: Decision,
    channel: str,
    content: bytes,
    description: str,
    consent_copy: bool = True,
) -> Disclosure:
    if channel not in Channel.values:
        raise ValidationError({"channel": "Unknown disclosure channel."})
    if not decision.any_granted:
        raise DisclosureRefused(decision.reason)
    # Lock the consents relied on (a single-disclosure consent is used at most once), then
    # decide again on the record as it is now.
    list(Consent.objects.select_for_update().filter(pk__in=decision.consent_ids).order_by("pk"))
    participant = Participant.objects.get(pk=decision.participant_id)
    now = timezone.now()
    again = decide(
        participant=participant,
        recipient=decision.recipient,
        purpose=decision.purpose,
        categories=decision.granted,
        at=now,
    )
    if not again.allowed:
        raise DisclosureRefused(again.reason)
    recipient = decision.recipient
    disclosure = Disclosure.objects.create(
        occurred_at=now,
        participant=participant,
        channel=channel,
        recipient_label=recipient.label[:300],
        recipient_user_id=recipient.user_id,
        recipient_court_id=recipient.court_id,
        purpose=decision.purpose,
        categories=list(again.granted),
        description=description[:300],
        actor=actor,
        sha256=digest(content),
        size_bytes=len(content),
        notice=notice_kind(),
        consent_copy=consent_copy,
        request_id=current_request_id() or "",
    )
    disclosure.consents.set(again.consent_ids)
    record(
        kind=AuditKind.DISCLOSE,
        action=f"disclosure.{channel}",
        actor=actor,
        participant=participant,
        subject=disclosure,
        after={
            "recipient": recipient.label,
            "purpose": decision.purpose,
            "categories": list(again.granted),
            "consents": sorted(
                str(p)
                for p in Consent.objects.filter(pk__in=again.consent_ids).values_list(
                    "public_id", flat=True
                )
            ),
            "sha256": disclosure.sha256,
            "size_bytes": disclosure.size_bytes,
        },
    )
    return disclosure
