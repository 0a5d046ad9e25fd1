"""Court pages: a court's phases (list, adopt the defaults, add, change, remove), the program's
incentive-to-sanction ratios, and (from `phases_participant`) a participant's court phase.

Importing this module registers the participant-page panel and the `phase_ready` work-queue
kind (see `CourtConfig.ready`)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from missioncj.core.audit import record
from missioncj.core.forms import DateInput, submit
from missioncj.core.models import AuditKind
from missioncj.court import phases_alerts  # noqa: F401 - registers the work-queue kind
from missioncj.court.models import Court, CourtPhase
from missioncj.court.phase_defaults import DEFAULT_PHASES
from missioncj.court.phases_forms import NewPhaseForm, PhaseForm
from missioncj.court.policies import can_configure, staff_program_ids, visible_courts
from missioncj.court.response_stats import TARGET_RATIO, episode_ratios, program_ratio
from missioncj.court.services import phases as services
from missioncj.court.views import phases_participant
from missioncj.participants.models import Episode
from missioncj.participants.services import local_today
from missioncj.programs.models import Program

PERIOD_DAYS = 90  # the responses report's default period: the last 90 days

# --- a court's phases ---------------------------------------------------------------------------


def _court(request: HttpRequest, court_id: UUID) -> Court:
    return get_object_or_404(visible_courts(request.user), public_id=court_id)


def _configurable(request: HttpRequest, court_id: UUID) -> Court:
    court = _court(request, court_id)
    if not can_configure(request.user, court):
        raise Http404("Not a court you configure")
    return court


def _here(court: Court) -> str:
    return reverse("court:phases", args=[court.public_id])


@login_required
def phases(request: HttpRequest, court_id: UUID) -> HttpResponse:
    court = _court(request, court_id)
    configure = can_configure(request.user, court)
    error = ""
    if request.method == "POST":
        if not configure:
            raise Http404("Not a court you configure")
        try:
            made = services.adopt_default_phases(actor=request.user, court=court)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"{len(made)} default phases added: adapt them below.")
            return redirect(_here(court))
    rows = list(court.phases.order_by("number"))
    context = {
        "court": court,
        "phases": rows,
        "configure": configure,
        "defaults": DEFAULT_PHASES if not rows else [],
        "error": error,
    }
    return render(request, "court/phases_court.html", context, status=422 if error else 200)


def _phase_page(
    request: HttpRequest, court: Court, form: forms.Form, title: str, phase: CourtPhase | None
) -> HttpResponse:
    context = {"court": court, "form": form, "title": title, "phase": phase}
    return render(request, "court/phases_edit.html", context, status=422 if form.is_bound else 200)


@login_required
def phase_new(request: HttpRequest, court_id: UUID) -> HttpResponse:
    court = _configurable(request, court_id)
    initial = {
        **services.DEFAULTS,
        "tasks": "",
        "number": court.phases.count() + 1,
    }
    form = NewPhaseForm(request.POST or None, initial=initial)
    response = submit(
        request,
        form,
        lambda data: services.define_phase(actor=request.user, court=court, **data),
        done=lambda phase: f"{phase} added.",
        then=_here(court),
    )
    return response or _phase_page(request, court, form, "Add a phase", None)


def _phase(court: Court, phase_id: UUID) -> CourtPhase:
    return get_object_or_404(CourtPhase.objects.filter(court=court), public_id=phase_id)


@login_required
def phase_edit(request: HttpRequest, court_id: UUID, phase_id: UUID) -> HttpResponse:
    court = _configurable(request, court_id)
    phase = _phase(court, phase_id)
    form = PhaseForm(request.POST or None, initial=PhaseForm.initial_for(phase))
    response = submit(
        request,
        form,
        lambda data: services.update_phase(actor=request.user, phase=phase, **data),
        done=lambda saved: f"{saved} saved.",
        then=_here(court),
    )
    return response or _phase_page(request, court, form, f"Change {phase}", phase)


@login_required
@require_POST
def phase_remove(request: HttpRequest, court_id: UUID, phase_id: UUID) -> HttpResponse:
    court = _configurable(request, court_id)
    phase = _phase(court, phase_id)
    try:
        services.remove_phase(actor=request.user, phase=phase)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Phase {phase.number} removed.")
    return redirect(_here(court))


# --- the program's responses --------------------------------------------------------------------


class PeriodForm(forms.Form):
    start = forms.DateField(widget=DateInput(), label="From")
    end = forms.DateField(widget=DateInput(), label="To")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The end of the period cannot be before its start.")
        return data


@login_required
def program_responses(request: HttpRequest, program_id: UUID) -> HttpResponse:
    """Incentive-to-sanction ratio per participant the user may see, and the program's total
    (counts of every participant in the program, without names)."""
    program = get_object_or_404(
        Program.objects.filter(pk__in=staff_program_ids(request.user)), public_id=program_id
    )
    end = local_today(program)
    default = {"start": end - dt.timedelta(days=PERIOD_DAYS), "end": end}
    form = PeriodForm(request.GET if request.GET else None, initial=default)
    period = form.cleaned_data if form.is_bound and form.is_valid() else default
    start, end = period["start"], period["end"]
    episodes = list(
        Episode.objects.visible_to(request.user)
        .filter(program=program, enrolled_date__isnull=False, enrolled_date__lte=end)
        .exclude(closed_date__lt=start)
        .select_related("participant", "team")
        .order_by("participant__last_name", "participant__first_name", "pk")
    )
    ratios = episode_ratios([e.pk for e in episodes], start, end)
    rows = [{"episode": e, "ratio": ratios[e.pk]} for e in episodes]
    record(
        kind=AuditKind.LIST,
        action="court.responses.program",
        actor=request.user,
        subject=program,
        after={
            "start": str(start),
            "end": str(end),
            "shown": [str(e.participant.public_id) for e in episodes],
        },
    )
    context = {
        "program": program,
        "form": form,
        "start": start,
        "end": end,
        "rows": rows,
        "total": program_ratio(program, start, end),
        "target": TARGET_RATIO,
        "under": sum(1 for e in episodes if ratios[e.pk].under_target),
    }
    return render(request, "court/phases_program_responses.html", context)


urlpatterns = [
    path("courts/<uuid:court_id>/phases/", phases, name="phases"),
    path("courts/<uuid:court_id>/phases/new/", phase_new, name="phase_new"),
    path("courts/<uuid:court_id>/phases/<uuid:phase_id>/", phase_edit, name="phase_edit"),
    path(
        "courts/<uuid:court_id>/phases/<uuid:phase_id>/remove/", phase_remove, name="phase_remove"
    ),
    path("programs/<uuid:program_id>/responses/", program_responses, name="program_responses"),
    *phases_participant.urlpatterns,
]
