from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from missioncj.core.audit import record
from missioncj.core.exports import Table, columns, export_response, wanted_format
from missioncj.core.forms import submit
from missioncj.core.models import AuditKind
from missioncj.participants import referral_matches, services
from missioncj.participants.forms import (
    AddressForm,
    AssignTeamForm,
    BreakGlassForm,
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
from missioncj.participants.panels import PageEpisodes, panels_for
from missioncj.participants.policies import visible_participant
from missioncj.participants.restricted import (
    active_grant,
    break_glass_minutes,
    break_glass_programs,
    masked_participant,
)
from missioncj.participants.search import masked_matches, search_participants
from missioncj.participants.timeline import timeline_for


def participant_url(participant: Participant) -> str:
    return reverse("participants:detail", args=[participant.public_id])


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    participant: Participant | None,
    title: str,
    submit_label: str,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "participant": participant, "title": title, "submit": submit_label}
    return render(request, "participants/form.html", context, status=status)


SEARCH_COLUMNS = columns(
    ("participant_id", "Participant id"),
    ("name", "Name"),
    ("date_of_birth", "Date of birth"),
    ("identifiers", "Identifiers"),
)


def search_file(request: HttpRequest, query: str, results: Any, fmt: str) -> HttpResponseBase:
    """Every match of a search (all pages) as a file; restricted records the user may not
    open are not among them, as on the page."""
    people = list(results)
    rows = (
        (
            str(p.public_id),
            p.display_name,
            p.date_of_birth,
            "; ".join(f"{i.get_kind_display()} {i.value}" for i in p.identifiers.all()),
        )
        for p in people
    )
    record(
        kind=AuditKind.SEARCH,
        action="participant.search",
        actor=request.user,
        after={"query": query[:100], "shown": [str(p.public_id) for p in people]},
    )
    return export_response(
        request,
        Table("Search", SEARCH_COLUMNS, rows),
        fmt,
        program=None,
        name="participants.search",
        identified=True,
        participant_count=len(people),
    )


@login_required
def search(request: HttpRequest) -> HttpResponseBase:
    form = SearchForm(request.GET or None)
    query = form.data.get("q", "").strip() if form.is_bound and form.is_valid() else ""
    page = None
    masked: list[Participant] = []
    if query:
        results = search_participants(request.user, query).prefetch_related("identifiers")
        fmt = wanted_format(request)
        if fmt:
            return search_file(request, query, results, fmt)
        page = Paginator(results, 25).get_page(request.GET.get("page"))
        masked = list(masked_matches(request.user, query).order_by("pk")[:25])
        after: dict[str, Any] = {"query": query[:100], "shown": [str(p.public_id) for p in page]}
        if masked:
            after["masked"] = [str(p.public_id) for p in masked]
        record(kind=AuditKind.SEARCH, action="participant.search", actor=request.user, after=after)
    context = {"form": form, "query": query, "page": page, "masked": masked}
    if getattr(request, "htmx", False):
        return render(request, "participants/search.html#results", context)
    return render(request, "participants/search.html", context, status=422 if form.errors else 200)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    form = ReferralForm(request.POST or None, user=request.user)
    matches = referral_matches.check_referral(request, form)

    def add(data: dict[str, Any]) -> Participant:
        data = dict(data)
        team = data.pop("team")
        data.pop(referral_matches.CONFIRM_FIELD)
        identifier = {"kind": data.pop("identifier_kind"), "value": data.pop("identifier_value")}
        phone = {"number": data.pop("phone"), "consent_to_text": data.pop("consent_to_text")}
        return services.create_participant(
            actor=request.user,
            program=team.program,
            team=team,
            identifiers=[identifier] if identifier["value"] else [],
            phones=[phone] if phone["number"] else [],
            **data,
        )

    done = submit(
        request,
        form,
        add,
        done=lambda p: f"{p.display_name} was added as a referral.",
        then=lambda p: reverse("participants:detail", args=[p.public_id]),
    )
    if done is not None:
        return done
    context = {
        "form": form,
        "title": "New referral",
        "submit": "Add participant",
        **referral_matches.matches_context(form, matches, getattr(form, "cleaned_data", {})),
    }
    return render(request, "participants/referral.html", context)


