"""Support network pages: the picture and its table, add / edit / end a tie, and the panel
on the participant page (with the transfer-of-care check in CTI phase 3)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse

from missioncj.core.forms import submit
from missioncj.linkage.forms import EndTieForm, TieForm
from missioncj.linkage.models import SupportTie
from missioncj.linkage.picture import active_ties, network_svg
from missioncj.linkage.policies import participant_tie
from missioncj.linkage.services import network as services
from missioncj.linkage.views.common import (
    meetings_for,
    record_read,
    services_for,
    transfer_check,
    work_episode,
)
from missioncj.participants.models import Episode, Participant
from missioncj.participants.policies import visible_participant


def _ties(participant: Participant) -> list[SupportTie]:
    return list(
        participant.support_ties.select_related("service", "meeting").order_by("role", "name", "pk")
    )


def _visible_episodes(user: Any, participant: Participant) -> list[Episode]:
    return list(
        Episode.objects.visible_to(user).filter(participant=participant).select_related("program")
    )


def network_context(participant: Participant, user: Any, episodes: list[Episode]) -> dict[str, Any]:
    ties = _ties(participant)
    phase, gaps = transfer_check(participant, episodes, ties)
    return {
        "participant": participant,
        "ties": active_ties(ties),
        "ended": [t for t in ties if t.ended_on is not None],
        "svg": network_svg(participant.display_name, ties),
        "transfer_phase": phase,
        "gaps": gaps,
    }


def panel_context(participant: Participant, user: Any, episodes: list[Episode]) -> dict[str, Any]:
    return network_context(participant, user, episodes)


@login_required
def network(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    context = network_context(
        participant, request.user, _visible_episodes(request.user, participant)
    )
    record_read(
        request.user, participant, "network.read", [str(t.public_id) for t in context["ties"]]
    )
    return render(request, "linkage/network.html", context)


def _form_page(
    request: HttpRequest, participant: Participant, form: Any, title: str, submit_label: str
) -> HttpResponse:
    context = {
        "form": form,
        "participant": participant,
        "title": title,
        "submit": submit_label,
        "back_url": reverse("linkage:network", args=[participant.public_id]),
        "back_label": f"Support network · {participant.display_name}",
    }
    return render(request, "linkage/form.html", context, status=422 if form.errors else 200)


@login_required
def add_tie(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episode = work_episode(request.user, participant)
    form = TieForm(
        request.POST or None, services=services_for(episode), meetings=meetings_for(episode)
    )
    response = submit(
        request,
        form,
        lambda data: services.add_tie(actor=request.user, participant=participant, **data),
        done=lambda tie: f"{tie.name} added to the support network.",
        then=reverse("linkage:network", args=[participant.public_id]),
    )
    return response or _form_page(request, participant, form, "Add to the support network", "Add")


@login_required
def edit_tie(request: HttpRequest, public_id: UUID, tie_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    tie = participant_tie(participant, tie_id)
    episode = work_episode(request.user, participant)
    initial = {f: getattr(tie, f) for f in services.EDITABLE}
    initial["service"] = tie.service.public_id if tie.service else None
    initial["meeting"] = tie.meeting.public_id if tie.meeting else None
    form = TieForm(
        request.POST or None,
        initial=initial,
        services=services_for(episode),
        meetings=meetings_for(episode),
    )
    response = submit(
        request,
        form,
        lambda data: services.update_tie(actor=request.user, tie=tie, **data),
        done=lambda tie: f"{tie.name} updated.",
        then=reverse("linkage:network", args=[participant.public_id]),
    )
    return response or _form_page(request, participant, form, f"Edit {tie.name}", "Save")


@login_required
def end_tie(request: HttpRequest, public_id: UUID, tie_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    tie = participant_tie(participant, tie_id)
    form = EndTieForm(request.POST or None)
    response = submit(
        request,
        form,
        lambda data: services.end_tie(actor=request.user, tie=tie, **data),
        done=lambda tie: f"{tie.name} is no longer in the active network.",
        then=reverse("linkage:network", args=[participant.public_id]),
    )
    return response or _form_page(request, participant, form, f"End the tie with {tie.name}", "End")


PREFIX = "participants/<uuid:public_id>/network/"
urlpatterns = [
    path(PREFIX, network, name="network"),
    path(PREFIX + "add/", add_tie, name="network_add"),
    path(PREFIX + "<uuid:tie_id>/edit/", edit_tie, name="network_edit"),
    path(PREFIX + "<uuid:tie_id>/end/", end_tie, name="network_end"),
]
