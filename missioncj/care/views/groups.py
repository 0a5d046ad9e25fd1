"""Curricula and group sessions: pages, the participant-page "Groups" panel, timeline entries.

A group is entered once (session, time, place, facilitators) with one attendance row per member;
each member's page and timeline show it, and each viewer sees only the members they work with.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from missioncj.accounts.models import User
from missioncj.care.models import (
    COMPLETED,
    Attendance,
    AttendanceStatus,
    Curriculum,
    CurriculumSession,
    GroupSession,
)
from missioncj.care.services import curricula as curricula_services
from missioncj.care.services import groups as group_services
from missioncj.care.services.curricula import (
    GUIDE_MAX,
    NOTE_MAX,
    TITLE_MAX,
    can_edit,
    program_staff,
    staff_program_ids,
    visible_curricula,
)
from missioncj.core.audit import record
from missioncj.core.forms import DateTimeInput, submit
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode, EpisodeStatus, Participant
from missioncj.participants.panels import Panel
from missioncj.participants.panels import register as register_panel
from missioncj.participants.services import can_work_in, record_read
from missioncj.participants.timeline import TimelineEntry
from missioncj.participants.timeline import register as register_timeline
from missioncj.participants.views import form_page, participant_url, visible_participant

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


def _pick(curricula: QuerySet[Curriculum], wanted: str | None) -> Curriculum | None:
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


def _session_arguments(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "curriculum": data["curriculum"],
        "session_number": data["session_number"],
        "occurred_at": data["occurred_at"],
        "duration_minutes": data["duration_minutes"],
        "location": data["location"],
        "facilitators": list(data["facilitators"]),
    }


def _initial(request: HttpRequest, curriculum: Curriculum, minutes: int) -> dict[str, Any]:
    staff = program_staff(curriculum.program)
    return {
        "occurred_at": timezone.localtime().replace(second=0, microsecond=0),
        "duration_minutes": minutes,
        "facilitators": [request.user] if staff.filter(pk=request.user.pk).exists() else [],
    }


# --- curricula ----------------------------------------------------------------------------------


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


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    groups = (
        GroupSession.objects.visible_to(request.user)
        .select_related("curriculum", "program")
        .order_by("-occurred_at", "-pk")
    )
    page = Paginator(groups, 25).get_page(request.GET.get("page"))
    shown = list(page)
    visible = Episode.objects.visible_to(request.user)
    counts = dict(
        Attendance.objects.filter(group_session__in=shown, episode__in=visible)
        .values("group_session")
        .annotate(n=Count("pk"))
        .values_list("group_session", "n")
    )
    titles = session_titles((g.curriculum_id, g.session_number) for g in shown)
    rows = [
        {
            "group": g,
            "zone": g.program.time_zone,
            "title": titles.get((g.curriculum_id, g.session_number), ""),
            "members": counts.get(g.pk, 0),
        }
        for g in shown
    ]
    record(
        kind=AuditKind.LIST,
        action="group_session.list",
        actor=request.user,
        after={"shown": [str(g.public_id) for g in shown]},
    )
    context = {
        "rows": rows,
        "page": page,
        "can_record": recordable_curricula(request.user).exists(),
    }
    return render(request, "care/groups/group_list.html", context)


def _members(request: HttpRequest, curriculum: Curriculum) -> list[Episode]:
    return list(
        Episode.objects.visible_to(request.user)
        .filter(program=curriculum.program, status=EpisodeStatus.ENROLLED)
        .select_related("participant", "team", "program")
        .order_by("team__name", "participant__last_name", "participant__first_name", "pk")
    )


@login_required
def group_new(request: HttpRequest) -> HttpResponse:
    curricula = recordable_curricula(request.user)
    source = request.POST if request.method == "POST" else request.GET
    curriculum = _pick(curricula, source.get("curriculum"))
    if curriculum is None:
        return render(request, "care/groups/group_form.html", {"form": None})
    timezone.activate(curriculum.program.zone)
    members = _members(request, curriculum)
    form = GroupForm(
        request.POST or None,
        curricula=curricula,
        curriculum=curriculum,
        members=members,
        reload_url=reverse("care:group_new"),
        initial=_initial(request, curriculum, 90),
    )

    def save(data: dict[str, Any]) -> GroupSession:
        return group_services.record_group_session(
            actor=request.user,
            attendance=form.attendance(),
            note=data["note"],
            **_session_arguments(data),
        )

    response = submit(
        request,
        form,
        save,
        done=lambda g: f"Group saved: {g.attendance.count()} member(s) recorded.",
        then=group_url,
    )
    if response is not None:
        return response
    context = {"form": form, "curriculum": curriculum, "members": members}
    return render(
        request, "care/groups/group_form.html", context, status=422 if form.errors else 200
    )


def _visible_group(request: HttpRequest, group_id: UUID) -> GroupSession:
    return get_object_or_404(
        GroupSession.objects.visible_to(request.user).select_related(
            "curriculum", "program", "recorded_by"
        ),
        public_id=group_id,
    )


@login_required
def group_detail(request: HttpRequest, group_id: UUID) -> HttpResponse:
    group = _visible_group(request, group_id)
    timezone.activate(group.program.zone)
    visible = Episode.objects.visible_to(request.user)
    rows = list(
        group.attendance.filter(episode__in=visible)
        .select_related("participant", "episode__team", "episode__program")
        .order_by("participant__last_name", "participant__first_name", "pk")
    )
    hidden = group.attendance.exclude(episode__in=visible).exists()
    title = session_titles([(group.curriculum_id, group.session_number)]).get(
        (group.curriculum_id, group.session_number), ""
    )
    for row in rows:
        record_read(actor=request.user, participant=row.participant, what="group_session.read")
    context = {
        "group": group,
        "title": title,
        "rows": [
            {
                "attendance": row,
                "can_correct": can_work_in(request.user, row.episode.program, row.episode.team),
            }
            for row in rows
        ],
        "hidden": hidden,
        "facilitators": group.facilitators.order_by("display_name", "username"),
        "statuses": AttendanceStatus.choices,
        "makeup_statuses": [c for c in AttendanceStatus.choices if c[0] in COMPLETED],
    }
    return render(request, "care/groups/group_detail.html", context)


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(choices=AttendanceStatus.choices, label="Attendance")
    note = forms.CharField(
        max_length=group_services.MEMBER_NOTE_MAX, required=False, label="Note (optional)"
    )


@login_required
@require_POST
def attendance_update(request: HttpRequest, group_id: UUID, episode_id: UUID) -> HttpResponse:
    group = _visible_group(request, group_id)
    episode = get_object_or_404(
        Episode.objects.visible_to(request.user)
        .filter(attendance__group_session=group)
        .select_related("participant", "program", "team")
        .distinct(),
        public_id=episode_id,
    )
    form = AttendanceForm(request.POST)
    return submit(
        request,
        form,
        lambda data: group_services.update_attendance(
            actor=request.user,
            group_session=group,
            episode=episode,
            status=data["status"],
            note=data["note"],
        ),
        done=lambda row: f"{row.participant.display_name}: now {row.get_status_display()}.",
        then=group_url(group),
    ) or form_page(
        request,
        form,
        episode.participant,
        f"Correct attendance: {group.curriculum.name} session {group.session_number}",
        "Save",
        status=422,
    )


# --- individual make-up from the participant page -----------------------------------------------


def _completed_numbers(episode: Episode | None, curriculum: Curriculum) -> set[int]:
    if episode is None:
        return set()
    return set(
        Attendance.objects.filter(
            episode=episode, group_session__curriculum=curriculum, status__in=COMPLETED
        ).values_list("group_session__session_number", flat=True)
    )


@login_required
def makeup_new(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episodes = {
        e.program_id: e
        for e in Episode.objects.visible_to(request.user)
        .filter(participant=participant, status=EpisodeStatus.ENROLLED)
        .select_related("program", "team", "participant")
    }
    curricula = recordable_curricula(request.user).filter(program_id__in=set(episodes))
    source = request.POST if request.method == "POST" else request.GET
    curriculum = _pick(curricula, source.get("curriculum"))
    context: dict[str, Any] = {"participant": participant, "form": None}
    if curriculum is None:
        return render(request, "care/groups/makeup_form.html", context)
    timezone.activate(curriculum.program.zone)
    episode = episodes[curriculum.program_id]
    completed = _completed_numbers(episode, curriculum)
    initial = _initial(request, curriculum, 30)
    missing = [
        n for n in curriculum.sessions.values_list("number", flat=True) if n not in completed
    ]
    if missing:
        initial["session_number"] = missing[0]
    form = MakeupForm(
        request.POST or None,
        curricula=curricula,
        curriculum=curriculum,
        completed=completed,
        reload_url=reverse("care:makeup_new", args=[participant.public_id]),
        initial=initial,
    )

    def save(data: dict[str, Any]) -> GroupSession:
        # The curriculum posted may be another program's: attend with that program's episode.
        member = episodes.get(data["curriculum"].program_id, episode)
        return group_services.record_group_session(
            actor=request.user,
            attendance=[(member, AttendanceStatus.MAKEUP, data["note"])],
            is_individual_makeup=True,
            **_session_arguments(data),
        )

    response = submit(
        request,
        form,
        save,
        done=lambda g: (
            f"Make-up of session {g.session_number} recorded for {participant.display_name}."
        ),
        then=participant_url(participant),
    )
    if response is not None:
        return response
    context.update({"form": form, "curriculum": curriculum})
    return render(
        request, "care/groups/makeup_form.html", context, status=422 if form.errors else 200
    )


# --- the participant page: panel and timeline ---------------------------------------------------


def _attendance_of(participant: Participant, episodes: list[Episode]) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(participant=participant, episode__in=episodes)
        .select_related("group_session__curriculum", "group_session__recorded_by")
        .order_by("-group_session__occurred_at", "-pk")
    )


def groups_panel(
    participant: Participant, user: Any, episodes: list[Episode]
) -> dict[str, Any] | None:
    staff = staff_program_ids(user)
    can_makeup = any(
        e.status == EpisodeStatus.ENROLLED
        and e.program_id in staff
        and can_work_in(user, e.program, e.team)
        for e in episodes
    )
    rows = list(_attendance_of(participant, episodes)[:20])
    if not rows and not can_makeup:
        return None
    titles = session_titles(
        (a.group_session.curriculum_id, a.group_session.session_number) for a in rows
    )
    return {
        "participant": participant,
        "can_makeup": can_makeup,
        "rows": [
            {
                "attendance": a,
                "group": a.group_session,
                "label": session_label(
                    a.group_session.curriculum,
                    a.group_session.session_number,
                    titles.get((a.group_session.curriculum_id, a.group_session.session_number), ""),
                ),
            }
            for a in rows
        ],
    }


def attendance_entries(
    participant: Participant, user: Any, episodes: list[Episode], limit: int
) -> Iterable[TimelineEntry]:
    rows = list(_attendance_of(participant, episodes)[:limit])
    titles = session_titles(
        (a.group_session.curriculum_id, a.group_session.session_number) for a in rows
    )
    for a in rows:
        group = a.group_session
        label = session_label(
            group.curriculum,
            group.session_number,
            titles.get((group.curriculum_id, group.session_number), ""),
        )
        yield TimelineEntry(
            when=group.occurred_at,
            kind="group",
            title=f"{label} — {a.get_status_display()}",
            body=a.note,
            author=str(group.recorded_by),
            details=[
                "Individual make-up" if group.is_individual_makeup else "Group",
                f"{group.duration_minutes} min",
                group.location,
            ],
        )


register_panel(
    Panel(key="groups", template="care/groups/panel.html", context=groups_panel, order=50)
)
register_timeline(attendance_entries)


urlpatterns = [
    path("curricula/", curriculum_list, name="curriculum_list"),
    path("curricula/<uuid:curriculum_id>/", curriculum_detail, name="curriculum_detail"),
    path("curricula/<uuid:curriculum_id>/edit/", curriculum_edit, name="curriculum_edit"),
    path("curricula/<uuid:curriculum_id>/history/", curriculum_history, name="curriculum_history"),
    path("groups/", group_list, name="group_list"),
    path("groups/new/", group_new, name="group_new"),
    path("groups/<uuid:group_id>/", group_detail, name="group_detail"),
    path(
        "groups/<uuid:group_id>/attendance/<uuid:episode_id>/",
        attendance_update,
        name="attendance_update",
    ),
    path("participants/<uuid:public_id>/groups/makeup/", makeup_new, name="makeup_new"),
]
