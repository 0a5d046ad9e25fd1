"""Access-matrix entries for the assessment pages and API.
`missioncj/participants/tests/test_access_matrix.py` turns each dict into a `Route`.

Rows a route works on (a completed administration, a draft, a safety alert) are made here with
the ORM and no audit event, so setting them up changes nothing the matrix compares.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from missioncj.assessments.models import Administration, Instrument, SafetyAlert
from missioncj.assessments.scoring import score
from missioncj.assessments.tests.factories import ON, phq9
from missioncj.core.models import AuditEvent


def _version() -> Any:
    return Instrument.objects.get(code="phq9").current


def _completed(ctx: Any) -> Administration:
    found = Administration.objects.filter(
        episode=ctx.episode, status="completed", corrects__isnull=True
    ).first()
    if found:
        return found
    version = _version()
    responses = phq9(0, 0, 0, 0, 0, 0, 0, 0, 1)
    scores = score(version.definition, responses)
    return Administration.objects.create(
        participant=ctx.participant,
        episode=ctx.episode,
        instrument_version=version,
        administered_on=ON,
        administered_by=ctx.signed.author,
        status="completed",
        responses=responses,
        scores=scores,
        total=scores["total"],
        band=scores["band"],
        band_label=scores["band_label"],
        completed_at=timezone.now(),
    )


def _draft(ctx: Any) -> Administration:
    return Administration.objects.filter(
        episode=ctx.episode, status="draft"
    ).first() or Administration.objects.create(
        participant=ctx.participant,
        episode=ctx.episode,
        instrument_version=_version(),
        administered_on=ON,
        administered_by=ctx.signed.author,
        responses={"q1": 1},
    )


def _alert(ctx: Any) -> SafetyAlert:
    administration = _completed(ctx)
    return administration.safety_alerts.first() or SafetyAlert.objects.create(
        participant=ctx.participant,
        episode=ctx.episode,
        administration=administration,
        reason="Matrix alert",
        raised_at=timezone.now(),
    )


def _with_alert(ctx: Any) -> dict[str, Any]:
    """No URL argument, but an alert for the route to list."""
    _alert(ctx)
    return {}


def _form_post(ctx: Any) -> dict[str, Any]:
    return {"instrument": "phq9", "administered_on": ON.isoformat(), "action": "complete", **phq9()}


# --- checks --------------------------------------------------------------------------------------


def page_ok(ctx: Any, response: Any) -> None:
    assert ctx.participant.display_name in response.content.decode()


def _by_actor(ctx: Any, action: str) -> None:
    event = AuditEvent.objects.filter(action=action).order_by("-pk").first()
    assert event is not None, action
    assert event.actor == ctx.user
    assert event.participant_public_id == ctx.participant.public_id


def _given(ctx: Any, response: Any) -> None:
    given = Administration.objects.get(participant=ctx.participant, administered_by=ctx.user)
    assert (given.status, given.total) == ("completed", 6)
    _by_actor(ctx, "assessment.complete")


def _draft_completed(ctx: Any, response: Any) -> None:
    # the draft (q1 = 1) was completed with q1 = 2: total 7
    assert Administration.objects.filter(episode=ctx.episode, status="completed", total=7).exists()
    _by_actor(ctx, "assessment.complete")


def _correction_started(ctx: Any, response: Any) -> None:
    original = _completed(ctx)
    correction = Administration.objects.get(corrects=original)
    assert (correction.status, correction.administered_by) == ("draft", ctx.user)
    _by_actor(ctx, "assessment.correction.start")


def _acknowledged(ctx: Any, response: Any) -> None:
    alert = _alert(ctx)
    assert alert.acknowledged_by == ctx.user
    _by_actor(ctx, "safety_alert.acknowledge")


def _api_list(ctx: Any, response: Any) -> None:
    assert response.json() == []
    _by_actor(ctx, "api.assessment.list")


def _api_created(ctx: Any, response: Any) -> None:
    body = response.json()
    assert (body["total"], body["administered_by"]) == (6, ctx.user.username)
    _by_actor(ctx, "assessment.complete")


def _api_schedule(ctx: Any, response: Any) -> None:
    assert isinstance(response.json(), list)
    _by_actor(ctx, "api.schedule.read")


def _with_result(ctx: Any) -> dict[str, Any]:
    _completed(ctx)  # a result to chart; the route takes no other argument
    return {}


def _trends_shown(ctx: Any, response: Any) -> None:
    html = response.content.decode()
    page_ok(ctx, response)
    assert 'id="trend-phq9"' in html and 'data-value="1"' in html
    _by_actor(ctx, "assessment.trends")


def _bands_shown(ctx: Any, response: Any) -> None:
    html = response.content.decode()
    assert ctx.program.name in html
    event = AuditEvent.objects.filter(action="assessment.bands.view").order_by("-pk").get()
    assert event.actor == ctx.user
    assert event.subject_public_id == str(ctx.program.public_id)


def program_route_specs() -> list[dict[str, Any]]:
    """Routes about a whole program (`program_id`): see the program matrix in
    `participants/tests/test_access_matrix.py`."""
    return [
        {"name": "assessments:bands", "get": _bands_shown},
        {"name": "assessments:schedules", "get": _schedules_shown},
        {"name": "assessments:follow_up", "get": _follow_up_shown},
        {"name": "assessments:schedule_edit", "get": _schedules_shown, "url_args": _schedule},
        {"name": "assessments:timepoint_new", "get": _schedules_shown, "url_args": _schedule},
        {"name": "assessments:timepoint_edit", "get": _schedules_shown, "url_args": _timepoint},
        {"name": "assessments:timepoint_remove", "get": None, "url_args": _timepoint},
        {"name": "api:program_follow_up", "get": _api_follow_up, "api": True},
    ]


def _api_follow_up(ctx: Any, response: Any) -> None:
    assert response.json()["program"] == str(ctx.program.public_id)
    event = AuditEvent.objects.filter(action="api.follow_up.report").order_by("-pk").get()
    assert event.actor == ctx.user


def _schedule_of(ctx: Any) -> Any:
    from missioncj.assessments.models import Schedule

    found = Schedule.objects.filter(program=ctx.program).first()
    return found or Schedule.objects.create(program=ctx.program, name="Matrix schedule")


def _schedule(ctx: Any) -> dict[str, Any]:
    return {"schedule_id": _schedule_of(ctx).public_id}


def _timepoint(ctx: Any) -> dict[str, Any]:
    from missioncj.assessments.models import Timepoint

    schedule = _schedule_of(ctx)
    timepoint = schedule.timepoints.first() or Timepoint.objects.create(
        schedule=schedule, code="m6", label="6 months"
    )
    return {"schedule_id": schedule.public_id, "timepoint_id": timepoint.public_id}


def _schedules_shown(ctx: Any, response: Any) -> None:
    assert "Assessment schedules" in response.content.decode()


def _follow_up_shown(ctx: Any, response: Any) -> None:
    assert f"Follow-up: {ctx.program.name}" in response.content.decode()
    event = AuditEvent.objects.filter(action="follow_up.report").order_by("-pk").get()
    assert event.actor == ctx.user


def _api_read(ctx: Any, response: Any) -> None:
    body = response.json()
    original = _completed(ctx)
    assert (body["id"], body["total"]) == (str(original.public_id), original.total)
    assert body["change"] == {
        "previous": None,
        "baseline": None,
        "from_previous": None,
        "from_baseline": None,
    }
    _by_actor(ctx, "api.assessment.read")


def _api_draft_updated(ctx: Any, response: Any) -> None:
    draft = _draft(ctx)
    assert draft.responses == {"q1": 2, "q2": 1}
    assert response.json()["responses"] == {"q1": 2, "q2": 1}
    _by_actor(ctx, "assessment.draft.update")


def _api_alerts(ctx: Any, response: Any) -> None:
    alert = _alert(ctx)
    assert [(a["id"], a["status"]) for a in response.json()] == [(str(alert.public_id), "open")]
    _by_actor(ctx, "api.safety_alert.list")


def route_specs() -> list[dict[str, Any]]:
    return [
        {"name": "assessments:index", "get": page_ok},
        {"name": "assessments:trends", "get": _trends_shown, "url_args": _with_result},
        {
            "name": "assessments:new",
            "get": page_ok,
            "post": _form_post,
            "post_check": _given,
        },
        {
            "name": "assessments:detail",
            "get": page_ok,
            "url_args": lambda ctx: {"administration_id": _completed(ctx).public_id},
        },
        {
            "name": "assessments:edit",
            "get": page_ok,
            "post": lambda ctx: {**_form_post(ctx), "q1": "2"},
            "post_check": _draft_completed,
            "url_args": lambda ctx: {"administration_id": _draft(ctx).public_id},
        },
        {
            "name": "assessments:correct",
            "post": lambda ctx: {},
            "post_check": _correction_started,
            "url_args": lambda ctx: {"administration_id": _completed(ctx).public_id},
        },
        {
            "name": "assessments:acknowledge_alert",
            "post": lambda ctx: {},
            "post_check": _acknowledged,
            "url_args": lambda ctx: {"alert_id": _alert(ctx).public_id},
        },
        {"name": "api:list_assessments", "api": True, "get": _api_list},
        {"name": "api:participant_schedule", "api": True, "get": _api_schedule},
        {
            "name": "api:create_assessment",
            "api": True,
            "post": lambda ctx: {"instrument": "phq9", "responses": phq9()},
            "post_status": 201,
            "post_check": _api_created,
        },
        {
            "name": "api:get_assessment",
            "api": True,
            "get": _api_read,
            "url_args": lambda ctx: {"administration_id": _completed(ctx).public_id},
        },
        {
            "name": "api:update_assessment",
            "api": True,
            "post": lambda ctx: {"responses": {"q1": 2, "q2": 1}},
            "post_method": "put",
            "post_status": 200,
            "post_check": _api_draft_updated,
            "url_args": lambda ctx: {"administration_id": _draft(ctx).public_id},
        },
        {
            "name": "api:complete_assessment",
            "api": True,
            "post": lambda ctx: {"responses": {**phq9(), "q1": 2}},
            "post_status": 200,
            "post_check": _draft_completed,
            "url_args": lambda ctx: {"administration_id": _draft(ctx).public_id},
        },
        {
            "name": "api:correct_assessment",
            "api": True,
            "post": lambda ctx: {},
            "post_status": 201,
            "post_check": _correction_started,
            "url_args": lambda ctx: {"administration_id": _completed(ctx).public_id},
        },
        {
            "name": "api:list_safety_alerts",
            "api": True,
            "get": _api_alerts,
            "url_args": _with_alert,
        },
        {
            "name": "api:acknowledge_safety_alert",
            "api": True,
            "post": lambda ctx: {},
            "post_status": 200,
            "post_check": _acknowledged,
            "url_args": lambda ctx: {"alert_id": _alert(ctx).public_id},
        },
    ]
