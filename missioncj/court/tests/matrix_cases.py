"""Access-matrix entries for court cases, charges and conditions (pages and API).
`missioncj/participants/tests/test_access_matrix.py` turns each dict into a `Route`.

Rows a route works on (a court of the participant's program, a case, a charge, a measurable
condition) are made here with the ORM and no audit event, so setting them up changes nothing
the matrix compares. The court partner sees none of this (404), like every other persona out
of scope.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from missioncj.core.models import AuditEvent
from missioncj.court.models import Charge, Condition, ConditionProgress, Court, CourtCase

KWARGS = {"case_id", "charge_id", "condition_id"}
OPENED = dt.date(2026, 9, 8)


def _court(ctx: Any) -> Court:
    court, _ = Court.objects.get_or_create(
        program=ctx.episode.program, name="Matrix Court", defaults={"judge": "Hon. M. Matrix"}
    )
    return court


def _case(ctx: Any) -> CourtCase:
    case, _ = CourtCase.objects.get_or_create(
        court=_court(ctx),
        docket_number=f"MX-{ctx.participant.pk}",
        defaults={
            "participant": ctx.participant,
            "episode": ctx.episode,
            "status": "post_plea",
            "intercept": 3,
            "opened_on": OPENED,
            "recorded_by": ctx.signed.author,
        },
    )
    return case


def _charge(ctx: Any) -> Charge:
    case = _case(ctx)
    return case.charges.first() or Charge.objects.create(
        case=case, statute="MX 1.1", description="Matrix charge", level="misdemeanor", order=1
    )


def _condition(ctx: Any) -> Condition:
    case = _case(ctx)
    return case.conditions.filter(unit="hours").first() or Condition.objects.create(
        case=case,
        kind="community_service",
        description="Matrix hours",
        ordered_on=OPENED,
        due_on=dt.date(2027, 1, 31),
        unit="hours",
        required=Decimal("40"),
    )


def _case_args(ctx: Any) -> dict[str, Any]:
    return {"case_id": _case(ctx).public_id}


def _charge_args(ctx: Any) -> dict[str, Any]:
    return {"case_id": _case(ctx).public_id, "charge_id": _charge(ctx).public_id}


def _condition_args(ctx: Any) -> dict[str, Any]:
    return {"case_id": _case(ctx).public_id, "condition_id": _condition(ctx).public_id}


# --- checks --------------------------------------------------------------------------------------


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


def _case_page(ctx: Any, response: Any) -> None:
    page_ok(ctx, response)
    assert f"MX-{ctx.participant.pk}" in response.content.decode()
    _by_actor(ctx, "court.case.read")


def _case_opened(ctx: Any, response: Any) -> None:
    case = CourtCase.objects.get(docket_number=f"MX-NEW-{ctx.participant.pk}")
    assert (case.recorded_by, case.episode) == (ctx.user, ctx.episode)
    _by_actor(ctx, "court.case.open")


def _case_edited(ctx: Any, response: Any) -> None:
    assert _case(ctx).attorney_name == "Matrix Defender"
    _by_actor(ctx, "court.case.update")


def _case_disposed(ctx: Any, response: Any) -> None:
    case = _case(ctx)
    assert (case.status, case.disposed_on) == ("dismissed", dt.date(2026, 10, 1))
    _by_actor(ctx, "court.case.dispose")


def _charge_added(ctx: Any, response: Any) -> None:
    assert _case(ctx).charges.filter(statute="MX 2.2").exists()
    _by_actor(ctx, "court.charge.add")


def _charge_edited(ctx: Any, response: Any) -> None:
    assert _charge(ctx).disposition == "Nolle prosequi"
    _by_actor(ctx, "court.charge.update")


def _charge_removed(ctx: Any, response: Any) -> None:
    assert not Charge.objects.filter(case__participant=ctx.participant).exists()
    _by_actor(ctx, "court.charge.remove")


def _condition_added(ctx: Any, response: Any) -> None:
    assert _case(ctx).conditions.filter(description="Matrix fees").exists()
    _by_actor(ctx, "court.condition.add")


def _progress_recorded(ctx: Any, response: Any) -> None:
    row = ConditionProgress.objects.get(condition=_condition(ctx))
    assert (row.amount, row.recorded_by) == (Decimal("8.00"), ctx.user)
    _by_actor(ctx, "court.condition.progress")


def _status_set(ctx: Any, response: Any) -> None:
    assert _condition(ctx).status == "met"
    _by_actor(ctx, "court.condition.status")


def _api_list(ctx: Any, response: Any) -> None:
    body = response.json()
    assert body["count"] == CourtCase.objects.filter(participant=ctx.participant).count()
    _by_actor(ctx, "api.court.cases.list")


def _api_case(ctx: Any, response: Any) -> None:
    assert response.json()["docket_number"] == f"MX-{ctx.participant.pk}"
    _by_actor(ctx, "api.court.case.read")


# --- the entries ---------------------------------------------------------------------------------


def route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "court:participant_court", "get": _read("court.cases.read")},
        {
            "name": "court:case_new",
            "get": page_ok,
            "post": lambda ctx: {
                "court": str(_court(ctx).public_id),
                "docket_number": f"MX-NEW-{ctx.participant.pk}",
                "status": "pre_plea",
                "intercept": "3",
                "opened_on": "2026-09-10",
            },
            "post_check": _case_opened,
        },
        {"name": "court:case_detail", "get": _case_page, "url_args": _case_args},
        {
            "name": "court:case_edit",
            "get": page_ok,
            "url_args": _case_args,
            "post": lambda ctx: {
                "court": str(_court(ctx).public_id),
                "docket_number": f"MX-{ctx.participant.pk}",
                "status": "post_plea",
                "intercept": "3",
                "opened_on": OPENED.isoformat(),
                "attorney_name": "Matrix Defender",
            },
            "post_check": _case_edited,
        },
        {
            "name": "court:case_dispose",
            "get": page_ok,
            "url_args": _case_args,
            "post": lambda ctx: {
                "status": "dismissed",
                "disposed_on": "2026-10-01",
                "disposition": "Dismissed on graduation",
            },
            "post_check": _case_disposed,
        },
        {
            "name": "court:charge_new",
            "get": page_ok,
            "url_args": _case_args,
            "post": lambda ctx: {
                "statute": "MX 2.2",
                "description": "Matrix theft",
                "level": "misdemeanor",
            },
            "post_check": _charge_added,
        },
        {
            "name": "court:charge_edit",
            "get": page_ok,
            "url_args": _charge_args,
            "post": lambda ctx: {
                "statute": "MX 1.1",
                "description": "Matrix charge",
                "level": "misdemeanor",
                "disposition": "Nolle prosequi",
                "disposition_on": "2026-10-01",
            },
            "post_check": _charge_edited,
        },
        {
            "name": "court:charge_remove",
            "get": page_ok,
            "url_args": _charge_args,
            "post": lambda ctx: {},
            "post_check": _charge_removed,
        },
        {
            "name": "court:condition_new",
            "get": page_ok,
            "url_args": _case_args,
            "post": lambda ctx: {
                "kind": "fees",
                "description": "Matrix fees",
                "ordered_on": "2026-09-10",
                "due_on": "2027-01-10",
                "unit": "dollars",
                "required": "250.00",
            },
            "post_check": _condition_added,
        },
        {
            "name": "court:condition_progress",
            "get": page_ok,
            "url_args": _condition_args,
            "post": lambda ctx: {"on": "2026-10-01", "amount": "8"},
            "post_check": _progress_recorded,
        },
        {
            "name": "court:condition_status",
            "get": page_ok,
            "url_args": _condition_args,
            "post": lambda ctx: {"status": "met", "note": "Matrix"},
            "post_check": _status_set,
        },
        # API
        {"name": "api:court_case_list", "api": True, "get": _api_list},
        {
            "name": "api:court_case_open",
            "api": True,
            "post": lambda ctx: {
                "court": str(_court(ctx).public_id),
                "docket_number": f"MX-NEW-{ctx.participant.pk}",
                "opened_on": "2026-09-10",
                "charges": [
                    {"statute": "MX 3.3", "description": "Matrix DUI", "level": "misdemeanor"}
                ],
            },
            "post_status": 201,
            "post_check": _case_opened,
        },
        {"name": "api:court_case_get", "api": True, "get": _api_case, "url_args": _case_args},
        {
            "name": "api:court_charge_add",
            "api": True,
            "url_args": _case_args,
            "post": lambda ctx: {
                "statute": "MX 2.2",
                "description": "Matrix theft",
                "level": "misdemeanor",
            },
            "post_status": 201,
            "post_check": _charge_added,
        },
        {
            "name": "api:court_condition_add",
            "api": True,
            "url_args": _case_args,
            "post": lambda ctx: {
                "kind": "fees",
                "description": "Matrix fees",
                "ordered_on": "2026-09-10",
                "unit": "dollars",
                "required": "250.00",
            },
            "post_status": 201,
            "post_check": _condition_added,
        },
        {
            "name": "api:court_progress_add",
            "api": True,
            "url_args": _condition_args,
            "post": lambda ctx: {"on": "2026-10-01", "amount": "8"},
            "post_status": 201,
            "post_check": _progress_recorded,
        },
        {
            "name": "api:court_condition_status",
            "api": True,
            "url_args": _condition_args,
            "post": lambda ctx: {"status": "met", "note": "Matrix"},
            "post_status": 200,
            "post_check": _status_set,
        },
    ]


# --- routes about a whole program (see the program matrix in test_access_matrix.py) ------------

STAFF_SCOPE = {
    "director": {"drug"},
    "supervisor": {"drug"},
    "casemanager": {"drug"},
    "peer": {"drug"},
    "clinician": {"drug"},
    "outsider": {"reentry"},
}


def _program_court(ctx: Any) -> dict[str, Any]:
    from missioncj.court.models import Court

    court = Court.objects.filter(program=ctx.program).first() or Court.objects.create(
        program=ctx.program, name=f"{ctx.program.name} court"
    )
    return {"court_id": court.public_id}


def _courts_shown(ctx: Any, response: Any) -> None:
    assert ctx.program.name in response.content.decode()


def program_route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "court:courts", "get": _courts_shown, "scope": STAFF_SCOPE},
        {"name": "court:court_new", "get": _courts_shown},
        {"name": "court:court_edit", "get": _courts_shown, "url_args": _program_court},
    ]
