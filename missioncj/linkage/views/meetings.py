"""Meeting pages: the program's meeting list, add and edit by hand, retire / bring back, and
uploading a Meeting Guide feed. Staff of the program only; anyone else gets a 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from missioncj.core.exports import wanted_format
from missioncj.core.forms import submit
from missioncj.linkage.list_export import meetings_file
from missioncj.linkage.meeting_fields import WEEKDAYS
from missioncj.linkage.meetings_access import meeting_for, program_for, program_meetings
from missioncj.linkage.models import Fellowship, Meeting
from missioncj.linkage.services.meeting_import import FeedRejected, import_meeting_guide, load_feed
from missioncj.linkage.services.meetings import add_meeting, edit_meeting, set_meeting_active
from missioncj.programs.models import Program

MAX_UPLOAD = 10 * 1024 * 1024


class MeetingForm(forms.Form):
    name = forms.CharField(max_length=300)
    fellowship = forms.ChoiceField(choices=Fellowship.choices)
    weekday = forms.TypedChoiceField(
        choices=list(enumerate(WEEKDAYS)), coerce=int, label="Day of the week"
    )
    start_time = forms.CharField(
        label="Starts", widget=forms.TimeInput(attrs={"type": "time"}), help_text="Local time"
    )
    end_time = forms.CharField(
        label="Ends", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    time_zone = forms.CharField(help_text="e.g. America/New_York")
    group_name = forms.CharField(required=False, label="Group")
    location_name = forms.CharField(required=False, label="Place", help_text="e.g. St. Mark's hall")
    address = forms.CharField(required=False)
    city = forms.CharField(required=False)
    state_province = forms.CharField(required=False, label="State")
    postal_code = forms.CharField(required=False, label="ZIP code")
    latitude = forms.CharField(required=False)
    longitude = forms.CharField(required=False)
    conference_url = forms.CharField(required=False, label="Online link")
    conference_phone = forms.CharField(required=False, label="Dial-in phone")
    types = forms.CharField(
        required=False,
        help_text="Meeting Guide codes, e.g. O (open), C (closed), S (Spanish), X (wheelchair)",
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    url = forms.CharField(required=False, label="Web page")


def _initial(meeting: Meeting) -> dict[str, Any]:
    data = {name: getattr(meeting, name) for name in MeetingForm.base_fields}
    data["start_time"] = meeting.start_time.strftime("%H:%M")
    data["end_time"] = meeting.end_time.strftime("%H:%M") if meeting.end_time else ""
    data["types"] = ", ".join(meeting.types)
    data["latitude"] = "" if meeting.latitude is None else str(meeting.latitude)
    data["longitude"] = "" if meeting.longitude is None else str(meeting.longitude)
    return data


def list_url(program: Program) -> str:
    return reverse("linkage:meetings", args=[program.public_id])


@login_required
def meeting_list(request: HttpRequest, program_id: UUID) -> HttpResponseBase:
    program = program_for(request.user, program_id)
    rows = program_meetings(program).order_by("-active", "weekday", "start_time", "name")
    fmt = wanted_format(request)
    if fmt:
        return meetings_file(request, program, rows, fmt)
    return render(
        request,
        "linkage/meetings_list.html",
        {"program": program, "meetings": rows, "weekdays": WEEKDAYS},
    )


@login_required
def meeting_add(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = program_for(request.user, program_id)
    form = MeetingForm(request.POST or None, initial={"time_zone": program.time_zone})
    done = submit(
        request,
        form,
        lambda data: add_meeting(actor=request.user, program=program, **data),
        done=lambda m: f"Added “{m.name}”.",
        then=list_url(program),
    )
    return done or render(
        request, "linkage/meeting_form.html", {"program": program, "form": form, "meeting": None}
    )


@login_required
def meeting_edit(request: HttpRequest, program_id: UUID, meeting_id: UUID) -> HttpResponse:
    program = program_for(request.user, program_id)
    meeting = meeting_for(program, meeting_id)
    form = MeetingForm(request.POST or None, initial=_initial(meeting))
    done = submit(
        request,
        form,
        lambda data: edit_meeting(actor=request.user, meeting=meeting, **data),
        done=lambda m: f"Saved “{m.name}”.",
        then=list_url(program),
    )
    return done or render(
        request,
        "linkage/meeting_form.html",
        {"program": program, "form": form, "meeting": meeting},
    )


@login_required
@require_POST
def meeting_retire(request: HttpRequest, program_id: UUID, meeting_id: UUID) -> HttpResponse:
    program = program_for(request.user, program_id)
    meeting = meeting_for(program, meeting_id)
    try:
        set_meeting_active(actor=request.user, meeting=meeting, active=not meeting.active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        word = "Retired" if meeting.active else "Listed again"
        messages.success(request, f"{word}: “{meeting.name}”.")
    return redirect(list_url(program))


class ImportForm(forms.Form):
    source = forms.CharField(
        max_length=200, label="Feed name", help_text="e.g. Harbor Intergroup; re-use it to update"
    )
    fellowship = forms.ChoiceField(
        choices=[
            ("", "From each meeting's types (AA, NA, SMART, CR, DRA, VET)"),
            *list(Fellowship.choices),
        ],
        required=False,
        help_text="A feed is usually one fellowship's meetings",
    )
    file = forms.FileField(label="Meeting Guide JSON file")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError("The file is larger than 10 MB.")
        return upload


@login_required
def meetings_import(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = program_for(request.user, program_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_meeting_guide(
                actor=request.user,
                program=program,
                source_name=form.cleaned_data["source"],
                feed=load_feed(form.cleaned_data["file"].read()),
                fellowship=form.cleaned_data["fellowship"] or None,
            )
        except FeedRejected as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                f"Imported {result.source.name}: {result.created} new, {result.updated} changed, "
                f"{result.unchanged} unchanged, {result.retired} retired.",
            )
            return redirect(list_url(program))
    return render(
        request,
        "linkage/meetings_import.html",
        {"program": program, "form": form, "problems": problems},
    )


urlpatterns = [
    path("programs/<uuid:program_id>/meetings/", meeting_list, name="meetings"),
    path("programs/<uuid:program_id>/meetings/add/", meeting_add, name="meeting_add"),
    path("programs/<uuid:program_id>/meetings/import/", meetings_import, name="meetings_import"),
    path(
        "programs/<uuid:program_id>/meetings/<uuid:meeting_id>/edit/",
        meeting_edit,
        name="meeting_edit",
    ),
    path(
        "programs/<uuid:program_id>/meetings/<uuid:meeting_id>/retire/",
        meeting_retire,
        name="meeting_retire",
    ),
]
