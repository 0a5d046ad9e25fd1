"""Every write to contacts: one transaction each, with its audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missioncj.care.models import (
    ALL_COMPONENTS,
    Contact,
    ContactAddendum,
    Location,
    Modality,
    WithWhom,
)
from missioncj.core.audit import record, snapshot
from missioncj.core.models import AuditKind
from missioncj.participants.models import CollateralContact, Episode
from missioncj.participants.policies import require_work_scope

CONTACT_FIELDS = [
    "occurred_at",
    "duration_minutes",
    "modality",
    "location",
    "with_whom",
    "collateral",
    "components",
    "note",
    "signed_at",
]
# A few minutes of clock difference between a phone and the server are not an error.
_CLOCK_SLACK = dt.timedelta(minutes=10)


def _validate(contact: Contact) -> None:
    errors: dict[str, str] = {}
    now = timezone.now()
    if contact.occurred_at > now + _CLOCK_SLACK:
        errors["occurred_at"] = "A contact cannot be in the future."
    referral = contact.episode.referral_date
    local_day = contact.occurred_at.astimezone(contact.episode.program.zone).date()
    if local_day < referral:
        errors["occurred_at"] = f"This is before the referral on {referral:%d %b %Y}."
    if not contact.components:
        errors["components"] = "Choose at least one MISSION-CJ component this contact served."
    elif contact.components & ~ALL_COMPONENTS:
        errors["components"] = "Unknown component."
    if contact.with_whom in (WithWhom.COLLATERAL, WithWhom.BOTH) and contact.collateral is None:
        errors["collateral"] = "Choose which collateral contact was involved."
    if (
        contact.collateral is not None
        and contact.collateral.participant_id != contact.participant_id
    ):
        errors["collateral"] = "That collateral contact belongs to someone else."
    remote = {Modality.PHONE, Modality.VIDEO, Modality.TEXT}
    if contact.modality == Modality.IN_PERSON and contact.location == Location.REMOTE:
        errors["location"] = "An in-person contact needs a place, not “remote”."
    if contact.modality in remote and contact.location != Location.REMOTE:
        contact.location = Location.REMOTE
    if errors:
        raise ValidationError(errors)
    contact.full_clean(exclude=["episode", "participant", "author", "collateral"])


@transaction.atomic
def log_contact(
    *,
    actor: Any,
    episode: Episode,
    occurred_at: dt.datetime,
    duration_minutes: int,
    modality: str,
    location: str,
    components: int,
    note: str = "",
    with_whom: str = WithWhom.PARTICIPANT,
    collateral: CollateralContact | None = None,
    sign: bool = True,
) -> Contact:
    """Record a contact; signed at once unless saved as a draft."""
    require_work_scope(actor, episode)
    contact = Contact(
        episode=episode,
        participant_id=episode.participant_id,
        occurred_at=occurred_at,
        duration_minutes=duration_minutes,
        modality=modality,
        location=location,
        with_whom=with_whom,
        collateral=collateral,
        components=components,
        note=note,
        author=actor,
        signed_at=timezone.now() if sign else None,
    )
    _validate(contact)
    contact.save()
    record(
        kind=AuditKind.CREATE,
        action="contact.create",
        actor=actor,
        participant=episode.participant,
        subject=contact,
        after=snapshot(contact, CONTACT_FIELDS),
    )
    return contact


@transaction.atomic
def update_draft(*, actor: Any, contact: Contact, sign: bool = False, **changes: Any) -> Contact:
    """Drafts may change (by their author only); signed notes never do."""
    contact = (
        Contact.objects.select_for_update().select_related("episode__program").get(pk=contact.pk)
    )
    if contact.is_signed:
        raise ValidationError({"note": "This note is signed. Add an addendum instead."})
    if contact.author_id != actor.pk:
        raise ValidationError({"note": "Only the author can change a draft note."})
    allowed = set(CONTACT_FIELDS) - {"signed_at"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in unknown})
    before = snapshot(contact, CONTACT_FIELDS)
    for name, value in changes.items():
        setattr(contact, name, value)
    if sign:
        contact.signed_at = timezone.now()
    _validate(contact)
    contact.save()
    record(
        kind=AuditKind.SIGN if sign else AuditKind.UPDATE,
        action="contact.sign" if sign else "contact.update_draft",
        actor=actor,
        participant=contact.participant,
        subject=contact,
        before=before,
        after=snapshot(contact, CONTACT_FIELDS),
    )
    return contact


@transaction.atomic
def add_addendum(*, actor: Any, contact: Contact, text: str) -> ContactAddendum:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the addendum before saving."})
    require_work_scope(actor, contact.episode)
    if not contact.is_signed:
        raise ValidationError({"text": "This note is still a draft; edit it instead."})
    addendum = ContactAddendum(contact=contact, author=actor, text=text)
    addendum.full_clean(exclude=["contact", "author"])
    addendum.save()
    record(
        kind=AuditKind.ADDENDUM,
        action="contact.addendum",
        actor=actor,
        participant=contact.participant,
        subject=contact,
        after={"addendum": str(addendum.public_id), "text": text},
    )
    return addendum
