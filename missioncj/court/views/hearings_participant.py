"""A participant's court dates: the "Court dates" panel on the participant page and their docket
history page with a form to put them on an upcoming hearing."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from missioncj.core.forms import submit
from missioncj.court import docket as reads
from missioncj.court.hearing_times import fmt_day
from missioncj.court.models import Court, DocketEntry, Hearing
from missioncj.court.services import docket_entries as services
from missioncj.court.views.hearings_forms import AddToHearingForm
from missioncj.participants.models import Episode, Participant
from missioncj.participants.panels import Panel, register
from missioncj.participants.policies import can_work_in, visible_participant
from missioncj.participants.services import local_today


def _label(hearing: Hearing) -> str:
    return (
        f"{hearing.local_date:%a} {fmt_day(hearing.local_date)} {hearing.local_time:%H:%M} · "
        f"{hearing.get_kind_display()} · {hearing.court.name}"
    )


def _episodes(user: Any, participant: Participant) -> list[Episode]:
    return list(
        Episode.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("program", "team")
        .order_by("-referral_date", "-pk")
    )


@login_required
def participant_hearings(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episodes = _episodes(request.user, participant)
    workable = [e for e in episodes if can_work_in(request.user, e.program, e.team)]
    today = local_today(episodes[0].program)
    upcoming = {
        h.public_id.hex: h for h in reads.open_hearings_for(participant, workable, today)[:100]
    }
    form = AddToHearingForm(
        request.POST or None,
        hearings=[(str(h.public_id), _label(h)) for h in upcoming.values()],
    )
    here = reverse("court:participant_hearings", args=[participant.public_id])

    def add(data: dict[str, Any]) -> DocketEntry:
        hearing = upcoming[UUID(data["hearing"]).hex]
        return services.add_to_docket(actor=request.user, hearing=hearing, participant=participant)

    response = submit(
        request,
        form,
        add,
        done=lambda e: f"Added to the {_label(e.hearing)}.",
        then=here,
    )
    if response is not None:
        return response
    services.record_hearings_read(
        actor=request.user, participant=participant, action="hearings.read"
    )
    context = {
        "participant": participant,
        "entries": list(reads.participant_entries(request.user, participant)),
        "form": form if upcoming else None,
        "today": today,
    }
    status = 422 if form.errors else 200
    return render(request, "court/hearings_participant.html", context, status=status)


def panel_context(
    participant: Participant, user: Any, episodes: list[Episode]
) -> dict[str, Any] | None:
    if not episodes:
        return None
    dates = reads.court_dates(user, participant, local_today(episodes[0].program), episodes)
    if dates is None:
        programs = {e.program_id for e in episodes}
        if not Court.objects.filter(program_id__in=programs).exists():
            return None
    return {"participant": participant, "dates": dates}


register(
    Panel(key="court_dates", template="court/hearings_panel.html", context=panel_context, order=40)
)
