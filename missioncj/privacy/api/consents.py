"""Consents over the JSON API (mounted at /api/v1): a participant's consents with the state the
disclosure rule gives each, one consent, recording a consent (signature typed or a drawn PNG
data URL) or a refusal, and revoking one. Everything starts from the participant and episodes
the caller may see (404 otherwise); a refused write is a 422 naming each field, saving nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.court.models import CourtCase, CourtSeat
from missioncj.participants.models import Participant
from missioncj.participants.policies import visible_participant
from missioncj.privacy import policies
from missioncj.privacy.models import Answer, Consent, RecipientKind
from missioncj.privacy.services.consents import RecipientInput, record_consent, revoke_consent
from missioncj.privacy.states import ConsentState, with_states

PREFIX = ""
router = Router(tags=["consents"])
BASE = "/participants/{participant_id}/consents"


class RecipientOut(Schema):
    kind: str
    name: str
    court: UUID | None
    seat: str
    username: str


class RevocationOut(Schema):
    revoked_at: dt.datetime
    how: str
    recorded_by: str


class ConsentOut(Schema):
    id: UUID
    episode: UUID
    kind: str
    answer: str
    state: str = Field(description="in_force, refused, revoked, expired, ended_with_case, …")
    state_label: str
    state_reason: str = Field(description="the disclosure rule's reason; empty when in force")
    discloser: str
    categories: list[str]
    information: str
    purpose: str
    purpose_detail: str
    court_case: UUID | None
    docket_number: str
    expires_on: dt.date | None
    expiry_event: str
    revocable_from: dt.date | None
    revocation_terms: str
    language: str
    signer_name: str
    signer_authority: str
    signature_kind: str
    signed_at: dt.datetime
    recorded_by: str
    recipients: list[RecipientOut]
    revocation: RevocationOut | None


class ConsentDetailOut(ConsentOut):
    disclosures: list[UUID] = Field(description="disclosures that relied on this consent")


class ConsentList(Schema):
    count: int
    items: list[ConsentOut]


class RecipientIn(Schema):
    kind: str = Field(description="person, seat, court_team, party or provider_class")
    court: UUID | None = Field(None, description="seat and court_team: one of the program's courts")
    seat: str = Field("", description="seat: judge, coordinator, prosecutor, defense, probation …")
    username: str = Field("", description="person: the account of someone seated at the court")
    name: str = Field("", description="party: the outside person or organisation")


class ConsentIn(Schema):
    kind: str = Field(description="criminal_justice, tpo, single or counseling_notes")
    categories: list[str] = Field(default_factory=list)
    recipients: list[RecipientIn] = Field(default_factory=list)
    purpose: str = ""
    purpose_detail: str = ""
    court_case: UUID | None = Field(None, description="criminal_justice: the open case")
    information: str = ""
    discloser: str = ""
    language: str = "en"
    signer_name: str = ""
    signer_authority: str = ""
    signed_at: dt.datetime | None = None
    expires_on: dt.date | None = None
    expiry_event: str = ""
    revocable_from: dt.date | None = None
    signature_kind: str = Field("", description="typed or drawn (a scan is uploaded on the page)")
    signature_text: str = ""
    signature_image: str = Field("", description="drawn: data:image/png;base64,…")


class RevocationIn(Schema):
    how: str = ""
    revoked_at: dt.datetime | None = None


def _out(consent: Consent, state: ConsentState) -> dict[str, Any]:
    revocation = getattr(consent, "revocation", None)
    case = consent.court_case
    return {
        "id": consent.public_id,
        "episode": consent.episode.public_id,
        "kind": consent.kind,
        "answer": consent.answer,
        "state": state.code,
        "state_label": state.label,
        "state_reason": state.reason,
        **{
            f: getattr(consent, f)
            for f in (
                "discloser",
                "categories",
                "information",
                "purpose",
                "purpose_detail",
                "expires_on",
                "expiry_event",
                "revocable_from",
                "revocation_terms",
                "language",
                "signer_name",
                "signer_authority",
                "signature_kind",
                "signed_at",
            )
        },
        "court_case": case.public_id if case else None,
        "docket_number": case.docket_number if case else "",
        "recorded_by": consent.recorded_by.username,
        "recipients": [
            {
                "kind": r.kind,
                "name": r.name,
                "court": r.court.public_id if r.court else None,
                "seat": r.seat,
                "username": r.user.username if r.user else "",
            }
            for r in consent.recipients.all()
        ],
        "revocation": {
            "revoked_at": revocation.revoked_at,
            "how": revocation.how,
            "recorded_by": revocation.recorded_by.username,
        }
        if revocation
        else None,
    }


def _detail(consent: Consent) -> dict[str, Any]:
    [(consent, state)] = with_states(
        Consent.objects.filter(pk=consent.pk).prefetch_related(
            "recipients__court", "recipients__user"
        )
    )
    return {
        **_out(consent, state),
        "disclosures": [d.public_id for d in consent.disclosures.order_by("-occurred_at", "-pk")],
    }


def _read(
    request: HttpRequest, participant: Participant, action: str, subject: Any, shown: list[Any]
) -> None:
    record(
        kind=AuditKind.READ,
        action=action,
        actor=request.user,
        participant=participant,
        subject=subject,
        after={"shown": [str(s) for s in shown]},
    )


def _recipients(payload: ConsentIn, courts: Any) -> list[RecipientInput]:
    by_id = {c.public_id: c for c in courts}
    out = []
    for r in payload.recipients:
        court = by_id.get(r.court) if r.court else None
        if r.court and court is None:
            raise ValidationError({"recipients": "No such court in this participant's program."})
        user = None
        if r.kind == RecipientKind.PERSON:
            seat = (
                CourtSeat.objects.filter(court__in=courts, active=True, user__username=r.username)
                .select_related("user")
                .first()
            )
            if seat is None:
                raise ValidationError(
                    {
                        "recipients": f"{r.username or 'That person'} holds no seat at this "
                        "program's courts."
                    }
                )
            user = seat.user
        out.append(RecipientInput(kind=r.kind, user=user, court=court, seat=r.seat, name=r.name))
    return out


def _record(request: HttpRequest, participant_id: UUID, payload: ConsentIn, answer: str) -> Consent:
    participant = visible_participant(request, participant_id)
    episode = policies.consent_episode(request.user, participant)
    if episode is None:
        raise ValidationError({"episode": "This participant has no episode to record it on."})
    courts = policies.consent_courts(episode)
    case: CourtCase | None = None
    if payload.court_case is not None:
        case = (
            policies.consent_cases(request.user, participant)
            .filter(public_id=payload.court_case)
            .first()
        )
        if case is None:
            raise ValidationError({"court_case": "No such open case for this participant."})
    data = payload.dict(exclude={"recipients", "court_case", "signature_image", "signature_text"})
    signature: dict[str, Any] = {}
    if payload.signature_kind == "drawn" or payload.signature_image:
        signature["signature_image"] = payload.signature_image
    if payload.signature_kind == "typed" or payload.signature_text:
        signature["signature_text"] = payload.signature_text
    return record_consent(
        actor=request.user,
        participant=participant,
        episode=episode,
        answer=answer,
        court_case=case,
        recipients=_recipients(payload, courts),
        **data,
        **signature,
    )


@router.get(
    BASE,
    response=ConsentList,
    summary="A participant's consents with their state",
    url_name="consent_list",
)
def list_consents(request: HttpRequest, participant_id: UUID) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    rows = with_states(
        policies.visible_consents(request.user, participant).prefetch_related(
            "recipients__court", "recipients__user"
        )
    )
    _read(
        request,
        participant,
        "api.privacy.consents.list",
        participant,
        [c.public_id for c, _ in rows],
    )
    return {"count": len(rows), "items": [_out(c, s) for c, s in rows]}


@router.post(
    BASE,
    response={201: ConsentDetailOut},
    summary="Record a signed consent",
    url_name="consent_create",
)
def create_consent(request: HttpRequest, participant_id: UUID, payload: ConsentIn) -> Any:
    return _detail(_record(request, participant_id, payload, Answer.GIVEN))


@router.post(
    BASE + "/refusals",
    response={201: ConsentDetailOut},
    summary="Record that the participant refused a consent (what was asked, to whom)",
    url_name="consent_refuse",
)
def refuse_consent(request: HttpRequest, participant_id: UUID, payload: ConsentIn) -> Any:
    return _detail(_record(request, participant_id, payload, Answer.REFUSED))


@router.get(
    BASE + "/{consent_id}", response=ConsentDetailOut, summary="One consent", url_name="consent_get"
)
def get_consent(request: HttpRequest, participant_id: UUID, consent_id: UUID) -> dict[str, Any]:
    participant = visible_participant(request, participant_id)
    consent = policies.consent_or_404(request.user, participant, consent_id)
    body = _detail(consent)
    _read(request, participant, "api.privacy.consent.read", consent, [consent.public_id])
    return body


@router.post(
    BASE + "/{consent_id}/revocation",
    response={201: ConsentDetailOut},
    summary="Revoke a consent (a criminal-justice consent only from its stated day or disposition)",
    url_name="consent_revoke",
)
def revoke(
    request: HttpRequest, participant_id: UUID, consent_id: UUID, payload: RevocationIn
) -> Any:
    participant = visible_participant(request, participant_id)
    consent = policies.consent_or_404(request.user, participant, consent_id)
    revoke_consent(
        actor=request.user, consent=consent, how=payload.how, revoked_at=payload.revoked_at
    )
    return _detail(consent)
