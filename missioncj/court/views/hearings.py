"""Court pages: hearings, staffing and the docket.

A court's calendar (hearings without names) is open to the program's staff; its dockets show
only the participants each reader may see (`Episode.objects.visible_to`), so a docket read is
a LIST audit event naming who was shown. Court partners see none of it yet (404)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, register_converter, reverse
from django.views.decorators.http import require_POST

from missioncj.core.exports import wanted_format
from missioncj.core.forms import submit
from missioncj.court import docket as reads
from missioncj.court import hearings_alerts  # noqa: F401 - registers the work-queue kinds
from missioncj.court.docket_export import calendar_file, docket_file
from missioncj.court.hearing_times import fmt_day
from missioncj.court.models import Court, DocketEntry, Hearing, HearingKind, HearingStatus
from missioncj.court.policies import can_configure, visible_courts
from missioncj.court.services import docket_entries
from missioncj.court.services import hearings as services
from missioncj.court.views import hearings_forms as f
from missioncj.court.views.hearings_participant import participant_hearings
from missioncj.participants.models import OPEN_STATUSES, Episode, Participant
from missioncj.participants.policies import can_work_in


class CourtDateConverter:
    """A local date in a URL, written YYYY-MM-DD; an impossible date is a 404."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        return dt.date.fromisoformat(value)  # ValueError: the URL does not match

    def to_url(self, value: dt.date | str) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value)


register_converter(CourtDateConverter, "courtdate")


def visible_court(request: HttpRequest, court_id: UUID) -> Court:
    return get_object_or_404(visible_courts(request.user), public_id=court_id)


def docket_url(court: Court, day: dt.date) -> str:
    return reverse("court:docket", args=[court.public_id, day])


def hearing_label(hearing: Hearing) -> str:
    day = f"{hearing.local_date:%a} {fmt_day(hearing.local_date)}"
    return f"{day} {hearing.local_time:%H:%M} · {hearing.get_kind_display()}"


# --- calendar ------------------------------------------------------------------------------------


@login_required
def calendar(request: HttpRequest, court_id: UUID) -> HttpResponseBase:
    court = visible_court(request, court_id)
    which = request.POST.get("add", "") if request.method == "POST" else ""
    hearing_form = f.HearingForm(
        request.POST if which == "hearing" else None, court=court, prefix="hearing"
    )
    series_form = f.SeriesForm(request.POST if which == "series" else None, prefix="series")
    if which == "hearing":
        response = submit(
            request,
            hearing_form,
            lambda data: services.schedule_hearing(actor=request.user, court=court, **data),
            done=lambda h: f"{h.get_kind_display()} added: {hearing_label(h)}.",
            then=lambda h: docket_url(court, h.local_date),
        )
        if response is not None:
            return response
        if "fold" in hearing_form.errors:
            hearing_form.ask_fold()
    elif which == "series":
        response = submit(
            request,
            series_form,
            lambda data: services.create_series(actor=request.user, court=court, **data),
            done=lambda s: f"Series added with {s.hearings.count()} dates.",
            then=reverse("court:calendar", args=[court.public_id]),
        )
        if response is not None:
            return response
    today = services.court_today(court)
    hearings = reads.upcoming_hearings(request.user, court, today)
    fmt = wanted_format(request) if request.method == "GET" else None
    if fmt:
        return calendar_file(request, court, hearings, fmt)
    context = {
        "court": court,
        "today": today,
        "configure": can_configure(request.user, court),
        "hearings": hearings,
        "series": _series(court),
        "hearing_form": hearing_form,
        "series_form": series_form,
    }
    failed = bool(hearing_form.errors or series_form.errors)
    return render(request, "court/hearings_calendar.html", context, status=422 if failed else 200)