def restricted_mask(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A restricted record opened by staff of its program who are not on its team: a mask
    with nothing of the record, and the break-the-glass form for pre-authorised roles.
    Anyone else gets the same 404 as for a record that does not exist."""
    participant = masked_participant(request.user, public_id)
    if participant is None:
        raise Http404("No such participant")
    context = {
        "public_id": participant.public_id,
        "programs": break_glass_programs(request.user, participant),
        "minutes": break_glass_minutes(),
        "form": BreakGlassForm(),
    }
    return render(request, "participants/restricted_mask.html", context)


@login_required
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    # A participant is visible when one of their episodes is (`Participant.visible_to`): the
    # visible episodes, read with their participant, answer both in one query.
    episodes = PageEpisodes(
        Episode.objects.visible_to(request.user)
        .filter(participant__public_id=public_id)
        .select_related("participant", "program", "team")
        .order_by("-referral_date")
    )
    if not episodes:
        return restricted_mask(request, public_id)
    participant = episodes[0].participant
    for episode in episodes:
        episode.participant = participant  # the panels read it: one instance for all
    services.record_read(actor=request.user, participant=participant)
    before = _timeline_position(request)
    grant = active_grant(request.user, participant) if participant.restricted else None
    # The break-the-glass banner (a context processor) reads this instead of the record again.
    request.participant_grant = (participant.public_id, grant)  # type: ignore[attr-defined]
    context = {
        "participant": participant,
        "episodes": episodes,
        "open_episodes": [e for e in episodes if e.is_open],
        "identifiers": participant.identifiers.all(),
        "phones": participant.phones.all(),
        "addresses": participant.addresses.filter(is_current=True),
        "collaterals": participant.collaterals.all(),
        "timeline": timeline_for(participant, request.user, episodes, before=before),
        "timeline_before": before,
        "panels": panels_for(participant, request.user, episodes),
        "status_fields": _status_fields(),
        "grant": grant,
    }
    return render(request, "participants/detail.html", context)


@functools.cache
def _status_fields() -> str:
    """The blank status form of each open episode: the same markup for every page and
    reader, rendered once (a form renders in milliseconds, this page shows one per episode)."""
    return render_to_string("form_fields.html", {"form": StatusForm()})


def _timeline_position(request: HttpRequest) -> dt.datetime | None:
    """`?before=` from the "Older entries" link: an ISO time with its offset."""
    text = request.GET.get("before", "")
    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        messages.warning(
            request, "That place in the timeline was not understood; showing the newest."
        )
        return None
    return when


@login_required
def edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    form = PersonForm(request.POST or None, instance=participant)
    # The service compares against what is stored, not the instance the form has modified.
    stored = Participant.objects.get(pk=participant.pk)
    return submit(
        request,
        form,
        lambda data: services.update_participant(actor=request.user, participant=stored, **data),
        done="Saved.",
        then=participant_url(participant),
    ) or form_page(request, form, participant, "Edit details", "Save")


def _child_view(form_class: type[forms.Form], service: Callable[..., Any], title: str) -> Any:
    """A small form that adds one thing (identifier, phone …) to a participant."""

    @login_required
    def view(request: HttpRequest, public_id: UUID) -> HttpResponse:
        participant = visible_participant(request, public_id)
        form = form_class(request.POST or None)
        return submit(
            request,
            form,
            lambda data: service(actor=request.user, participant=participant, **data),
            done=f"{title}: saved.",
            then=participant_url(participant),
        ) or form_page(request, form, participant, title, "Save")

    return view


add_identifier = _child_view(IdentifierForm, services.add_identifier, "Add an identifier")
add_phone = _child_view(PhoneForm, services.add_phone, "Add a phone")
add_address = _child_view(AddressForm, services.add_address, "Add an address")
add_collateral = _child_view(CollateralForm, services.add_collateral, "Add a collateral contact")


def visible_episode(request: HttpRequest, participant: Participant, episode_id: UUID) -> Episode:
    return get_object_or_404(
        Episode.objects.visible_to(request.user).select_related("program"),
        participant=participant,
        public_id=episode_id,
    )


@login_required
@require_POST
def change_status(request: HttpRequest, public_id: UUID, episode_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episode = visible_episode(request, participant, episode_id)
    form = StatusForm(request.POST)

    def change(data: dict[str, Any]) -> Episode:
        return services.change_status(
            actor=request.user,
            episode=episode,
            status=data["status"],
            on=data["date"],
            reason=data["reason"],
            note=data["note"],
        )

    return submit(
        request, form, change, done="Episode updated.", then=participant_url(participant)
    ) or form_page(request, form, participant, "Change episode status", "Save", status=422)


@login_required
def assign_team(request: HttpRequest, public_id: UUID, episode_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episode = visible_episode(request, participant, episode_id)
    form = AssignTeamForm(
        request.POST or None,
        user=request.user,
        program=episode.program,
        initial={"team": episode.team},
    )
    return submit(
        request,
        form,
        lambda data: services.assign_team(actor=request.user, episode=episode, team=data["team"]),
        done="Team assigned.",
        then=participant_url(participant),
    ) or form_page(request, form, participant, "Assign a team", "Assign")


@login_required
def new_episode(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    form = NewEpisodeForm(request.POST or None, user=request.user)

    def reopen(data: dict[str, Any]) -> Episode:
        return services.open_episode(
            actor=request.user,
            participant=participant,
            program=data["team"].program,
            team=data["team"],
            referral_date=data["referral_date"],
            referral_source=data["referral_source"],
        )

    return submit(
        request, form, reopen, done="New episode opened.", then=participant_url(participant)
    ) or form_page(request, form, participant, "Re-enroll (new episode)", "Open episode")
