from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from missioncj.core.audit import record
from missioncj.core.forms import attach_errors
from missioncj.core.models import AuditKind
from missioncj.participants import services
from missioncj.participants.forms import (
    AddressForm,
    AssignTeamForm,
    CollateralForm,
    IdentifierForm,
    NewEpisodeForm,
    PersonForm,
    PhoneForm,
    ReferralForm,
    SearchForm,
    StatusForm,
)
from missioncj.participants.models import Episode, Participant
from missioncj.participants.search import search_participants
from missioncj.participants.timeline import timeline_for


def visible_participant(request: HttpRequest, public_id: UUID) -> Participant:
    """The one way views fetch a participant: outside the caller's scope is a 404."""
    return get_object_or_404(Participant.objects.visible_to(request.user), public_id=public_id)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.data.get("q", "").strip() if form.is_bound and form.is_valid() else ""
    page = None
    if query:
        results = search_participants(request.user, query).prefetch_related("identifiers")
        page = Paginator(results, 25).get_page(request.GET.get("page"))
        record(
            kind=AuditKind.SEARCH,
            action="participant.search",
            actor=request.user,
            after={"query": query[:100], "shown": [str(p.public_id) for p in page]},
        )
    context = {"form": form, "query": query, "page": page}
    if getattr(request, "htmx", False):
        return render(request, "participants/search.html#results", context)
    return render(request, "participants/search.html", context)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    form = ReferralForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        team = data.pop("team")
        identifier = {"kind": data.pop("identifier_kind"), "value": data.pop("identifier_value")}
        phone = {"number": data.pop("phone"), "consent_to_text": data.pop("consent_to_text")}
        try:
            participant = services.create_participant(
                actor=request.user,
                program=team.program,
                team=team,
                referral_date=data.pop("referral_date"),
                referral_source=data.pop("referral_source"),
                identifiers=[identifier] if identifier["value"] else [],
                phones=[phone] if phone["number"] else [],
                **data,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"{participant.display_name} was added as a referral.")
            return redirect("participants:detail", public_id=participant.public_id)
    return render(
        request,
        "participants/form.html",
        {"form": form, "title": "New referral", "submit": "Add participant"},
    )


@login_required
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episodes = list(
        Episode.objects.visible_to(request.user)
        .filter(participant=participant)
        .select_related("program", "team")
        .order_by("-referral_date")
    )
    services.record_read(actor=request.user, participant=participant)
    context = {
        "participant": participant,
        "episodes": episodes,
        "open_episodes": [e for e in episodes if e.is_open],
        "identifiers": participant.identifiers.all(),
        "phones": participant.phones.all(),
        "addresses": participant.addresses.filter(is_current=True),
        "collaterals": participant.collaterals.all(),
        "timeline": timeline_for(participant, request.user, episodes),
        "status_form": StatusForm(),
    }
    return render(request, "participants/detail.html", context)


@login_required
def edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    form = PersonForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        # Re-read so the service compares against what is stored, not the form-modified instance.
        fresh = Participant.objects.get(pk=participant.pk)
        try:
            services.update_participant(actor=request.user, participant=fresh, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("participants:detail", public_id=public_id)
    return render(
        request,
        "participants/form.html",
        {
            "form": form,
            "participant": participant,
            "title": "Edit details",
            "submit": "Save",
        },
    )


def _child_view(form_class: type[forms.Form], service: Callable[..., Any], title: str):
    """A small form that adds one thing (identifier, phone …) to a participant."""

    @login_required
    def view(request: HttpRequest, public_id: UUID) -> HttpResponse:
        participant = visible_participant(request, public_id)
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                service(actor=request.user, participant=participant, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"{title}: saved.")
                return redirect("participants:detail", public_id=public_id)
        return render(
            request,
            "participants/form.html",
            {
                "form": form,
                "participant": participant,
                "title": title,
                "submit": "Save",
            },
        )

    return view


add_identifier = _child_view(IdentifierForm, services.add_identifier, "Add an identifier")
add_phone = _child_view(PhoneForm, services.add_phone, "Add a phone")
add_address = _child_view(AddressForm, services.add_address, "Add an address")
add_collateral = _child_view(CollateralForm, services.add_collateral, "Add a collateral contact")


@login_required
@require_POST
def change_status(request: HttpRequest, public_id: UUID, episode_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episode = get_object_or_404(
        Episode.objects.visible_to(request.user), participant=participant, public_id=episode_id
    )
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_status(
                actor=request.user,
                episode=episode,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Episode updated.")
            return redirect("participants:detail", public_id=public_id)
    return render(
        request,
        "participants/form.html",
        {
            "form": form,
            "participant": participant,
            "title": "Change episode status",
            "submit": "Save",
        },
        status=422,
    )


@login_required
def assign_team(request: HttpRequest, public_id: UUID, episode_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episode = get_object_or_404(
        Episode.objects.visible_to(request.user).select_related("program"),
        participant=participant,
        public_id=episode_id,
    )
    form = AssignTeamForm(
        request.POST or None,
        user=request.user,
        program=episode.program,
        initial={"team": episode.team},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_team(
                actor=request.user, episode=episode, team=form.cleaned_data["team"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Team assigned.")
            return redirect("participants:detail", public_id=public_id)
    return render(
        request,
        "participants/form.html",
        {
            "form": form,
            "participant": participant,
            "title": "Assign a team",
            "submit": "Assign",
        },
    )


@login_required
def new_episode(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    form = NewEpisodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        team = form.cleaned_data["team"]
        try:
            services.open_episode(
                actor=request.user,
                participant=participant,
                program=team.program,
                team=team,
                referral_date=form.cleaned_data["referral_date"],
                referral_source=form.cleaned_data["referral_source"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "New episode opened.")
            return redirect("participants:detail", public_id=public_id)
    return render(
        request,
        "participants/form.html",
        {
            "form": form,
            "participant": participant,
            "title": "Re-enroll (new episode)",
            "submit": "Open episode",
        },
    )
