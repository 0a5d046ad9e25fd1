"""Access-matrix entries for support networks, referrals and the program referral report
(pages and API). `missioncj/participants/tests/test_access_matrix.py` turns each dict into a
`Route` (or a `ProgramRoute`).

Rows a route works on (a tie, a referral) are made here with the ORM and no audit event, so
setting them up changes nothing the matrix compares.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from missioncj.core.models import AuditEvent
from missioncj.linkage.models import Referral, ReferralStep, SupportTie

KWARGS = ("tie_id", "referral_id")


def _tie(ctx: Any) -> SupportTie:
    found = ctx.participant.support_ties.filter(ended_on__isnull=True).first()
    return found or SupportTie.objects.create(
        participant=ctx.participant,
        role="family",
        name="Matrix Aunt",
        strength=2,
        recorded_by=ctx.signed.author,
    )


def _referral(ctx: Any) -> Referral:
    found = Referral.objects.filter(episode=ctx.episode, status="referred").first()
    if found:
        return found
    row = Referral.objects.create(
        participant=ctx.participant,
        episode=ctx.episode,
        place_name="Matrix AA group",
        place_contact="Tue 7pm",
        need="recovery_center",
        status="referred",
        status_on=dt.date(2026, 10, 1),
        referred_on=dt.date(2026, 10, 1),
        created_by=ctx.signed.author,
    )
    ReferralStep.objects.create(
        referral=row,
        status="referred",
        on=row.referred_on,
        confirmed_by="staff",
        recorded_by=ctx.signed.author,
    )
    return row


def _tie_args(ctx: Any) -> dict[str, Any]:
    return {"tie_id": _tie(ctx).public_id}


def _referral_args(ctx: Any) -> dict[str, Any]:
    return {"referral_id": _referral(ctx).public_id}


def page_ok(ctx: Any, response: Any) -> None:
    assert ctx.participant.display_name in response.content.decode()


def _by_actor(ctx: Any, action: str) -> None:
    event = AuditEvent.objects.filter(action=action).order_by("-pk").first()
    assert event is not None, action
    assert event.actor == ctx.user
    assert event.participant_public_id == ctx.participant.public_id


def _read(action: str) -> Any:
    def check(ctx: Any, response: Any) -> None:
        page_ok(ctx, response)
        _by_actor(ctx, action)

    return check


def _api_read(action: str) -> Any:
    def check(ctx: Any, response: Any) -> None:
        assert response.status_code == 200
        _by_actor(ctx, action)

    return check


def _tie_added(ctx: Any, response: Any) -> None:
    assert ctx.participant.support_ties.get(name="Matrix Sponsor").recorded_by == ctx.user
    _by_actor(ctx, "network.tie.add")


def _tie_updated(ctx: Any, response: Any) -> None:
    assert _tie(ctx).name == "Matrix Aunt Jo"
    _by_actor(ctx, "network.tie.update")


def _tie_ended(ctx: Any, response: Any) -> None:
    assert ctx.participant.support_ties.filter(ended_on=dt.date(2026, 10, 2)).exists()
    _by_actor(ctx, "network.tie.end")


def _referred(ctx: Any, response: Any) -> None:
    row = Referral.objects.get(episode=ctx.episode, place_name="Matrix landlord")
    assert row.created_by == ctx.user
    _by_actor(ctx, "referral.create")


def _stepped(ctx: Any, response: Any) -> None:
    row = Referral.objects.get(episode=ctx.episode, place_name="Matrix AA group")
    assert (row.status, row.status_on) == ("scheduled", dt.date(2026, 10, 5))
    assert row.steps.latest("pk").recorded_by == ctx.user
    _by_actor(ctx, "referral.step")


TIE_POST = {"role": "sponsor", "name": "Matrix Sponsor", "strength": "3"}
REFERRAL_POST = {
    "need": "sober_housing",
    "place_name": "Matrix landlord",
    "place_contact": "555-0199",
    "urgency": "routine",
    "referred_on": "2026-10-01",
}
STEP_POST = {"status": "scheduled", "on": "2026-10-05", "confirmed_by": "peer"}


def route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "linkage:network", "get": _read("network.read")},
        {
            "name": "linkage:network_add",
            "get": page_ok,
            "post": lambda ctx: dict(TIE_POST),
            "post_check": _tie_added,
        },
        {
            "name": "linkage:network_edit",
            "get": page_ok,
            "url_args": _tie_args,
            "post": lambda ctx: {"role": "family", "name": "Matrix Aunt Jo", "strength": "2"},
            "post_check": _tie_updated,
        },
        {
            "name": "linkage:network_end",
            "get": page_ok,
            "url_args": _tie_args,
            "post": lambda ctx: {"ended_on": "2026-10-02"},
            "post_check": _tie_ended,
        },
        {"name": "linkage:referrals", "get": _read("referral.list")},
        {
            "name": "linkage:referral_new",
            "get": page_ok,
            "post": lambda ctx: dict(REFERRAL_POST),
            "post_check": _referred,
        },
        {"name": "linkage:referral", "get": _read("referral.read"), "url_args": _referral_args},
        {
            "name": "linkage:referral_step",
            "get": page_ok,
            "url_args": _referral_args,
            "post": lambda ctx: dict(STEP_POST),
            "post_check": _stepped,
        },
        # API
        {"name": "api:network_list", "api": True, "get": _api_read("api.network.read")},
        {
            "name": "api:network_add",
            "api": True,
            "post": lambda ctx: {**TIE_POST, "strength": 3},
            "post_status": 201,
            "post_check": _tie_added,
        },
        {
            "name": "api:network_update",
            "api": True,
            "url_args": _tie_args,
            "post_method": "put",
            "post": lambda ctx: {"role": "family", "name": "Matrix Aunt Jo", "strength": 2},
            "post_status": 200,
            "post_check": _tie_updated,
        },
        {
            "name": "api:network_end",
            "api": True,
            "url_args": _tie_args,
            "post": lambda ctx: {"ended_on": "2026-10-02"},
            "post_status": 200,
            "post_check": _tie_ended,
        },
        {"name": "api:referral_list", "api": True, "get": _api_read("api.referral.list")},
        {
            "name": "api:referral_create",
            "api": True,
            "post": lambda ctx: dict(REFERRAL_POST),
            "post_status": 201,
            "post_check": _referred,
        },
        {
            "name": "api:referral_get",
            "api": True,
            "url_args": _referral_args,
            "get": _api_read("api.referral.read"),
        },
        {
            "name": "api:referral_step",
            "api": True,
            "url_args": _referral_args,
            "post": lambda ctx: dict(STEP_POST),
            "post_status": 201,
            "post_check": _stepped,
        },
    ]


def _report_shown(ctx: Any, response: Any) -> None:
    assert ctx.program.name in response.content.decode()
    assert "Time from referral to first attendance" in response.content.decode()


def _api_report(ctx: Any, response: Any) -> None:
    assert response.json()["program"] == str(ctx.program.public_id)


def program_route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "linkage:program_referrals", "get": _report_shown},
        {"name": "linkage:program_settings", "get": None},
        {"name": "api:program_referral_report", "get": _api_report, "api": True},
    ]
