"""Group sessions: pages, the participant-page "Groups" panel, timeline entries.

A group is entered once (session, time, place, facilitators) with one attendance row per member;
each member's page and timeline show it, and each viewer sees only the members they work with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from missioncj.accounts.scope import scope_of
from missioncj.care.group_export import group_list_file
from missioncj.care.group_forms import (
    GroupForm,
    MakeupForm,
    group_url,
    initial_values,
    pick_curriculum,
    recordable_curricula,
    session_arguments,
    session_label,
    session_titles,
)
from missioncj.care.models import (
    COMPLETED,
    Attendance,
    AttendanceStatus,
    Curriculum,
    GroupSession,
)
from missioncj.care.services import groups as group_services
from missioncj.care.services.curricula import staff_programs_in
from missioncj.core.audit import record
from missioncj.core.exports import wanted_format
from missioncj.core.forms import submit
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode, EpisodeStatus, Participant
from missioncj.participants.panels import Panel, shared_newest
from missioncj.participants.panels import register as register_panel
from missioncj.participants.services import can_work_in, record_read
from missioncj.participants.timeline import TimelineEntry
from missioncj.participants.timeline import register as register_timeline
from missioncj.participants.views import form_page, participant_url, visible_participant


@login_required
def group_list(request: HttpRequest) -> HttpResponseBase:
    groups = (
        GroupSession.objects.visible_to(request.user)
        .select_related("curriculum", "program")
        .order_by("-occurred_at", "-pk")
    )
    fmt = wanted_format(request)
    if fmt and not scope_of(request.user).is_empty:  # no file for those who see no group
        return group_list_file(request, groups, fmt)
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
    curriculum = pick_curriculum(curricula, source.get("curriculum"))
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
        initial=initial_values(request, curriculum, 90),
    )

    def save(data: dict[str, Any]) -> GroupSession:
        return group_services.record_group_session(
            actor=request.user,
            attendance=form.attendance(),
            note=data["note"],
            **session_arguments(data),
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
    curriculum = pick_curriculum(curricula, source.get("curriculum"))
    context: dict[str, Any] = {"participant": participant, "form": None}
    if curriculum is None:
        return render(request, "care/groups/makeup_form.html", context)
    timezone.activate(curriculum.program.zone)
    episode = episodes[curriculum.program_id]
    completed = _completed_numbers(episode, curriculum)
    initial = initial_values(request, curriculum, 30)
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
            **session_arguments(data),
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


Titles = dict[tuple[int, int], str]


def _newest_attendance(
    participant: Participant, episodes: list[Episode], limit: int
) -> tuple[list[Attendance], Titles]:
    """The newest attendance rows and their session titles, read once for the panel and the
    first timeline page."""

    def read(n: int) -> tuple[list[Attendance], Titles]:
        rows = list(_attendance_of(participant, episodes)[:n])
        titles = session_titles(
            (a.group_session.curriculum_id, a.group_session.session_number) for a in rows
        )
        return rows, titles

    return shared_newest(episodes, "care.attendance", limit, read)


def groups_panel(
    participant: Participant, user: Any, episodes: list[Episode]
) -> dict[str, Any] | None:
    staff = staff_programs_in(scope_of(user))
    can_makeup = any(
        e.status == EpisodeStatus.ENROLLED
        and e.program_id in staff
        and can_work_in(user, e.program, e.team)
        for e in episodes
    )
    rows, titles = _newest_attendance(participant, episodes, 20)
    if not rows and not can_makeup:
        return None
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
    participant: Participant,
    user: Any,
    episodes: list[Episode],
    limit: int,
    before: dt.datetime | None = None,
) -> Iterable[TimelineEntry]:
    if before is None:
        rows, titles = _newest_attendance(participant, episodes, limit)
    else:
        rows = list(
            _attendance_of(participant, episodes).filter(group_session__occurred_at__lt=before)[
                :limit
            ]
        )
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
