"""Curriculum pages: the list, one curriculum with its facilitator guides, editing (each save is a
new version) and the version history."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse

from missioncj.care.models import (
    AttendanceStatus,
    Curriculum,
)
from missioncj.care.services import curricula as curricula_services
from missioncj.care.services.curricula import (
    GUIDE_MAX,
    NOTE_MAX,
    TITLE_MAX,
    can_edit,
    staff_program_ids,
    visible_curricula,
)
from missioncj.core.forms import submit

NOT_IN_GROUP = ""
STATUS_CHOICES = [*AttendanceStatus.choices, (NOT_IN_GROUP, "Not in this group")]


def _visible_curriculum(request: HttpRequest, curriculum_id: UUID) -> Curriculum:
    return get_object_or_404(
        visible_curricula(request.user).select_related("program"), public_id=curriculum_id
    )


@login_required
def curriculum_list(request: HttpRequest) -> HttpResponse:
    curricula = (
        visible_curricula(request.user)
        .select_related("program")
        .annotate(session_count=Count("sessions"))
        .order_by("program__name", "kind")
    )
    return render(
        request,
        "care/groups/curriculum_list.html",
        {"curricula": curricula, "editable": staff_program_ids(request.user)},
    )


@login_required
def curriculum_detail(request: HttpRequest, curriculum_id: UUID) -> HttpResponse:
    curriculum = _visible_curriculum(request, curriculum_id)
    latest = curriculum.revisions.select_related("edited_by").first()
    context = {
        "curriculum": curriculum,
        "sessions": curriculum.sessions.order_by("number"),
        "latest": latest,
        "can_edit": can_edit(request.user, curriculum),
    }
    return render(request, "care/groups/curriculum_detail.html", context)


class CurriculumForm(forms.Form):
    def __init__(self, *args: Any, curriculum: Curriculum, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.numbers: list[int] = []
        for session in curriculum.sessions.order_by("number"):
            n = session.number
            self.numbers.append(n)
            self.fields[f"title_{n}"] = forms.CharField(
                max_length=TITLE_MAX, label=f"Session {n}: title", initial=session.title
            )
            self.fields[f"guide_{n}"] = forms.CharField(
                max_length=GUIDE_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                label=f"Session {n}: facilitator guide",
                initial=session.guide,
            )
        self.next_number = max(self.numbers, default=0) + 1
        self.fields["new_title"] = forms.CharField(
            max_length=TITLE_MAX,
            required=False,
            label=f"Add session {self.next_number} at the end: title (optional)",
        )
        self.fields["new_guide"] = forms.CharField(
            max_length=GUIDE_MAX,
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            label=f"Session {self.next_number}: facilitator guide",
        )
        self.fields["note"] = forms.CharField(
            max_length=NOTE_MAX,
            required=False,
            label="What changed and why",
            help_text="Shown in the version history.",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_guide") and not data.get("new_title"):
            self.add_error("new_title", "Give the new session a title, or leave both empty.")
        return data

    def sessions(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        rows = [
            {"number": n, "title": data[f"title_{n}"], "guide": data[f"guide_{n}"]}
            for n in self.numbers
        ]
        if data.get("new_title"):
            rows.append(
                {"number": self.next_number, "title": data["new_title"], "guide": data["new_guide"]}
            )
        return rows


@login_required
def curriculum_edit(request: HttpRequest, curriculum_id: UUID) -> HttpResponse:
    curriculum = _visible_curriculum(request, curriculum_id)
    detail = reverse("care:curriculum_detail", args=[curriculum.public_id])
    if not can_edit(request.user, curriculum):
        messages.error(request, "Only staff of this program can edit its curricula.")
        return redirect(detail)
    form = CurriculumForm(request.POST or None, curriculum=curriculum)
    response = submit(
        request,
        form,
        lambda data: curricula_services.revise_curriculum(
            actor=request.user, curriculum=curriculum, sessions=form.sessions(), note=data["note"]
        ),
        done=lambda c: f"Saved as version {c.version}.",
        then=detail,
    )
    if response is not None:
        return response
    context = {"curriculum": curriculum, "form": form}
    return render(
        request,
        "care/groups/curriculum_edit.html",
        context,
        status=422 if form.errors else 200,
    )


@login_required
def curriculum_history(request: HttpRequest, curriculum_id: UUID) -> HttpResponse:
    curriculum = _visible_curriculum(request, curriculum_id)
    revisions = list(curriculum.revisions.select_related("edited_by").order_by("-version"))
    rows = []
    for index, revision in enumerate(revisions):
        older = revisions[index + 1] if index + 1 < len(revisions) else None
        previous = {s["number"]: s for s in older.sessions} if older else {}
        changed = [
            s["number"]
            for s in revision.sessions
            if older is not None and previous.get(s["number"]) != s
        ]
        rows.append({"revision": revision, "changed": changed})
    return render(
        request, "care/groups/curriculum_history.html", {"curriculum": curriculum, "rows": rows}
    )


# --- group sessions -----------------------------------------------------------------------------


urlpatterns = [
    path("curricula/", curriculum_list, name="curriculum_list"),
    path("curricula/<uuid:curriculum_id>/", curriculum_detail, name="curriculum_detail"),
    path("curricula/<uuid:curriculum_id>/edit/", curriculum_edit, name="curriculum_edit"),
    path("curricula/<uuid:curriculum_id>/history/", curriculum_history, name="curriculum_history"),
]
