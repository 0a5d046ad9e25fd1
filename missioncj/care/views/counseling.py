"""SUD counseling notes page: the list and the write form, for permitted clinicians only,
plus a count-and-link panel on the participant page for the same people."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse

from missioncj.accounts.scope import scope_of
from missioncj.care import counseling as policy
from missioncj.care.models import CounselingNote
from missioncj.care.models.counseling import clinician_teams_in
from missioncj.care.services import counseling as services
from missioncj.core.forms import DateInput, submit
from missioncj.participants.models import Episode, Participant
from missioncj.participants.panels import Panel, register


class CounselingNoteForm(forms.Form):
    session_on = forms.DateField(widget=DateInput(), label="Session date", required=False)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        label="Counseling note",
        help_text="Signed when saved and never edited. Seen only by you and the clinicians of "
        "the participant's team.",
    )


@login_required
def counseling_notes(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = policy.counseling_participant(request, public_id)
    here = reverse("care:counseling_notes", args=[participant.public_id])
    writable = policy.can_write(request.user, participant)
    form = CounselingNoteForm(request.POST or None)
    if request.method == "POST":
        response = submit(
            request,
            form,
            lambda data: services.write_counseling_note(
                actor=request.user, participant=participant, **data
            ),
            done="Counseling note signed.",
            then=here,
        )
        if response is not None:
            return response
    notes = (
        CounselingNote.objects.visible_to(request.user)
        .filter(participant=participant)
        .select_related("author")
        .order_by("-session_on", "-pk")
    )
    if request.method == "GET":
        services.record_counseling_read(
            actor=request.user, participant=participant, action="counseling_note.list"
        )
    context: dict[str, Any] = {
        "participant": participant,
        "notes": notes,
        "form": form if writable else None,
    }
    status = 422 if form.errors else 200
    return render(request, "care/counseling/notes.html", context, status=status)


def panel_context(
    participant: Participant, user: Any, episodes: list[Episode]
) -> dict[str, Any] | None:
    # The page read `participant` and `episodes` through the choke point: what `can_read` and
    # `CounselingNote.objects.visible_to` would read again is taken from them.
    teams = clinician_teams_in(scope_of(user))
    on_team = any(e.team_id in teams for e in episodes)  # policy.can_write
    count = CounselingNote.objects.of_visible(user, participant, teams).count()
    if not on_team and not count:
        return None
    return {"participant": participant, "count": count}


register(
    Panel(key="counseling", template="care/counseling/panel.html", context=panel_context, order=90)
)

urlpatterns = [
    path(
        "participants/<uuid:public_id>/counseling-notes/",
        counseling_notes,
        name="counseling_notes",
    ),
]
