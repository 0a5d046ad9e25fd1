"""Access-matrix entries for the consent pages, printable forms, the accounting of disclosures
and their API (see `missioncj/participants/tests/test_access_matrix.py`).

The consent a route works on (a treatment, payment and operations consent with a scanned
signature) is made here with the ORM and no audit event, so setting it up changes nothing the
matrix compares."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from missioncj.core.models import AuditEvent
from missioncj.privacy.models import Consent, ConsentRecipient, ConsentRevocation
from missioncj.privacy.wording import FORM_STATEMENTS

KWARGS = ("consent_id", "kind")
SCAN = b"%PDF-1.4 matrix scan"


def _consent(ctx: Any) -> Consent:
    found = Consent.objects.filter(
        participant=ctx.participant, purpose_detail="matrix", revocation__isnull=True
    ).first()
    if found is not None:
        return found
    consent = Consent.objects.create(
        participant=ctx.participant,
        episode=ctx.episode,
        kind="tpo",
        discloser=ctx.episode.program.name,
        categories=["attendance"],
        purpose="tpo",
        purpose_detail="matrix",
        expiry_event="none",
        revocation_terms=FORM_STATEMENTS["en"]["revoke_any_time"],
        signer_name=ctx.participant.legal_name,
        signature_kind="scan",
        signature_scan=SCAN,
        signature_scan_type="application/pdf",
        signed_at=timezone.now(),
        recorded_by=ctx.signed.author,
    )
    ConsentRecipient.objects.create(consent=consent, kind="provider_class", name="Providers")
    return consent


def _consent_args(ctx: Any) -> dict[str, Any]:
    return {"consent_id": _consent(ctx).public_id}


def _by_actor(ctx: Any, action: str) -> None:
    event = AuditEvent.objects.filter(action=action).order_by("-pk").first()
    assert event is not None, action
    assert event.actor == ctx.user
    assert event.participant_public_id == ctx.participant.public_id


def _page(action: str = "") -> Any:
    def check(ctx: Any, response: Any) -> None:
        html = response.content.decode()
        assert ctx.participant.display_name in html or ctx.participant.legal_name in html
        if action:
            _by_actor(ctx, action)

    return check


def _blank(ctx: Any, response: Any) -> None:
    html = response.content.decode()
    assert ctx.participant.legal_name in html
    assert FORM_STATEMENTS["en"]["refusal"] in html
    _by_actor(ctx, "privacy.consent_form.print")


def _scan(ctx: Any, response: Any) -> None:
    assert response.content == SCAN
    assert response["Content-Type"] == "application/pdf"
    _by_actor(ctx, "privacy.consent.scan")


def _form_post(ctx: Any) -> dict[str, Any]:
    name = ctx.participant.legal_name
    return {
        "kind": "tpo",
        "answer": "given",
        "recipients": ["provider_class"],
        "categories": ["attendance", "plan"],
        "purpose": "tpo",
        "expiry_event": "none",
        "language": "en",
        "signer_name": name,
        "signed_at": "2026-11-01T10:00",
        "signature_kind": "typed",
        "signature_text": name,
        "information": "Matrix consent",
    }


def _recorded(ctx: Any, response: Any) -> None:
    consent = Consent.objects.get(participant=ctx.participant, information="Matrix consent")
    assert (consent.recorded_by, consent.episode) == (ctx.user, ctx.episode)
    assert consent.categories == ["attendance", "plan"]
    _by_actor(ctx, "consent.create")


def _revoked(ctx: Any, response: Any) -> None:
    revocation = ConsentRevocation.objects.get(
        consent__participant=ctx.participant, how="Matrix letter"
    )
    assert revocation.recorded_by == ctx.user
    _by_actor(ctx, "consent.revoke")


def _api_post(ctx: Any) -> dict[str, Any]:
    name = ctx.participant.legal_name
    return {
        "kind": "tpo",
        "categories": ["attendance"],
        "recipients": [{"kind": "provider_class"}],
        "expiry_event": "none",
        "signer_name": name,
        "signature_kind": "typed",
        "signature_text": name,
        "information": "Matrix API consent",
    }


def _api_recorded(answer: str) -> Any:
    def check(ctx: Any, response: Any) -> None:
        body = response.json()
        assert (body["answer"], body["recorded_by"]) == (answer, ctx.user.username)
        assert body["state"] == ("in_force" if answer == "given" else "refused")
        assert Consent.objects.filter(
            participant=ctx.participant, information="Matrix API consent", answer=answer
        ).exists()
        _by_actor(ctx, "consent.refuse" if answer == "refused" else "consent.create")

    return check


def _api_list(ctx: Any, response: Any) -> None:
    body = response.json()
    assert body["count"] == Consent.objects.filter(participant=ctx.participant).count()
    _by_actor(ctx, "api.privacy.consents.list")


def _api_get(ctx: Any, response: Any) -> None:
    assert response.json()["id"] == str(_consent(ctx).public_id)
    _by_actor(ctx, "api.privacy.consent.read")


def _api_disclosures(ctx: Any, response: Any) -> None:
    assert response.json()["participant"] == str(ctx.participant.public_id)
    _by_actor(ctx, "api.privacy.disclosures.read")


def _api_revoked(ctx: Any, response: Any) -> None:
    assert response.json()["state"] == "revoked"
    _revoked(ctx, response)


def route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "privacy:consents", "get": _page("privacy.consents.read")},
        {
            "name": "privacy:consent_new",
            "get": _page(),
            "post": _form_post,
            "post_check": _recorded,
        },
        {"name": "privacy:consent_blank", "get": _blank, "url_args": lambda ctx: {"kind": "tpo"}},
        {
            "name": "privacy:consent_detail",
            "get": _page("privacy.consent.read"),
            "url_args": _consent_args,
        },
        {
            "name": "privacy:consent_revoke",
            "get": _page(),
            "url_args": _consent_args,
            "post": lambda ctx: {"how": "Matrix letter"},
            "post_check": _revoked,
        },
        {"name": "privacy:consent_scan", "get": _scan, "url_args": _consent_args},
        {
            "name": "privacy:consent_print",
            "get": _page("privacy.consent.print"),
            "url_args": _consent_args,
        },
        {"name": "privacy:disclosures", "get": _page("privacy.disclosures.read")},
        # API
        {"name": "api:consent_list", "api": True, "get": _api_list},
        {
            "name": "api:consent_create",
            "api": True,
            "post": _api_post,
            "post_status": 201,
            "post_check": _api_recorded("given"),
        },
        {
            "name": "api:consent_refuse",
            "api": True,
            "post": _api_post,
            "post_status": 201,
            "post_check": _api_recorded("refused"),
        },
        {"name": "api:consent_get", "api": True, "get": _api_get, "url_args": _consent_args},
        {
            "name": "api:consent_revoke",
            "api": True,
            "url_args": _consent_args,
            "post": lambda ctx: {"how": "Matrix letter"},
            "post_status": 201,
            "post_check": _api_revoked,
        },
        {"name": "api:participant_disclosures", "api": True, "get": _api_disclosures},
    ]


# --- routes about a whole program ---------------------------------------------------------------


def _program_list(ctx: Any, response: Any) -> None:
    html = response.content.decode()
    assert ctx.program.name in html and "Expiring in the next 30 days" in html


def program_route_specs() -> list[dict[str, Any]]:
    return [{"name": "privacy:program_consents", "get": _program_list}]
