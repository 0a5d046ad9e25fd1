"""Outcome events on one participant: the list, recording one, voiding one. Anyone who can
see the participant and works in the episode (team staff, director, supervisor) may record."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import path, reverse

from missioncj.core.exports import Table, columns, participant_file, wanted_format
from missioncj.core.forms import submit
from missioncj.outcomes import services
from missioncj.outcomes.event_forms import OutcomeEventForm, VoidForm, work_episodes
from missioncj.outcomes.events import describe, participant_event, participant_events, record_read
from missioncj.participants.policies import visible_participant


@login_required
def event_list(request: HttpRequest, public_id: UUID) -> HttpResponseBase:
    participant = visible_participant(request, public_id)
    events = list(participant_events(request.user, participant))
    fmt = wanted_format(request)
    if fmt:
        return events_file(request, participant, events, fmt)
    record_read(request.user, participant, "outcome_event.list", [str(e.public_id) for e in events])
    context = {
        "participant": participant,
        "events": events,
        "can_add": bool(work_episodes(request.user, participant)),
    }
    return render(request, "outcomes/events.html", context)


EVENT_COLUMNS = columns(
    ("id", "Event id"),
    ("participant_id", "Participant id"),
    ("name", "Name"),
    ("kind", "What happened"),
    ("occurred_on", "Day"),
    ("ended_on", "Release day"),
    ("nights", "Nights"),
    ("detail", "Detail"),
    ("source", "Source"),
    ("voided", "Voided"),
    ("void_reason", "Why voided"),
)


def events_file(
    request: HttpRequest, participant: Any, events: list[Any], fmt: str
) -> HttpResponseBase:
    """One participant's outcome events as a file: the rows the page lists."""
    rows = (
        (
            str(e.public_id),
            str(participant.public_id),
            participant.display_name,
            e.get_kind_display(),
            e.occurred_on,
            e.ended_on,
            e.nights,
            e.detail,
            e.get_source_display(),
            "yes" if e.voided_at else "no",
            e.void_reason,
        )
        for e in events
    )
    table = Table("Outcome events", EVENT_COLUMNS, rows)
    return participant_file(request, participant, table, fmt, name="outcomes.events")


def _form_page(request: HttpRequest, context: dict[str, Any], form: Any) -> HttpResponse:
    return render(
        request,
        "outcomes/event_form.html",
        {**context, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def event_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episodes = work_episodes(request.user, participant)
    form = OutcomeEventForm(request.POST or None, episodes=episodes)
    listing = reverse("outcomes:events", args=[participant.public_id])
    if not episodes:
        form.add_error(None, "You do not work with this participant's team.")
    else:
        response = submit(
            request,
            form,
            lambda data: services.record_outcome_event(actor=request.user, **data),
            done=lambda event: f"Recorded: {describe(event)}.",
            then=listing,
        )
        if response is not None:
            return response
    context = {
        "participant": participant,
        "title": "Record an outcome event",
        "submit": "Record",
        "back_url": listing,
    }
    return _form_page(request, context, form)


@login_required
def event_void(request: HttpRequest, public_id: UUID, event_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    event = participant_event(request.user, participant, event_id)
    form = VoidForm(request.POST or None)
    listing = reverse("outcomes:events", args=[participant.public_id])
    response = submit(
        request,
        form,
        lambda data: services.void_outcome_event(
            actor=request.user, event=event, reason=data["reason"]
        ),
        done="Event voided.",
        then=listing,
    )
    if response is not None:
        return response
    context = {
        "participant": participant,
        "title": "Void an outcome event",
        "intro": describe(event),
        "submit": "Void",
        "back_url": listing,
    }
    return _form_page(request, context, form)


PREFIX = "participants/<uuid:public_id>/outcomes/"
urlpatterns = [
    path(PREFIX, event_list, name="events"),
    path(PREFIX + "new/", event_add, name="event_add"),
    path(PREFIX + "<uuid:event_id>/void/", event_void, name="event_void"),
]
