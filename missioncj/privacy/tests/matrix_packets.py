"""Access-matrix entry for "print for a recipient" on one participant. The POST first records a
one-time consent naming an outside party (before the matrix takes its snapshot), so in scope
the print succeeds with a PDF and one PRINT disclosure; out of scope it is a 404 and nothing
is recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from missioncj.accounts.models import User
from missioncj.privacy.models import Category, Channel, Disclosure, RecipientKind, SignatureKind
from missioncj.privacy.services.consents import RecipientInput, record_consent

PARTY = "Matrix Legal Aid"


def _post(ctx: Any) -> dict[str, Any]:
    recorder = "outsider" if ctx.episode.program == ctx.world.reentry else "director"
    record_consent(
        actor=User.objects.get(username=recorder),
        participant=ctx.participant,
        episode=ctx.episode,
        kind="single",
        categories=[Category.ATTENDANCE],
        recipients=[RecipientInput(kind=RecipientKind.PARTY, name=PARTY)],
        purpose="patient_request",
        expires_on=dt.date(2027, 9, 1),
        signer_name=ctx.participant.legal_name,
        signature_kind=SignatureKind.TYPED,
        signature_text=ctx.participant.legal_name,
        signed_at=dt.datetime(2026, 9, 6, 15, 0, tzinfo=dt.UTC),
    )
    return {"recipient": "party", "party": PARTY, "purpose": "patient_request"}


def _printed(ctx: Any, response: Any) -> None:
    assert response["Content-Type"] == "application/pdf"
    row = Disclosure.objects.get(participant=ctx.participant, channel=Channel.PRINT)
    assert row.actor == ctx.user and row.recipient_label == PARTY


def _page(ctx: Any, response: Any) -> None:
    assert ctx.participant.display_name in response.content.decode()


def route_specs() -> list[dict[str, Any]]:
    return [
        {
            "name": "privacy:print",
            "get": _page,
            "post": _post,
            "post_status": 200,
            "post_check": _printed,
        }
    ]