def _series(court: Court) -> list[Any]:
    rows = list(
        court.series.annotate(count=Count("hearings"), last=Max("hearings__local_date")).order_by(
            "weekday", "local_time", "pk"
        )
    )
    names = dict(f.WEEKDAYS)
    for row in rows:
        row.weekday_name = names[row.weekday]  # type: ignore[attr-defined]
    return rows


@login_required
@require_POST
def extend(request: HttpRequest, court_id: UUID, series_id: UUID) -> HttpResponse:
    court = visible_court(request, court_id)
    series = get_object_or_404(court.series, public_id=series_id)
    try:
        added = services.extend_series(actor=request.user, series=series)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Series extended by {len(added)} dates.")
    return redirect("court:calendar", court.public_id)


@login_required
def hearing_detail(request: HttpRequest, court_id: UUID, hearing_id: UUID) -> HttpResponse:
    """Move or cancel a hearing (its docket follows it)."""
    court = visible_court(request, court_id)
    hearing = get_object_or_404(court.hearings, public_id=hearing_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    initial = {
        "local_date": hearing.local_date,
        "local_time": hearing.local_time,
        "room": hearing.room,
    }
    move_form = f.RescheduleForm(
        request.POST if action == "reschedule" else None, initial=initial, court=court
    )
    cancel_form = f.CancelForm(request.POST if action == "cancel" else None)
    if action == "reschedule":
        response = submit(
            request,
            move_form,
            lambda data: services.reschedule_hearing(actor=request.user, hearing=hearing, **data),
            done=lambda h: f"Moved to {hearing_label(h)}; everyone on its docket moved with it.",
            then=lambda h: docket_url(court, h.local_date),
        )
        if response is not None:
            return response
        if "fold" in move_form.errors:
            move_form.ask_fold()
    elif action == "cancel":
        response = submit(
            request,
            cancel_form,
            lambda data: services.cancel_hearing(actor=request.user, hearing=hearing, **data),
            done="Hearing cancelled.",
            then=docket_url(court, hearing.local_date),
        )
        if response is not None:
            return response
    context = {
        "court": court,
        "hearing": hearing,
        "configure": can_configure(request.user, court),
        "move_form": move_form,
        "cancel_form": cancel_form,
    }
    failed = bool(move_form.errors or cancel_form.errors)
    return render(request, "court/hearings_hearing.html", context, status=422 if failed else 200)


# --- docket --------------------------------------------------------------------------------------


def addable_episodes(user: Any, court: Court) -> list[Episode]:
    """Open episodes in the court's program the user may put on a docket (one query)."""
    episodes = (
        Episode.objects.visible_to(user)
        .filter(program_id=court.program_id, status__in=OPEN_STATUSES)
        .select_related("participant", "program", "team")
        .order_by("participant__last_name", "participant__first_name", "pk")
    )
    return [e for e in episodes if can_work_in(user, e.program, e.team)]


def _people_choices(episodes: list[Episode], hearing: reads.DocketHearing) -> list[tuple[str, str]]:
    on = {e.participant_id for e in hearing.entries}
    return [
        (str(e.participant.public_id), f"{e.participant.last_name}, {e.participant.first_name}")
        for e in episodes
        if e.participant_id not in on
    ]


def render_docket(
    request: HttpRequest,
    court: Court,
    day: dt.date,
    *,
    failed: dict[int, forms.Form] | None = None,
) -> HttpResponse:
    hearings = reads.docket_for(request.user, court, day)
    shown = [entry.participant for h in hearings for entry in h.entries]
    docket_entries.record_docket_read(
        actor=request.user, court=court, day=day, shown=shown, action="docket.read"
    )
    previous, following = reads.hearing_days_around(court, day)
    episodes = addable_episodes(request.user, court)
    failed = failed or {}
    for item in hearings:
        if item.hearing.status == HearingStatus.CANCELLED:
            continue
        choices = _people_choices(episodes, item)
        if item.hearing.pk in failed:
            item.add_form = failed[item.hearing.pk]
        elif choices:
            item.add_form = f.AddToDocketForm(
                people=choices, auto_id=f"id_%s_{item.hearing.public_id.hex[:8]}"
            )
    context = {
        "court": court,
        "day": day,
        "today": services.court_today(court),
        "hearings": hearings,
        "count": len(shown),
        "previous": previous,
        "following": following,
        "has_staffing": any(h.hearing.kind == HearingKind.STAFFING for h in hearings),
    }
    status = 422 if failed else 200
    return render(request, "court/hearings_docket.html", context, status=status)


@login_required
def docket_today(request: HttpRequest, court_id: UUID) -> HttpResponse:
    court = visible_court(request, court_id)
    wanted = request.GET.get("date", "")
    if wanted:
        try:
            return redirect(docket_url(court, dt.date.fromisoformat(wanted)))
        except ValueError:
            messages.error(request, "Enter the date as YYYY-MM-DD.")
    return render_docket(request, court, services.court_today(court))


@login_required
def docket(request: HttpRequest, court_id: UUID, day: dt.date) -> HttpResponseBase:
    court = visible_court(request, court_id)
    fmt = wanted_format(request)
    if fmt:
        return docket_file(request, court, day, reads.docket_for(request.user, court, day), fmt)
    return render_docket(request, court, day)


@login_required
@require_POST
def docket_add(request: HttpRequest, court_id: UUID, hearing_id: UUID) -> HttpResponse:
    court = visible_court(request, court_id)
    hearing = get_object_or_404(court.hearings, public_id=hearing_id)
    episodes = addable_episodes(request.user, court)
    on = set(hearing.entries.values_list("participant_id", flat=True))
    people = {e.participant.public_id.hex: e.participant for e in episodes}
    choices = [
        (str(e.participant.public_id), f"{e.participant.last_name}, {e.participant.first_name}")
        for e in episodes
        if e.participant_id not in on
    ]
    form = f.AddToDocketForm(
        request.POST, people=choices, auto_id=f"id_%s_{hearing.public_id.hex[:8]}"
    )

    def add(data: dict[str, Any]) -> DocketEntry:
        participant: Participant = people[UUID(data["participant"]).hex]
        return docket_entries.add_to_docket(
            actor=request.user, hearing=hearing, participant=participant
        )

    response = submit(
        request,
        form,
        add,
        done=lambda e: f"{e.participant.display_name} added to the {hearing_label(hearing)}.",
        then=docket_url(court, hearing.local_date),
    )
    if response is not None:
        return response
    return render_docket(request, court, hearing.local_date, failed={hearing.pk: form})


def visible_entry(request: HttpRequest, court: Court, entry_id: UUID) -> DocketEntry:
    entries = reads.annotate_entries(
        reads.visible_entries(request.user).filter(hearing__court=court)
    )
    return get_object_or_404(entries, public_id=entry_id)


@login_required
def result(request: HttpRequest, court_id: UUID, entry_id: UUID) -> HttpResponse:
    court = visible_court(request, court_id)
    entry = visible_entry(request, court, entry_id)
    if entry.hearing.kind == HearingKind.STAFFING:
        return redirect(
            reverse("court:staffing", args=[court.public_id, entry.hearing.local_date])
            + f"#entry-{entry.public_id}"
        )
    initial = {
        "appearance": entry.appearance,
        "outcome": entry.outcome,
        "next_date": entry.next_date,
    }
    form = f.ResultForm(request.POST or None, initial=initial)
    response = submit(
        request,
        form,
        lambda data: docket_entries.record_hearing_result(actor=request.user, entry=entry, **data),
        done=lambda e: f"Result recorded for {e.participant.display_name}.",
        then=docket_url(court, entry.hearing.local_date),
    )
    if response is not None:
        return response
    docket_entries.record_hearings_read(
        actor=request.user, participant=entry.participant, action="docket.entry.read"
    )
    context = {"court": court, "entry": entry, "form": form, "hearing": entry.hearing}
    status = 422 if form.errors else 200
    return render(request, "court/hearings_result.html", context, status=status)


@login_required
@require_POST
def remove(request: HttpRequest, court_id: UUID, entry_id: UUID) -> HttpResponse:
    court = visible_court(request, court_id)
    entry = visible_entry(request, court, entry_id)
    try:
        docket_entries.remove_from_docket(actor=request.user, entry=entry)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{entry.participant.display_name} taken off the docket.")
    return redirect(docket_url(court, entry.hearing.local_date))


# --- staffing ------------------------------------------------------------------------------------


@login_required
def staffing(request: HttpRequest, court_id: UUID, day: dt.date) -> HttpResponse:
    """Recommendations for each participant on the staffing meeting(s) of a date."""
    court = visible_court(request, court_id)
    meetings = [
        h
        for h in reads.docket_for(request.user, court, day)
        if h.hearing.kind == HearingKind.STAFFING
    ]
    entries = {e.public_id: e for h in meetings for e in h.entries}
    posted: f.StaffingForm | None = None
    if request.method == "POST":
        posted = f.StaffingForm(request.POST)
        if posted.is_valid() and posted.cleaned_data["entry"] not in entries:
            raise Http404("No such docket entry")
        if posted.is_valid():
            entry = entries[posted.cleaned_data["entry"]]
            url = (
                reverse("court:staffing", args=[court.public_id, day]) + f"#entry-{entry.public_id}"
            )
            response = submit(
                request,
                posted,
                lambda data: docket_entries.record_staffing(
                    actor=request.user,
                    entry=entry,
                    recommendation=data["recommendation"],
                    staffing_note=data["staffing_note"],
                ),
                done=f"Recommendation saved for {entry.participant.display_name}.",
                then=url,
            )
            if response is not None:
                return response
    for entry in entries.values():
        if (
            posted is not None
            and posted.is_bound
            and posted.data.get("entry") == str(entry.public_id)
        ):
            entry.form = posted  # type: ignore[attr-defined]
        else:
            entry.form = f.StaffingForm(  # type: ignore[attr-defined]
                initial={
                    "entry": entry.public_id,
                    "recommendation": entry.recommendation,
                    "staffing_note": entry.staffing_note,
                },
                auto_id=f"id_%s_{entry.public_id.hex[:8]}",
            )
    docket_entries.record_docket_read(
        actor=request.user,
        court=court,
        day=day,
        shown=[e.participant for e in entries.values()],
        action="staffing.read",
    )
    context = {"court": court, "day": day, "meetings": meetings, "count": len(entries)}
    failed = posted is not None and bool(posted.errors)
    return render(request, "court/hearings_staffing.html", context, status=422 if failed else 200)


urlpatterns = [
    path("courts/<uuid:court_id>/calendar/", calendar, name="calendar"),
    path("courts/<uuid:court_id>/series/<uuid:series_id>/extend/", extend, name="series_extend"),
    path("courts/<uuid:court_id>/hearings/<uuid:hearing_id>/", hearing_detail, name="hearing"),
    path(
        "courts/<uuid:court_id>/hearings/<uuid:hearing_id>/docket/",
        docket_add,
        name="docket_add",
    ),
    path("courts/<uuid:court_id>/docket/", docket_today, name="docket_today"),
    path("courts/<uuid:court_id>/docket/<courtdate:day>/", docket, name="docket"),
    path("courts/<uuid:court_id>/docket-entries/<uuid:entry_id>/result/", result, name="result"),
    path("courts/<uuid:court_id>/docket-entries/<uuid:entry_id>/remove/", remove, name="remove"),
    path("courts/<uuid:court_id>/staffing/<courtdate:day>/", staffing, name="staffing"),
    path(
        "participants/<uuid:public_id>/hearings/", participant_hearings, name="participant_hearings"
    ),
]
