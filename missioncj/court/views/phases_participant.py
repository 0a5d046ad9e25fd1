"""A participant's court phase: the participant-page panel, the court-phase page (history of
moves, tasks and responses) and the forms to start, promote, demote, record a task, record a
response and mark one delivered. Every page starts from the participant choke point."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse

from missioncj.core.audit import record
from missioncj.core.forms import submit
from missioncj.core.models import AuditKind
from missioncj.court.models import Court, CourtResponse, Hearing, PhaseMove, PhaseTask
from missioncj.court.phase_criteria import PhaseStatus, phase_statuses
from missioncj.court.phases_forms import (
    DeliveredForm,
    DemoteForm,
    PromoteForm,
    ResponseForm,
    StartForm,
    TaskForm,
)
from missioncj.court.response_stats import TARGET_RATIO, episode_ratios
from missioncj.court.services import phase_moves, responses
from missioncj.participants.models import Episode, EpisodeStatus, Participant
from missioncj.participants.panels import Panel, register
from missioncj.participants.policies import visible_participant
from missioncj.participants.services import local_today


def court_phase_url(participant: Participant) -> str:
    return reverse("court:court_phase", args=[participant.public_id])


def _enrolled(user: Any, participant: Participant) -> list[Episode]:
    """Visible episodes that reached enrollment, open ones first, newest first."""
    episodes = list(
        Episode.objects.visible_to(user)
        .filter(participant=participant, enrolled_date__isnull=False)
        .select_related("program", "team", "participant")
        .order_by("-enrolled_date", "-pk")
    )
    return sorted(episodes, key=lambda e: e.status != EpisodeStatus.ENROLLED)


def _episode(request: HttpRequest, participant: Participant) -> Episode:
    episodes = _enrolled(request.user, participant)
    if not episodes:
        raise Http404("No enrolled episode")
    return episodes[0]


def _today(episode: Episode) -> dt.date:
    return local_today(episode.program)


# --- the panel on the participant page ----------------------------------------------------------


def _panel_context(participant: Participant, user: Any, episodes: list[Episode]) -> dict | None:
    enrolled = [e for e in episodes if e.enrolled_date is not None]
    if not enrolled:
        return None
    statuses = phase_statuses(enrolled)
    if not statuses and not (
        Court.objects.filter(program_id__in={e.program_id for e in enrolled}).exists()
    ):
        return None
    ratios = episode_ratios([e.pk for e in enrolled])
    items = [
        {"episode": e, "status": statuses.get(e.pk), "ratio": ratios[e.pk]}
        for e in enrolled
        if e.pk in statuses or e.status == EpisodeStatus.ENROLLED
    ]
    return {
        "participant": participant,
        "items": items,
        "url": court_phase_url(participant),
        "target": TARGET_RATIO,
    }


register(
    Panel(
        key="court_phase",
        template="court/phases_panel.html",
        context=_panel_context,
        order=15,
    )
)


# --- the court-phase page -----------------------------------------------------------------------


def _history(episode: Episode) -> dict[str, Any]:
    moves = list(
        PhaseMove.objects.filter(episode=episode)
        .select_related("phase", "recorded_by")
        .order_by("-on", "-pk")
    )
    tasks = list(
        PhaseTask.objects.filter(episode=episode)
        .select_related("phase")
        .order_by("-done_on", "-pk")
    )
    answered = list(
        CourtResponse.objects.filter(episode=episode)
        .select_related("hearing")
        .order_by("-decided_on", "-pk")
    )
    return {"moves": moves, "tasks": tasks, "responses": answered}


def _courts(episode: Episode) -> list[Court]:
    return list(Court.objects.filter(program_id=episode.program_id).order_by("name"))


def _open_tasks(status: PhaseStatus | None, done: list[PhaseTask]) -> list[str]:
    if status is None:
        return []
    finished = {t.task for t in done if t.phase_id == status.phase.pk}
    return [t for t in status.phase.tasks or [] if t not in finished]


def _earlier(status: PhaseStatus | None) -> list[Any]:
    if status is None:
        return []
    return [p for p in status.phases if p.number < status.phase.number]


def _hearings(episode: Episode) -> list[Hearing]:
    today = _today(episode)
    return list(
        Hearing.objects.filter(
            court__program_id=episode.program_id,
            local_date__gte=today - dt.timedelta(days=60),
            local_date__lte=today + dt.timedelta(days=14),
        )
        .select_related("court")
        .order_by("-local_date", "-local_time")
    )


@login_required
def court_phase(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episodes = _enrolled(request.user, participant)
    episode = episodes[0] if episodes else None
    context: dict[str, Any] = {"participant": participant, "episode": episode}
    if episode is not None:
        status = phase_statuses([episode]).get(episode.pk)
        history = _history(episode)
        today = _today(episode).isoformat()
        context.update(history)
        context.update(
            {
                "status": status,
                "ratio": episode_ratios([episode.pk])[episode.pk],
                "target": TARGET_RATIO,
                "courts": _courts(episode),
                "open_tasks": _open_tasks(status, history["tasks"]),
                "earlier": _earlier(status),
                "today": today,
                "enrolled": episode.status == EpisodeStatus.ENROLLED,
            }
        )
    record(
        kind=AuditKind.READ,
        action="court_phase.read",
        actor=request.user,
        participant=participant,
        subject=episode or participant,
    )
    return render(request, "court/phases_participant.html", context)


# --- the forms ----------------------------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    participant: Participant,
    episode: Episode,
    form: forms.Form,
    action: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    done: str | Callable[[Any], str],
    button: str,
    status: PhaseStatus | None = None,
) -> HttpResponse:
    response = submit(request, form, action, done=done, then=court_phase_url(participant))
    if response is not None:
        return response
    context = {
        "participant": participant,
        "episode": episode,
        "form": form,
        "title": title,
        "button": button,
        "status": status,
    }
    code = 422 if form.is_bound else 200
    return render(request, "court/phases_form.html", context, status=code)


def _decider(episode: Episode) -> str:
    court = Court.objects.filter(program_id=episode.program_id).exclude(judge="").first()
    return court.judge if court else ""


@login_required
def start(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episode = _episode(request, participant)
    courts = _courts(episode)
    initial = {"on": episode.enrolled_date, "decided_by": _decider(episode)}
    form = StartForm(request.POST or None, courts=courts, initial=initial)
    return _form_page(
        request,
        participant,
        episode,
        form,
        lambda data: phase_moves.start_phase(
            actor=request.user,
            episode=episode,
            court=form.courts[data["court"]],
            on=data["on"],
            decided_by=data["decided_by"],
            reason=data["reason"],
        ),
        title="Start in Phase 1",
        done=lambda move: f"Started in {move.phase}.",
        button="Start Phase 1",
    )


def _status(episode: Episode) -> PhaseStatus | None:
    return phase_statuses([episode]).get(episode.pk)


@login_required
def promote(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episode = _episode(request, participant)
    initial = {"on": _today(episode), "decided_by": _decider(episode)}
    form = PromoteForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        participant,
        episode,
        form,
        lambda data: phase_moves.promote(actor=request.user, episode=episode, **data),
        title="Promote to the next phase",
        done=lambda move: f"Promoted to {move.phase}.",
        button="Promote",
        status=_status(episode),
    )


@login_required
def demote(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episode = _episode(request, participant)
    status = _status(episode)
    initial = {"on": _today(episode), "decided_by": _decider(episode)}
    form = DemoteForm(request.POST or None, phases=_earlier(status), initial=initial)
    return _form_page(
        request,
        participant,
        episode,
        form,
        lambda data: phase_moves.demote(actor=request.user, episode=episode, **data),
        title="Return to an earlier phase",
        done=lambda move: f"Returned to {move.phase}.",
        button="Demote",
        status=status,
    )


@login_required
def task(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episode = _episode(request, participant)
    status = _status(episode)
    done = list(PhaseTask.objects.filter(episode=episode))
    form = TaskForm(
        request.POST or None,
        tasks=_open_tasks(status, done),
        initial={"done_on": _today(episode)},
    )
    return _form_page(
        request,
        participant,
        episode,
        form,
        lambda data: phase_moves.record_task(actor=request.user, episode=episode, **data),
        title="Record a phase task",
        done=lambda item: f"“{item.task}” recorded as done.",
        button="Record task",
        status=status,
    )


@login_required
def new_response(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episode = _episode(request, participant)
    initial = {"decided_on": _today(episode), "decided_by": _decider(episode)}
    form = ResponseForm(request.POST or None, hearings=_hearings(episode), initial=initial)

    def save(data: dict[str, Any]) -> CourtResponse:
        hearing = form.hearings.get(data.pop("hearing") or "")
        return responses.record_response(
            actor=request.user, episode=episode, hearing=hearing, **data
        )

    return _form_page(
        request,
        participant,
        episode,
        form,
        save,
        title="Record an incentive, sanction or service adjustment",
        done=lambda item: f"{item.get_kind_display()} recorded.",
        button="Record",
    )


@login_required
def delivered(request: HttpRequest, public_id: UUID, response_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episode = _episode(request, participant)
    item = get_object_or_404(
        CourtResponse.objects.filter(episode__in=Episode.objects.visible_to(request.user)),
        participant=participant,
        public_id=response_id,
    )
    form = DeliveredForm(request.POST or None, initial={"delivered_on": _today(episode)})
    return _form_page(
        request,
        participant,
        episode,
        form,
        lambda data: responses.mark_delivered(actor=request.user, response=item, **data),
        title=f"Mark delivered: {item.get_kind_display().lower()} “{item.response}”",
        done="Marked delivered.",
        button="Mark delivered",
    )


urlpatterns = [
    path("participants/<uuid:public_id>/court-phase/", court_phase, name="court_phase"),
    path("participants/<uuid:public_id>/court-phase/start/", start, name="court_phase_start"),
    path("participants/<uuid:public_id>/court-phase/promote/", promote, name="court_phase_promote"),
    path("participants/<uuid:public_id>/court-phase/demote/", demote, name="court_phase_demote"),
    path("participants/<uuid:public_id>/court-phase/task/", task, name="court_phase_task"),
    path(
        "participants/<uuid:public_id>/court-phase/responses/new/",
        new_response,
        name="court_response_new",
    ),
    path(
        "participants/<uuid:public_id>/court-phase/responses/<uuid:response_id>/delivered/",
        delivered,
        name="court_response_delivered",
    ),
]
