"""Access-matrix entries for the drug-test pages and API. `missioncj/participants/tests/
test_access_matrix.py` turns each dict into a `Route`.

Tests a route works on (notified, collected, resulted positive) are made here with the ORM and
no audit event, so setting them up changes nothing the matrix compares."""

from __future__ import annotations

import datetime as dt
from typing import Any

from missioncj.core.models import AuditEvent
from missioncj.court.models import AnalyteResult, DrugTest, RandomSchedule

KWARGS = {"test_id"}
AT = dt.datetime(2026, 10, 1, 14, 0, tzinfo=dt.UTC)


def _test(ctx: Any, status: str, note: str, **extra: Any) -> DrugTest:
    found = DrugTest.objects.filter(episode=ctx.episode, note=note).first()
    if found:
        return found
    return DrugTest.objects.create(
        participant=ctx.participant,
        episode=ctx.episode,
        reason="random",
        specimen="urine",
        notified_at=AT - dt.timedelta(hours=1),
        status=status,
        outcome="pending",
        local_date=AT.date(),
        note=note,
        recorded_by=ctx.signed.author,
        **extra,
    )


def _notified(ctx: Any) -> DrugTest:
    return _test(ctx, "notified", "matrix notified")


def _collected(ctx: Any) -> DrugTest:
    return _test(ctx, "collected", "matrix collected", collected_at=AT)


def _positive(ctx: Any) -> DrugTest:
    test = _test(
        ctx, "collected", "matrix positive", collected_at=AT, resulted_at=AT + dt.timedelta(days=1)
    )
    if not test.results.exists():
        AnalyteResult.objects.create(test=test, analyte="cocaine", result="positive")
        test.outcome = "positive"
        test.save(update_fields=["outcome"])
    return test


# --- checks --------------------------------------------------------------------------------------


def page_ok(ctx: Any, response: Any) -> None:
    assert ctx.participant.display_name in response.content.decode()


def _by_actor(ctx: Any, action: str) -> None:
    event = AuditEvent.objects.filter(action=action).order_by("-pk").first()
    assert event is not None, action
    assert event.actor == ctx.user
    assert event.participant_public_id == ctx.participant.public_id


def _listed(ctx: Any, response: Any) -> None:
    page_ok(ctx, response)
    _by_actor(ctx, "drug_test.list")


def _noticed(ctx: Any, response: Any) -> None:
    test = DrugTest.objects.get(participant=ctx.participant, note="Matrix notice")
    assert (test.status, test.recorded_by) == ("notified", ctx.user)
    _by_actor(ctx, "drug_test.notice")


def _collected_new(ctx: Any, response: Any) -> None:
    test = DrugTest.objects.get(participant=ctx.participant, note="Matrix collection")
    assert (test.status, test.reason, test.recorded_by) == ("collected", "for_cause", ctx.user)
    _by_actor(ctx, "drug_test.collect")


def _started(ctx: Any, response: Any) -> None:
    assert RandomSchedule.objects.get(episode=ctx.episode).starts_on == dt.date(2026, 9, 10)
    _by_actor(ctx, "random_testing.start")


def _results_saved(ctx: Any, response: Any) -> None:
    test = _collected(ctx)
    test.refresh_from_db()
    assert test.outcome == "negative"
    _by_actor(ctx, "drug_test.results")


def _closed(ctx: Any, response: Any) -> None:
    test = DrugTest.objects.get(episode=ctx.episode, note="Matrix no-show")
    assert (test.status, test.outcome) == ("missed", "missed")
    _by_actor(ctx, "drug_test.missed")


def _confirmed(ctx: Any, response: Any) -> None:
    test = _positive(ctx)
    assert test.results.get().confirmation == "confirmed"
    _by_actor(ctx, "drug_test.confirmation")


def _api_list(ctx: Any, response: Any) -> None:
    body = response.json()
    assert body["count"] == DrugTest.objects.filter(participant=ctx.participant).count()
    _by_actor(ctx, "api.drug_test.list")


def _api_created(ctx: Any, response: Any) -> None:
    body = response.json()
    assert (body["status"], body["note"]) == ("notified", "Matrix API notice")
    assert DrugTest.objects.filter(participant=ctx.participant, note="Matrix API notice").exists()


# --- the entries ---------------------------------------------------------------------------------


def route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "court:tests", "get": _listed},
        {
            "name": "court:test_notice",
            "get": page_ok,
            "post": lambda ctx: {"reason": "random", "specimen": "urine", "note": "Matrix notice"},
            "post_check": _noticed,
        },
        {
            "name": "court:test_collect",
            "get": page_ok,
            "post": lambda ctx: {
                "reason": "for_cause",
                "collected_at": "2026-10-01T10:00",
                "specimen": "urine",
                "note": "Matrix collection",
            },
            "post_check": _collected_new,
        },
        {
            "name": "court:random_start",
            "get": page_ok,
            "post": lambda ctx: {"starts_on": "2026-09-10"},
            "post_check": _started,
        },
        {
            "name": "court:test_results",
            "get": page_ok,
            "post": lambda ctx: {
                "resulted_at": "2026-10-02T10:00",
                "validity": "valid",
                "negative": ["thc", "cocaine"],
            },
            "post_check": _results_saved,
            "url_args": lambda ctx: {"test_id": _collected(ctx).public_id},
        },
        {
            "name": "court:test_close",
            "get": page_ok,
            "post": lambda ctx: {"status": "missed", "reason": "Matrix no-show"},
            "post_check": _closed,
            "url_args": lambda ctx: {"test_id": _notified(ctx).public_id},
        },
        {
            "name": "court:test_confirm",
            "get": page_ok,
            "post": lambda ctx: {
                "analyte": "cocaine",
                "confirmed": "yes",
                "confirmed_at": "2026-10-03T10:00",
            },
            "post_check": _confirmed,
            "url_args": lambda ctx: {"test_id": _positive(ctx).public_id},
        },
        {"name": "api:drug_test_list", "api": True, "get": _api_list},
        {
            "name": "api:drug_test_create",
            "api": True,
            "post": lambda ctx: {"reason": "random", "note": "Matrix API notice"},
            "post_status": 201,
            "post_check": _api_created,
        },
    ]


# --- routes about a whole program (see the program matrix in test_access_matrix.py) ------------


def _calls_shown(ctx: Any, response: Any) -> None:
    assert ctx.program.name in response.content.decode()


def _api_calls(ctx: Any, response: Any) -> None:
    assert isinstance(response.json(), dict | list)


def program_route_specs() -> list[dict[str, Any]]:
    from missioncj.court.tests.matrix_cases import STAFF_SCOPE

    return [
        {"name": "court:calls_today", "get": _calls_shown, "scope": STAFF_SCOPE},
        {"name": "api:random_calls", "get": _api_calls, "scope": STAFF_SCOPE, "api": True},
    ]
