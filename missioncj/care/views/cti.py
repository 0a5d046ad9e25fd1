"""Critical Time Intervention pages: the participant-page panel (phase and dose), moving a
phase boundary, and the work queue of alerts."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import path, reverse

from missioncj.accounts.scope import scope_of
from missioncj.care import alerts as work
from missioncj.care import cti
from missioncj.care.dose import doses, page_moves
from missioncj.care.models import CtiBoundary
from missioncj.care.services.cti import REASON_MAX, move_cti_boundary
from missioncj.care.work_export import work_queue_file
from missioncj.core.audit import record
from missioncj.core.exports import wanted_format
from missioncj.core.forms import DateInput, submit
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode, Participant
from missioncj.participants.panels import Panel, register
from missioncj.participants.views import participant_url, visible_episode, visible_participant


class MoveBoundaryForm(forms.Form):
    boundary = forms.TypedChoiceField(
        choices=CtiBoundary.choices, coerce=int, label="Boundary to move"
    )
    new_date = forms.DateField(widget=DateInput(), label="New date")
    reason = forms.CharField(
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason",
        help_text="Why the phase is shorter or longer than planned (kept in the audit trail).",
    )


def _panel_context(participant: Participant, user: Any, episodes: list[Episode]) -> dict | None:
    enrolled = [e for e in episodes if e.enrolled_date is not None]
    if not enrolled:
        return None
    by_episode = doses(enrolled, moves=page_moves(episodes, [e.pk for e in enrolled]))
    items = []
    for episode in enrolled:
        item = by_episode[episode.pk]
        items.append(
            {
                "dose": item,
                "move_url": reverse(
                    "care:cti_move",
                    kwargs={"public_id": participant.public_id, "episode_id": episode.public_id},
                )
                if cti.is_active(episode)
                else "",
            }
        )
    return {"participant": participant, "items": items}


register(Panel(key="cti", template="care/cti/panel.html", context=_panel_context, order=10))


@login_required
def move_boundary(request: HttpRequest, public_id: UUID, episode_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episode = visible_episode(request, participant, episode_id)
    item = doses([episode])[episode.pk]
    form = MoveBoundaryForm(request.POST or None)
    response = submit(
        request,
        form,
        lambda data: move_cti_boundary(
            actor=request.user,
            episode=episode,
            boundary=data["boundary"],
            new_date=data["new_date"],
            reason=data["reason"],
        ),
        done=lambda move: (
            f"{move.get_boundary_display()} moved to {move.new_date.day} {move.new_date:%b %Y}."
        ),
        then=participant_url(participant),
    )
    if response is not None:
        return response
    context = {"participant": participant, "episode": episode, "dose": item, "form": form}
    return render(request, "care/cti/move.html", context, status=422 if form.errors else 200)


@login_required
def work_queue(request: HttpRequest) -> HttpResponseBase:
    """Alerts of the open enrolled episodes the user may see, grouped by team. Someone who
    sees more than WHOLE_QUEUE_UP_TO open episodes gets one team at a time (`?team=`), since
    working out a whole program's alerts takes seconds; a download is always the whole queue."""
    scope = scope_of(request.user)
    fmt = wanted_format(request)
    episodes = list(work.visible_open(request.user))
    teams: list[work.TeamChoice] = []
    chosen: work.TeamChoice | None = None
    if not fmt and len(episodes) > work.WHOLE_QUEUE_UP_TO:
        teams = work.team_choices(episodes)
        wanted = request.GET.get("team")
        chosen = next((t for t in teams if t.key == wanted), teams[0])
        episodes = [e for e in episodes if work.team_key(e) == chosen.key]
    alerts = work.alerts_for_user(request.user, episodes=episodes)
    if fmt and not scope.is_empty:
        return work_queue_file(request, alerts, fmt)
    record(
        kind=AuditKind.LIST,
        action="work_queue.view",
        actor=request.user,
        after={"shown": sorted({str(a.participant.public_id) for a in alerts})},
    )
    context = {
        "groups": work.grouped_by_team(alerts),
        "count": len(alerts),
        "has_scope": not scope.is_empty,
        "oversees": bool(scope.program_ids),
        "teams": teams,
        "chosen": chosen,
    }
    return render(request, "care/cti/work_queue.html", context)


urlpatterns = [
    path("work/", work_queue, name="work_queue"),
    path(
        "participants/<uuid:public_id>/episodes/<uuid:episode_id>/cti/move/",
        move_boundary,
        name="cti_move",
    ),
]
