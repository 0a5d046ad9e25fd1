"""Assessment pages: choose an instrument, a phone-first form (draft or complete), the result
with change since the previous and the baseline administration, the participant's list, the
participant-page panel, acknowledging a safety alert."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_POST

from missioncj.assessments import history, prefill, scoring, services
from missioncj.assessments.models import (
    Administration,
    Instrument,
    InstrumentVersion,
    SafetyAlert,
)
from missioncj.core.exports import Table, columns, participant_file, wanted_format
from missioncj.participants.models import Episode, Participant
from missioncj.participants.panels import Panel, register
from missioncj.participants.services import local_today
from missioncj.participants.views import visible_participant

app_name = "assessments"


def _detail_url(administration: Administration) -> str:
    return reverse(
        "assessments:detail",
        kwargs={
            "public_id": administration.participant.public_id,
            "administration_id": administration.public_id,
        },
    )


def _visible_administration(
    request: HttpRequest, participant: Participant, administration_id: UUID
) -> Administration:
    return get_object_or_404(
        history.visible_administrations(request.user, participant), public_id=administration_id
    )


def safety_plan_url(participant: Participant) -> str:
    try:
        return reverse("care:safety_plan", args=[participant.public_id])
    except NoReverseMatch:
        return reverse("participants:detail", args=[participant.public_id])


# --- the participant-page panel -----------------------------------------------------------------


def _panel_context(participant: Participant, user: Any, episodes: list[Episode]) -> dict | None:
    if not episodes:
        return None
    latest = history.latest_per_instrument(user, participant, episodes)
    return {"participant": participant, "latest": latest}


register(
    Panel(
        key="assessments",
        template="assessments/panel.html",
        context=_panel_context,
        order=25,
    )
)


# --- list and choose ----------------------------------------------------------------------------


ASSESSMENT_COLUMNS = columns(
    ("id", "Assessment id"),
    ("instrument", "Instrument"),
    ("given_on", "Given on"),
    ("status", "Status"),
    ("total", "Total"),
    ("band", "Band"),
    ("corrected", "Corrected later"),
)


@login_required
def index(request: HttpRequest, public_id: UUID) -> HttpResponseBase:
    participant = visible_participant(request, public_id)
    rows = list(history.visible_administrations(request.user, participant))
    corrected = {a.corrects_id for a in rows if a.corrects_id and a.is_completed}
    fmt = wanted_format(request)
    if fmt:
        table = Table(
            "Assessments",
            ASSESSMENT_COLUMNS,
            (
                (
                    str(a.public_id),
                    a.instrument_version.instrument.name,
                    a.administered_on,
                    "completed" if a.is_completed else "draft",
                    a.total if a.is_completed else None,
                    a.band_label if a.is_completed else "",
                    "yes" if a.pk in corrected else "no",
                )
                for a in rows
            ),
        )
        return participant_file(request, participant, table, fmt, name="assessments.list")
    services.record_read(
        actor=request.user, participant=participant, action="assessment.list", shown=rows
    )
    context = {
        "participant": participant,
        "rows": rows,
        "corrected": corrected,
        "instruments": Instrument.objects.filter(versions__is_current=True).distinct(),
    }
    return render(request, "assessments/index.html", context)


# --- the form -----------------------------------------------------------------------------------


def _parse_all(version: InstrumentVersion, data: Any) -> dict[str, Any]:
    """Answers from a POST: integers where they parse (the engine names anything else)."""
    responses: dict[str, Any] = {}
    for item in version.items:
        raw = (data.get(item["id"]) or "").strip()
        if raw == "":
            continue
        try:
            responses[item["id"]] = int(raw)
        except ValueError:
            responses[item["id"]] = raw
    return responses


def _parse(version: InstrumentVersion, data: Any) -> dict[str, Any]:
    """Answers from a POST, without answers to questions that no longer apply (branching is
    decided on the server)."""
    return scoring.prune_hidden(version.definition, _parse_all(version, data))


def _parse_date(raw: str, default: dt.date) -> tuple[dt.date, str]:
    if not raw:
        return default, ""
    try:
        return dt.date.fromisoformat(raw), ""
    except ValueError:
        return default, "Enter a date as YYYY-MM-DD."


def _controls(version: InstrumentVersion) -> set[str]:
    """Items other items depend on: changing one re-draws the questions."""
    found: set[str] = set()

    def walk(condition: Any) -> None:
        if not condition:
            return
        for key in ("any", "all"):
            for inner in condition.get(key, []):
                walk(inner)
        if "item" in condition:
            found.add(condition["item"])

    for item in version.items:
        walk(item.get("show_if"))
    return found


def _questions(
    version: InstrumentVersion,
    responses: dict[str, Any],
    errors: dict,
    prefilled: dict[str, int] | None = None,
) -> list:
    prefilled = prefilled or {}
    shown = set(scoring.visible_ids(version.definition, responses))
    controls = _controls(version)
    return [
        {
            **item,
            "section": item.get("section", ""),
            "answer": responses.get(item["id"]),
            "errors": errors.get(item["id"], []),
            "controls": item["id"] in controls,
            "number": index,
            "prefilled": item["id"] in prefilled
            and responses.get(item["id"]) == prefilled[item["id"]],
        }
        for index, item in enumerate(version.items, start=1)
        if item["id"] in shown
    ]


def _kept_hidden(version: InstrumentVersion, answers: dict[str, Any]) -> dict[str, Any]:
    """Answers to questions not shown now, carried in the page as hidden inputs so that they
    come back if an earlier answer changes (e.g. a prefilled discharge section); they are
    dropped on submit like any answer to a question that does not apply."""
    shown = set(scoring.visible_ids(version.definition, answers))
    return {k: v for k, v in answers.items() if k not in shown}


def _form(
    request: HttpRequest,
    participant: Participant,
    version: InstrumentVersion,
    administration: Administration | None,
) -> HttpResponse:
    episode = services.workable_episode_or_none(request.user, participant)
    today = local_today(episode.program) if episode else dt.date.today()
    responses: dict[str, Any] = dict(administration.responses) if administration else {}
    on = administration.administered_on if administration else today
    errors: dict[str, list[str]] = {}
    status = 200
    prefilled: dict[str, int] = {}
    if request.method != "POST" and administration is None:
        if episode is not None:
            prefilled = prefill.prefill(version, participant, episode, on)
            services.record_prefill_read(
                actor=request.user, participant=participant, version=version, items=prefilled
            )
        responses = {**prefilled, **prefill.preset(version, request.GET)}
    hidden = _kept_hidden(version, responses)
    if request.method == "POST":
        hidden = _kept_hidden(version, _parse_all(version, request.POST))
        responses = _parse(version, request.POST)
        on, date_error = _parse_date(request.POST.get("administered_on", ""), on)
        if date_error:
            errors["administered_on"] = [date_error]
        action = request.POST.get("action", "draft")
        if action in ("draft", "complete") and not errors:
            try:
                saved = _save(request, participant, version, administration, responses, on, action)
            except ValidationError as exc:
                errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            else:
                if action == "draft":
                    messages.success(
                        request, "Draft saved. Nothing is scored until you complete it."
                    )
                    return redirect(
                        "assessments:edit",
                        public_id=participant.public_id,
                        administration_id=saved.public_id,
                    )
                messages.success(request, f"{version.instrument.name} completed.")
                return redirect(_detail_url(saved))
        if errors:
            status = 422
    item_ids = {item["id"] for item in version.items}
    context = {
        "participant": participant,
        "version": version,
        "instrument": version.instrument,
        "administration": administration,
        "questions": _questions(version, responses, errors, prefilled),
        "hidden_answers": hidden,
        "prefilled": bool(prefilled),
        "administered_on": on.isoformat(),
        "errors": errors,
        "other_errors": {k: v for k, v in errors.items() if k not in item_ids},
        "error_count": sum(len(v) for v in errors.values()),
        "can_write": episode is not None,
    }
    return render(request, "assessments/form.html", context, status=status)


def _save(
    request: HttpRequest,
    participant: Participant,
    version: InstrumentVersion,
    administration: Administration | None,
    responses: dict[str, Any],
    on: dt.date,
    action: str,
) -> Administration:
    if action == "draft":
        return services.save_draft(
            actor=request.user,
            participant=participant,
            instrument=version.instrument,
            administration=administration,
            responses=responses,
            administered_on=on,
        )
    if administration is None:
        return services.record_administration(
            actor=request.user,
            participant=participant,
            instrument=version.instrument,
            responses=responses,
            administered_on=on,
        )
    return services.complete(
        actor=request.user, administration=administration, responses=responses, administered_on=on
    )


@login_required
def new(request: HttpRequest, public_id: UUID) -> HttpResponseBase:
    participant = visible_participant(request, public_id)
    code = request.GET.get("instrument") or request.POST.get("instrument", "")
    instrument = Instrument.objects.filter(code=code).first()
    version = instrument.current if instrument else None
    if version is None:  # no instrument chosen yet: the list is where one is chosen
        return index(request, public_id)
    return _form(request, participant, version, None)


@login_required
def edit(request: HttpRequest, public_id: UUID, administration_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    administration = _visible_administration(request, participant, administration_id)
    if administration.is_completed:
        messages.info(request, "A completed assessment cannot change; record a correction.")
        return redirect(_detail_url(administration))
    return _form(request, participant, administration.instrument_version, administration)


# --- result -------------------------------------------------------------------------------------


@login_required
def detail(request: HttpRequest, public_id: UUID, administration_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    administration = _visible_administration(request, participant, administration_id)
    services.record_read(
        actor=request.user,
        participant=participant,
        action="assessment.read",
        shown=[administration],
    )
    scores = administration.scores or {}
    context = {
        "participant": participant,
        "a": administration,
        "instrument": administration.instrument_version.instrument,
        "scores": scores,
        # change figures only for instruments with a total (not triage or recorded interviews)
        "change": history.change_for(administration, request.user)
        if administration.is_completed and administration.total is not None
        else None,
        "alerts": list(administration.safety_alerts.select_related("acknowledged_by")),
        "safety_plan_url": safety_plan_url(participant),
        "corrected_by": administration.corrections.filter(status="completed").first(),
        "answer_groups": _answer_groups(administration),
    }
    return render(request, "assessments/detail.html", context)


def _answer_groups(administration: Administration) -> list[dict[str, Any]]:
    """The answers, grouped by consecutive items of the same section (one group, without a
    heading, for instruments without sections)."""
    groups: list[dict[str, Any]] = []
    for item in administration.instrument_version.items:
        if item["id"] not in administration.responses:
            continue
        value = administration.responses[item["id"]]
        label = next(
            (o["label"] for o in item.get("options", []) if o["value"] == value), str(value)
        )
        section = item.get("section", "")
        if not groups or groups[-1]["section"] != section:
            groups.append({"section": section, "answers": []})
        groups[-1]["answers"].append({"text": item["text"], "value": value, "label": label})
    return groups


@login_required
@require_POST
def correct(request: HttpRequest, public_id: UUID, administration_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    administration = _visible_administration(request, participant, administration_id)
    try:
        draft = services.start_correction(actor=request.user, administration=administration)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_detail_url(administration))
    messages.success(request, "Correction started: change the answers and complete it.")
    return redirect(
        "assessments:edit", public_id=participant.public_id, administration_id=draft.public_id
    )


@login_required
@require_POST
def acknowledge(request: HttpRequest, public_id: UUID, alert_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    alert = get_object_or_404(
        SafetyAlert.objects.filter(
            participant=participant, episode__in=Episode.objects.visible_to(request.user)
        ).select_related("administration", "participant"),
        public_id=alert_id,
    )
    try:
        with transaction.atomic():
            services.acknowledge_alert(actor=request.user, alert=alert)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Safety alert acknowledged: it has left the work queue.")
    return redirect(_detail_url(alert.administration))


urlpatterns = [
    path("participants/<uuid:public_id>/assessments/", index, name="index"),
    path("participants/<uuid:public_id>/assessments/new/", new, name="new"),
    path(
        "participants/<uuid:public_id>/assessments/<uuid:administration_id>/",
        detail,
        name="detail",
    ),
    path(
        "participants/<uuid:public_id>/assessments/<uuid:administration_id>/edit/",
        edit,
        name="edit",
    ),
    path(
        "participants/<uuid:public_id>/assessments/<uuid:administration_id>/correct/",
        correct,
        name="correct",
    ),
    path(
        "participants/<uuid:public_id>/safety-alerts/<uuid:alert_id>/acknowledge/",
        acknowledge,
        name="acknowledge_alert",
    ),
]
