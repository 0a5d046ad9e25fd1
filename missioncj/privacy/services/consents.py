"""Recording a consent (or its refusal) with every 42 CFR 2.31 element, and revoking one.

A consent is never edited: a change is a new consent. Revocation takes effect at once (the
next decision sees it); a criminal-justice consent (42 CFR 2.35) cannot be revoked before its
stated day unless its case has reached final disposition."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missioncj.core.audit import record, snapshot
from missioncj.core.models import AuditKind
from missioncj.core.problems import Problems
from missioncj.court.models import CourtCase, Seat
from missioncj.participants.models import Episode, Participant
from missioncj.participants.policies import require_work_scope
from missioncj.privacy.models import (
    Answer,
    Category,
    Consent,
    ConsentKind,
    ConsentRecipient,
    ConsentRevocation,
    ExpiryEvent,
    Language,
    Purpose,
    RecipientKind,
    SignatureKind,
)
from missioncj.privacy.wording import revocation_terms

CONSENT_FIELDS = [
    "kind",
    "answer",
    "discloser",
    "categories",
    "information",
    "purpose",
    "purpose_detail",
    "court_case",
    "expires_on",
    "expiry_event",
    "revocable_from",
    "language",
    "signer_name",
    "signer_authority",
    "signature_kind",
    "signed_at",
]
MAX_SCAN_BYTES = 5 * 1024 * 1024
MAX_DRAWING_BYTES = 300 * 1024
SCAN_TYPES = {
    "application/pdf": b"%PDF-",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
}
PNG_DATA_URL = "data:image/png;base64,"
COURT_RECIPIENTS = {RecipientKind.PERSON, RecipientKind.SEAT, RecipientKind.COURT_TEAM}
NOTES = {Category.CLINICAL_NOTES.value, Category.COUNSELING_NOTES.value}
CLOCK_SKEW = dt.timedelta(minutes=5)
TERMS_AND_SIGNATURE = frozenset(
    {
        "expires_on",
        "expiry_event",
        "revocable_from",
        "signature_kind",
        "signature_text",
        "signature_image",
        "signature_scan",
        "signature_scan_type",
    }
)
LONGEST = dt.timedelta(days=5 * 366)


@dataclass(frozen=True)
class RecipientInput:
    """One recipient as the form or API names it (resolved to objects by the caller)."""

    kind: str
    user: Any = None
    court: Any = None
    seat: str = ""
    name: str = ""


def _recipient_name(r: RecipientInput) -> str:
    if r.name.strip():
        return r.name.strip()
    if r.kind == RecipientKind.PERSON and r.user is not None:
        return str(r.user)
    if r.kind == RecipientKind.SEAT and r.court is not None and r.seat in Seat.values:
        return f"{Seat(r.seat).label}, {r.court}"
    if r.kind == RecipientKind.COURT_TEAM and r.court is not None:
        return f"The {r.court} team (judge, coordinator, prosecutor, defense, probation)"
    if r.kind == RecipientKind.PROVIDER_CLASS:
        return (
            "My treating providers, health plans, third-party payers, and people helping to "
            "operate this program"
        )
    return ""


def _check_recipients(
    problems: Problems, kind: str, recipients: list[RecipientInput], case: CourtCase | None
) -> list[ConsentRecipient]:
    rows: list[ConsentRecipient] = []
    if not recipients:
        problems.add("recipients", "Name at least one recipient (a person, a role or a class).")
    for r in recipients:
        if r.kind not in RecipientKind.values:
            problems.add("recipients", "Choose each recipient's kind from the list.")
            continue
        if r.kind == RecipientKind.PERSON and r.user is None:
            problems.add("recipients", "Choose the person by their account.")
        if r.kind in (RecipientKind.SEAT, RecipientKind.COURT_TEAM) and r.court is None:
            problems.add("recipients", "Choose the court for a court role or court team.")
        if r.kind == RecipientKind.SEAT and r.seat not in Seat.values:
            problems.add("recipients", "Choose the role at the court (judge, probation …).")
        if r.kind == RecipientKind.PARTY and not r.name.strip():
            problems.add("recipients", "Give the name of the outside person or organisation.")
        if r.kind == RecipientKind.PROVIDER_CLASS and kind != ConsentKind.TPO:
            problems.add(
                "recipients",
                "A class of treating providers can be named only on a treatment, payment and "
                "operations consent.",
            )
        if kind == ConsentKind.CRIMINAL_JUSTICE and r.kind not in COURT_RECIPIENTS:
            problems.add(
                "recipients",
                "A criminal-justice consent names people on the court team: a person, a role "
                "at the court, or the court's team.",
            )
        if (
            case is not None
            and r.kind in (RecipientKind.SEAT, RecipientKind.COURT_TEAM)
            and r.court is not None
            and r.court.pk != case.court_id
        ):
            problems.add("recipients", f"The case {case} is in {case.court}, not {r.court}.")
        name = _recipient_name(r)
        if len(name) > 200:
            problems.add("recipients", "Keep each recipient's name to 200 characters.")
        rows.append(
            ConsentRecipient(
                kind=r.kind,
                user=r.user if r.kind == RecipientKind.PERSON else None,
                court=r.court if r.kind in (RecipientKind.SEAT, RecipientKind.COURT_TEAM) else None,
                seat=r.seat if r.kind == RecipientKind.SEAT else "",
                name=name[:200],
            )
        )
    return rows


def _check_categories(problems: Problems, kind: str, categories: Sequence[str]) -> list[str]:
    chosen = list(dict.fromkeys(categories or []))
    if not chosen:
        problems.add("categories", "Choose the information this consent covers.")
    if any(c not in Category.values for c in chosen):
        problems.add("categories", "Choose the information from the list.")
        return []
    if kind == ConsentKind.COUNSELING_NOTES and chosen != [Category.COUNSELING_NOTES]:
        problems.add(
            "categories",
            "A consent for SUD counseling notes covers those notes only; record other "
            "information on a separate consent.",
        )
    if kind != ConsentKind.COUNSELING_NOTES and Category.COUNSELING_NOTES in chosen:
        problems.add(
            "categories",
            "SUD counseling notes need a consent of their own (42 CFR 2.31); it cannot be "
            "combined with other information.",
        )
    if kind == ConsentKind.CRIMINAL_JUSTICE and NOTES & set(chosen):
        problems.add(
            "categories",
            "Clinical and counseling notes never go to the court team; choose other information.",
        )
    return [c for c in Category.values if c in chosen]


def _check_signature(problems: Problems, answer: str, data: dict[str, Any]) -> dict[str, Any]:
    kind = data.get("signature_kind") or ""
    out: dict[str, Any] = {"signature_kind": kind}
    if answer == Answer.REFUSED and not kind:
        out["signature_kind"] = SignatureKind.TYPED
        out["signature_text"] = ""
        return out
    if kind not in SignatureKind.values:
        problems.add("signature_kind", "Choose how the consent was signed.")
        return out
    if kind == SignatureKind.TYPED:
        typed = problems.text(
            "signature_text", data.get("signature_text"), 200, "Type the signer's full name."
        )
        if typed and " ".join(typed.casefold().split()) != " ".join(
            (data.get("signer_name") or "").casefold().split()
        ):
            problems.add("signature_text", "The typed signature must match the signer's name.")
        out["signature_text"] = typed
    elif kind == SignatureKind.DRAWN:
        image = data.get("signature_image") or ""
        raw = b""
        if image.startswith(PNG_DATA_URL):
            try:
                raw = base64.b64decode(image[len(PNG_DATA_URL) :], validate=True)
            except (binascii.Error, ValueError):
                raw = b""
        if not raw.startswith(SCAN_TYPES["image/png"]):
            problems.add("signature_image", "Draw the signature in the box before saving.")
        elif len(raw) > MAX_DRAWING_BYTES:
            problems.add("signature_image", "The drawn signature is too large; clear and redraw.")
        out["signature_image"] = image
    else:
        scan = data.get("signature_scan") or b""
        scan_type = data.get("signature_scan_type") or ""
        if not scan:
            problems.add("signature_scan", "Attach the scan of the signed paper form.")
        elif len(scan) > MAX_SCAN_BYTES:
            problems.add("signature_scan", "The scan is larger than 5 MB; scan at a lower size.")
        elif scan_type not in SCAN_TYPES or not bytes(scan).startswith(SCAN_TYPES[scan_type]):
            problems.add("signature_scan", "Attach the scan as a PDF, PNG or JPEG file.")
        out["signature_scan"] = bytes(scan) if scan else None
        out["signature_scan_type"] = scan_type
    return out


def _check_terms(
    problems: Problems, kind: str, data: dict[str, Any], signed_day: dt.date | None
) -> dict[str, Any]:
    expires_on = data.get("expires_on")
    event = data.get("expiry_event") or ""
    revocable_from = data.get("revocable_from")
    if event not in ExpiryEvent.values:
        problems.add("expiry_event", "Choose the expiry event from the list.")
    for field, value in (("expires_on", expires_on), ("revocable_from", revocable_from)):
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            problems.add(field, "Give a date, e.g. 2027-06-30.")
            return {}
    if kind == ConsentKind.CRIMINAL_JUSTICE:
        if expires_on is None:
            problems.add(
                "expires_on",
                "State how long the consent lasts: a criminal-justice consent needs an end "
                "date (42 CFR 2.35).",
            )
        event = event or ExpiryEvent.CASE_DISPOSITION
        if event == ExpiryEvent.NO_EXPIRY:
            problems.add("expiry_event", "A criminal-justice consent cannot be without end.")
    elif event == ExpiryEvent.NO_EXPIRY and kind != ConsentKind.TPO:
        problems.add(
            "expiry_event", "Only a treatment, payment and operations consent may have no expiry."
        )
    elif expires_on is None and not event:
        problems.add("expires_on", "Give an expiry date or an expiry event.")
    if kind != ConsentKind.CRIMINAL_JUSTICE and revocable_from is not None:
        problems.add(
            "revocable_from",
            "Only a criminal-justice consent may limit when it can be revoked; others are "
            "revocable at any time.",
        )
    if signed_day is not None:
        if expires_on is not None and expires_on <= signed_day:
            problems.add("expires_on", "The end date must be after the day it was signed.")
        if expires_on is not None and expires_on - signed_day > LONGEST:
            problems.add("expires_on", "Set an end date within five years of signing.")
        if revocable_from is not None and revocable_from < signed_day:
            problems.add("revocable_from", "The earliest revocation day cannot be before signing.")
    if revocable_from is not None and expires_on is not None and revocable_from > expires_on:
        problems.add("revocable_from", "The earliest revocation day must be before the end date.")
    return {"expires_on": expires_on, "expiry_event": event, "revocable_from": revocable_from}


def _check_purpose(
    problems: Problems,
    kind: str,
    purpose: str,
    purpose_detail: str,
    court_case: CourtCase | None,
    participant: Participant,
) -> tuple[str, str]:
    """The purpose (defaulted by kind) and its detail; a criminal-justice consent is for
    monitoring its own court case, and only it is tied to one."""
    if kind == ConsentKind.CRIMINAL_JUSTICE:
        purpose = purpose or Purpose.COURT_MONITORING
        if purpose != Purpose.COURT_MONITORING:
            problems.add("purpose", "A criminal-justice consent is for monitoring the case.")
        if court_case is None:
            problems.add("court_case", "Choose the court case this consent is tied to.")
        elif court_case.participant_id != participant.pk:
            problems.add("court_case", "That case belongs to someone else.")
    elif court_case is not None:
        problems.add("court_case", "Only a criminal-justice consent is tied to a court case.")
    if kind == ConsentKind.TPO:
        purpose = purpose or Purpose.TPO
    problems.choice("purpose", purpose, Purpose, "the purpose")
    detail = problems.text("purpose_detail", purpose_detail, 300)
    if purpose == Purpose.OTHER and not detail:
        problems.add("purpose_detail", "Say what the information will be used for.")
    return purpose, detail


@transaction.atomic
def record_consent(
    *,
    actor: Any,
    participant: Participant,
    episode: Episode,
    kind: str,
    answer: str = Answer.GIVEN,
    categories: Sequence[str],
    recipients: list[RecipientInput],
    purpose: str = "",
    purpose_detail: str = "",
    court_case: CourtCase | None = None,
    information: str = "",
    language: str = Language.ENGLISH,
    signer_name: str,
    signer_authority: str = "",
    signed_at: dt.datetime | None = None,
    discloser: str = "",
    revocation_terms_text: str = "",
    **terms_and_signature: Any,
) -> Consent:
    """Record a signed consent (or, with answer='refused', that the participant declined).
    `terms_and_signature`: expires_on, expiry_event, revocable_from, signature_kind,
    signature_text, signature_image, signature_scan, signature_scan_type."""
    unknown = set(terms_and_signature) - TERMS_AND_SIGNATURE
    if unknown:
        raise ValidationError(f"Unknown consent fields: {', '.join(sorted(unknown))}.")
    if episode.participant_id != participant.pk:
        raise ValidationError({"episode": "This episode belongs to someone else."})
    require_work_scope(actor, episode)
    problems = Problems()
    now = timezone.now()
    signed_at = signed_at or now
    if signed_at > now + CLOCK_SKEW:
        problems.add("signed_at", "The signing time is in the future.")
    signed_day = timezone.localtime(signed_at, episode.program.zone).date()
    problems.choice("kind", kind, ConsentKind, "the kind of consent")
    problems.choice("answer", answer, Answer, "signed or refused")
    problems.choice("language", language, Language, "the form's language")
    purpose, detail = _check_purpose(
        problems, kind, purpose, purpose_detail, court_case, participant
    )
    chosen = _check_categories(problems, kind, categories)
    rows = _check_recipients(problems, kind, recipients, court_case)
    terms = _check_terms(problems, kind, terms_and_signature, signed_day)
    name = problems.text("signer_name", signer_name, 200, "Give the signer's full name.")
    authority = problems.text("signer_authority", signer_authority, 200)
    signature = _check_signature(
        problems, answer, {**terms_and_signature, "signer_name": signer_name}
    )
    info = problems.text("information", information, 2000)
    problems.raise_any()
    consent = Consent(
        participant=participant,
        episode=episode,
        kind=kind,
        answer=answer,
        discloser=(discloser or episode.program.name).strip()[:300],
        categories=chosen,
        information=info,
        purpose=purpose,
        purpose_detail=detail,
        court_case=court_case,
        revocation_terms=revocation_terms_text.strip() or revocation_terms(kind, language),
        language=language,
        signer_name=name,
        signer_authority=authority,
        signed_at=signed_at,
        recorded_by=actor,
        **terms,
        **signature,
    )
    consent.save()
    for row in rows:
        row.consent = consent
    ConsentRecipient.objects.bulk_create(rows)
    record(
        kind=AuditKind.CREATE,
        action="consent.refuse" if answer == Answer.REFUSED else "consent.create",
        actor=actor,
        participant=participant,
        subject=consent,
        after={**snapshot(consent, CONSENT_FIELDS), "recipients": [r.name for r in rows]},
    )
    return consent


def revocation_opens(consent: Consent) -> dt.date | None:
    """The first day a criminal-justice consent may be revoked (None: any time). The case's
    final disposition makes it revocable even before that day."""
    if consent.kind != ConsentKind.CRIMINAL_JUSTICE:
        return None
    case = consent.court_case
    if case is not None and not case.is_open:
        return None
    return consent.revocable_from if consent.revocable_from is not None else dt.date.max


@transaction.atomic
def revoke_consent(
    *, actor: Any, consent: Consent, how: str, revoked_at: dt.datetime | None = None
) -> ConsentRevocation:
    consent = (
        Consent.objects.select_for_update(of=("self",))
        .select_related("episode__program", "episode__team", "court_case", "participant")
        .get(pk=consent.pk)
    )
    require_work_scope(actor, consent.episode)
    problems = Problems()
    how = problems.text("how", how, 300, "Say how the participant revoked it (e.g. signed letter).")
    now = timezone.now()
    revoked_at = revoked_at or now
    if revoked_at > now + CLOCK_SKEW:
        problems.add("revoked_at", "The revocation time is in the future.")
    if revoked_at < consent.signed_at:
        problems.add("revoked_at", "A consent cannot be revoked before it was signed.")
    if consent.answer != Answer.GIVEN:
        problems.add("consent", "This consent was refused; there is nothing to revoke.")
    if ConsentRevocation.objects.filter(consent=consent).exists():
        problems.add("consent", "This consent is already revoked.")
    opens = revocation_opens(consent)
    day = timezone.localtime(revoked_at, consent.episode.program.zone).date()
    if opens is not None and day < opens:
        when = (
            f"before {opens:%d %b %Y} or " if opens != dt.date.max else "before "
        ) + f"the final disposition of case {consent.court_case}"
        problems.add(
            "consent",
            f"This criminal-justice consent cannot be revoked {when}, whichever comes first "
            "(42 CFR 2.35).",
        )
    problems.raise_any()
    revocation = ConsentRevocation.objects.create(
        consent=consent, revoked_at=revoked_at, how=how, recorded_by=actor
    )
    record(
        kind=AuditKind.REVOKE,
        action="consent.revoke",
        actor=actor,
        participant=consent.participant,
        subject=consent,
        after={"revoked_at": revoked_at.isoformat(), "how": how},
    )
    return revocation
