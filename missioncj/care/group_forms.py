"""Forms and small helpers for recording group sessions and make-ups."""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any
from uuid import UUID

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from missioncj.accounts.models import User
from missioncj.care.models import (
    AttendanceStatus,
    Curriculum,
    CurriculumSession,
    GroupSession,
)
from missioncj.care.services import groups as group_services
from missioncj.care.services.curricula import (
    program_staff,
    staff_program_ids,
    visible_curricula,
)
from missioncj.core.forms import DateTimeInput
from missioncj.participants.models import Episode

NOT_IN_GROUP = ""
STATUS_CHOICES = [*AttendanceStatus.choices, (NOT_IN_GROUP, "Not in this group")]


NOT_IN_GROUP = ""
STATUS_CHOICES = [*AttendanceStatus.choices, (NOT_IN_GROUP, "Not in this group")]


# --- shared helpers -----------------------------------------------------------------------------


def session_titles(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """(curriculum pk, session number) → current title, in one query."""
    wanted = set(pairs)
    if not wanted:
        return {}
    rows = CurriculumSession.objects.filter(curriculum_id__in={c for c, _ in wanted}).values_list(
        "curriculum_id", "number", "title"
    )
    return {(c, n): t for c, n, t in rows if (c, n) in wanted}


def session_label(curriculum: Curriculum, number: int, title: str) -> str:
    return (
        f"{curriculum.name} · session {number}: {title}"
        if title
        else (f"{curriculum.name} · session {number}")
    )


def group_url(group: GroupSession) -> str:
    return reverse("care:group_detail", args=[group.public_id])


def recordable_curricula(user: Any) -> QuerySet[Curriculum]:
    """Curricula the user may record groups for: programs where they hold a staff role."""
    return (
        visible_curricula(user)
        .filter(program_id__in=staff_program_ids(user))
        .select_related("program")
        .order_by("program__name", "kind")
    )


def pick_curriculum(curricula: QuerySet[Curriculum], wanted: str | None) -> Curriculum | None:
    if wanted:
        try:
            chosen = curricula.filter(public_id=UUID(str(wanted))).first()
        except ValueError:
            chosen = None
        if chosen is not None:
            return chosen
    return curricula.first()


class CurriculumChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.program.name})"


class SessionForm(forms.Form):
    """What every recorded session needs: which session, when, how long, where, who led it."""

    curriculum = CurriculumChoiceField(
        queryset=Curriculum.objects.none(), to_field_name="public_id", label="Curriculum"
    )
    session_number = forms.TypedChoiceField(coerce=int, label="Session")
    occurred_at = forms.DateTimeField(
        widget=DateTimeInput(), label="Date and time", help_text="In the program's time zone."
    )
    duration_minutes = forms.IntegerField(
        min_value=1, max_value=group_services.DURATION_MAX, label="Minutes"
    )
    location = forms.CharField(max_length=group_services.LOCATION_MAX, label="Where")
    facilitators = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        to_field_name="username",
        widget=forms.CheckboxSelectMultiple,
        label="Facilitators",
    )

    def __init__(
        self,
        *args: Any,
        curricula: QuerySet[Curriculum],
        curriculum: Curriculum,
        reload_url: str,
        completed: set[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["curriculum"].queryset = curricula  # type: ignore[attr-defined]
        self.fields["curriculum"].initial = curriculum.public_id
        # Choosing another curriculum reloads the sessions (and members) below it.
        self.fields["curriculum"].widget.attrs.update(
            {
                "hx-get": reload_url,
                "hx-trigger": "change",
                "hx-target": "#group-body",
                "hx-select": "#group-body",
                "hx-swap": "outerHTML",
            }
        )
        done = completed or set()
        self.fields["session_number"].choices = [  # type: ignore[attr-defined]
            (s.number, f"{s.number}. {s.title}" + (" · completed" if s.number in done else ""))
            for s in curriculum.sessions.order_by("number")
        ]
        self.fields["facilitators"].queryset = program_staff(curriculum.program)  # type: ignore[attr-defined]

    @property
    def session_fields(self) -> SimpleNamespace:
        """The fixed fields, shaped for form_fields.html."""
        names = [n for n in SessionForm.base_fields]
        extra = [n for n in self.fields if n in ("note",)]
        return SimpleNamespace(
            non_field_errors=self.non_field_errors,
            hidden_fields=[],
            visible_fields=[self[n] for n in names + extra],
        )


class GroupForm(SessionForm):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Group note (optional)",
        help_text="What the group covered. Notes about one member go on their row.",
    )

    def __init__(self, *args: Any, members: list[Episode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for episode in members:
            key = episode.public_id
            name = episode.participant.display_name
            self.fields[f"status_{key}"] = forms.ChoiceField(
                choices=STATUS_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=NOT_IN_GROUP,
                label=name,
            )
            self.fields[f"note_{key}"] = forms.CharField(
                max_length=group_services.MEMBER_NOTE_MAX,
                required=False,
                label=f"Note for {name} (optional)",
            )

    @property
    def member_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "episode": e,
                "status": self[f"status_{e.public_id}"],
                "note": self[f"note_{e.public_id}"],
            }
            for e in self.members
        ]

    def attendance(self) -> list[tuple[Episode, str, str]]:
        data = self.cleaned_data
        return [
            (e, data[f"status_{e.public_id}"], data[f"note_{e.public_id}"])
            for e in self.members
            if data[f"status_{e.public_id}"] != NOT_IN_GROUP
        ]


class MakeupForm(SessionForm):
    note = forms.CharField(
        max_length=group_services.MEMBER_NOTE_MAX,
        required=False,
        label="Note (optional)",
        help_text="A short note for this person's record.",
    )


def session_arguments(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "curriculum": data["curriculum"],
        "session_number": data["session_number"],
        "occurred_at": data["occurred_at"],
        "duration_minutes": data["duration_minutes"],
        "location": data["location"],
        "facilitators": list(data["facilitators"]),
    }


def initial_values(request: HttpRequest, curriculum: Curriculum, minutes: int) -> dict[str, Any]:
    staff = program_staff(curriculum.program)
    return {
        "occurred_at": timezone.localtime().replace(second=0, microsecond=0),
        "duration_minutes": minutes,
        "facilitators": [request.user] if staff.filter(pk=request.user.pk).exists() else [],
    }


# --- curricula ----------------------------------------------------------------------------------
