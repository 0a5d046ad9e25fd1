"""Fidelity and dose pages: the program report (aggregates for director, supervisor and
evaluator; the named table for director and supervisor only), the criteria settings
(director, supervisor) and a participant's weekly view (anyone who can see the participant)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path, reverse

from missioncj.core.audit import record
from missioncj.core.exports import export_response, wanted_format
from missioncj.core.forms import attach_errors
from missioncj.core.models import AuditKind
from missioncj.outcomes import fidelity
from missioncj.outcomes import fidelity_weeks as weeks
from missioncj.outcomes.access import evaluator_floor, is_evaluator_for, report_program
from missioncj.outcomes.fidelity_export import fidelity_table
from missioncj.outcomes.fidelity_forms import CriteriaForm, FilterForm
from missioncj.outcomes.fidelity_report import RATE_FIELDS, program_fidelity
from missioncj.outcomes.services import settings_for, update_outcome_settings
from missioncj.participants.models import Episode
from missioncj.participants.policies import visible_participant
from missioncj.participants.services import local_today

BAR_WIDTH, BAR_HEIGHT = 640, 160


def _shown(share: float | None) -> str:
    return "no CTI target" if share is None else f"{share}% met the CTI target"


def _bars(series: list[Any]) -> list[dict[str, Any]]:
    """Bar geometry for the weekly share of participant-weeks meeting the CTI target."""
    if not series:
        return []
    step = BAR_WIDTH / len(series)
    out = []
    for index, (monday, line) in enumerate(series):
        share = line.met_percent or 0
        height = round(BAR_HEIGHT * share / 100, 1)
        out.append(
            {
                "x": round(index * step + 1, 1),
                "y": round(BAR_HEIGHT - height, 1),
                "w": round(max(step - 2, 1), 1),
                "h": height,
                "label": f"Week of {monday:%d %b %Y}: {_shown(line.met_percent)}",
            }
        )
    return out


@login_required
def program_page(request: HttpRequest, program_id: UUID) -> HttpResponseBase:
    program = report_program(request.user, program_id)
    evaluator = is_evaluator_for(request.user, program)
    today = local_today(program)
    form = FilterForm(request.GET or None, program=program, today=today)
    start, end, team = form.values()
    report = program_fidelity(
        request.user,
        program,
        start=start,
        end=end,
        today=today,
        team=team,
        identified=not evaluator,
        floor=evaluator_floor(request.user, program),
    )
    fmt = wanted_format(request)
    if fmt and not report.notice and not (form.is_bound and form.errors):
        return export_response(
            request,
            fidelity_table(report),
            fmt,
            program=program,
            name="outcomes.fidelity",
            identified=False,
            participant_count=0,
        )
    if report.participants is not None:
        record(
            kind=AuditKind.LIST,
            action="fidelity.program_report",
            actor=request.user,
            subject=program,
            after={"shown": [str(p.item.episode.public_id) for p in report.participants]},
        )
    context = {
        "program": program,
        "report": report,
        "form": form,
        "evaluator": evaluator,
        "labels": weeks.COUNT_LABELS,
        "rate_fields": RATE_FIELDS,
        "bars": _bars(report.weeks),
        "bar_width": BAR_WIDTH,
        "bar_height": BAR_HEIGHT,
        "criteria": fidelity.criteria_for(program),
        "high_percent": settings_for(program).high_fidelity_percent,
    }
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "outcomes/fidelity.html", context, status=status)


@login_required
def settings_page(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = report_program(request.user, program_id, identified=True)
    row = settings_for(program)
    form = CriteriaForm(
        request.POST or None,
        current=fidelity.criteria_for(program, row.fidelity_criteria),
        high_percent=row.high_fidelity_percent,
    )
    if request.method == "POST" and form.is_valid():
        criteria = form.cleaned_data["fidelity_criteria"]
        try:
            update_outcome_settings(
                actor=request.user,
                program=program,
                fidelity_criteria=criteria,
                high_fidelity_percent=form.cleaned_data["high_fidelity_percent"],
            )
        except ValidationError as exc:
            others = dict(exc.message_dict)
            if others.pop("fidelity_criteria", None):
                form.place_problems(criteria)
            if others:
                attach_errors(form, ValidationError(others))
        else:
            messages.success(request, "Fidelity criteria saved.")
            return redirect(reverse("outcomes:fidelity", args=[program.public_id]))
    return render(
        request,
        "outcomes/fidelity_settings.html",
        {"program": program, "form": form, "defaults": fidelity.DEFAULT_CRITERIA},
        status=422 if form.errors else 200,
    )


def participant_items(user: Any, participant: Any) -> list[fidelity.EpisodeFidelity]:
    """Each enrolled episode of the participant the user may see, newest first."""
    episodes = list(
        Episode.objects.visible_to(user)
        .filter(participant=participant, enrolled_date__isnull=False)
        .select_related("program", "team")
        .order_by("-enrolled_date", "-pk")
    )
    items = []
    for episode in episodes:
        today = local_today(episode.program)
        found = fidelity.episode_fidelity([episode], episode.program, through=today)
        items.append(found[episode.pk])
    return items


@login_required
def participant_page(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    items = participant_items(request.user, participant)
    record(
        kind=AuditKind.READ,
        action="fidelity.participant",
        actor=request.user,
        participant=participant,
        subject=participant,
        after={"episodes": [str(i.episode.public_id) for i in items]},
    )
    return render(
        request,
        "outcomes/fidelity_participant.html",
        {"participant": participant, "items": items, "labels": weeks.COUNT_LABELS},
    )


urlpatterns = [
    path("programs/<uuid:program_id>/outcomes/fidelity/", program_page, name="fidelity"),
    path(
        "programs/<uuid:program_id>/outcomes/fidelity/settings/",
        settings_page,
        name="fidelity_settings",
    ),
    path("participants/<uuid:public_id>/fidelity/", participant_page, name="participant_fidelity"),
]
