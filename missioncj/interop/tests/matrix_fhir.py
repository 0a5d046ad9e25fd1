"""Access-matrix entries for the FHIR export. The participant routes make a consent naming an
outside party while the URL is built (before the matrix takes its snapshot), so in scope the
POST downloads a Bundle and writes one EXPORT disclosure by the persona; out of scope it is a
404 and nothing is recorded. Program routes: director and supervisor of the program only."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from missioncj.accounts.models import User
from missioncj.interop.models import ExportRecord
from missioncj.privacy.models import Category, Channel, Disclosure, RecipientKind, SignatureKind
from missioncj.privacy.services.consents import RecipientInput, record_consent

PARTY = "Matrix Health Partners"
IDENTIFIED = {"director": {"drug"}, "supervisor": {"drug"}}


def _consented(ctx: Any) -> dict[str, Any]:
    recorder = "outsider" if ctx.episode.program == ctx.world.reentry else "director"
    record_consent(
        actor=User.objects.get(username=recorder),
        participant=ctx.participant,
        episode=ctx.episode,
        kind="tpo",
        categories=[Category.ATTENDANCE],
        recipients=[RecipientInput(kind=RecipientKind.PARTY, name=PARTY)],
        purpose="tpo",
        expiry_event="end_of_treatment",
        signer_name=ctx.participant.legal_name,
        signature_kind=SignatureKind.TYPED,
        signature_text=ctx.participant.legal_name,
        signed_at=dt.datetime(2026, 9, 6, 15, 0, tzinfo=dt.UTC),
    )
    return {}


def _post(ctx: Any) -> dict[str, Any]:
    return {"recipient": PARTY, "purpose": "tpo"}


def _exported(ctx: Any, response: Any) -> None:
    assert response["Content-Type"] == "application/fhir+json"
    row = Disclosure.objects.get(participant=ctx.participant, channel=Channel.EXPORT)
    assert row.actor == ctx.user and row.recipient_label == PARTY
    bundle = json.loads(response.content)
    assert bundle["resourceType"] == "Bundle"
    assert ExportRecord.objects.get(sha256=row.sha256).actor == ctx.user


def _page(ctx: Any, response: Any) -> None:
    html = response.content.decode()
    assert ctx.participant.display_name in html and "FHIR export" in html


def _program_page(ctx: Any, response: Any) -> None:
    assert f"FHIR export · {ctx.program.name}" in response.content.decode()


def _api_preview(ctx: Any, response: Any) -> None:
    body = response.json()
    assert body["participants"] == [] and body["recipient"] is None
    assert body["categories"] == ["attendance", "assessments", "plan"]


def route_specs() -> list[dict[str, Any]]:
    return [
        {
            "name": "interop:participant_fhir",
            "get": _page,
            "post": _post,
            "post_status": 200,
            "post_check": _exported,
            "url_args": _consented,
        },
        {
            "name": "api:participant_fhir",
            "api": True,
            "get": _api_preview,
            "post": _post,
            "post_status": 200,
            "post_check": _exported,
            "url_args": _consented,
        },
    ]


def program_route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "interop:program_fhir", "get": _program_page, "scope": IDENTIFIED},
        {"name": "api:program_fhir", "get": _api_preview, "api": True, "scope": IDENTIFIED},
    ]
