"""Court pages: hearings, staffing and the docket.

A court's calendar (hearings without names) is open to the program's staff; its dockets show
only the participants each reader may see (`Episode.objects.visible_to`), so a docket read is
a LIST audit event naming who was shown. Court partners see none of it yet (404)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
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

from missioncj.core.audit import record
from missioncj.core.exports import wanted_format
from missioncj.core.forms import submit
from missioncj.core.models import AuditKind
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
from missioncj.court.views.hearings_staffing import staffing
from missioncj.participants.models import Participant


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


def _url_with(name: str, *args: Any) -> Callable[[UUID], str]:
    """The URL of `name` for any public id, reversed once: a docket of hundreds of rows would
    otherwise reverse four URLs per row."""
    marker = str(UUID(int=0))
    head, tail = reverse(name, args=[*args, marker]).split(marker)
    return lambda public_id: f"{head}{public_id}{tail}"


def _short_day(day: dt.date, year: bool = False) -> str:
    return f"{day.day} {day:%b %Y}" if year else f"{day.day} {day:%b}"


def _row_links(court: Court, hearings: list[reads.DocketHearing]) -> None:
    """Each entry's links and dates as text, made once per page (`hearings_docket.html`)."""
    detail = _url_with("participants:detail")
    dates = _url_with("court:participant_hearings")
    result = _url_with("court:result", court.public_id)
    remove = _url_with("court:remove", court.public_id)
    for item in hearings:
        for e in item.entries:
            person = e.participant.public_id
            e.links = {  # type: ignore[attr-defined]
                "detail": detail(person),
                "dates": dates(person),
                "result": result(e.public_id),
                "remove": remove(e.public_id),
            }
            last_on = getattr(e, "last_appearance_on", None)
            e.last_appearance_day = _short_day(last_on) if last_on else ""  # type: ignore[attr-defined]
            e.next_day = _short_day(e.next_date, year=True) if e.next_date else ""  # type: ignore[attr-defined]


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
    may_add = reads.addable_episodes(request.user, court).exists()
    failed = failed or {}
    for item in hearings:
        if item.hearing.status == HearingStatus.CANCELLED or not may_add:
            continue
        item.add_form = f.DocketSearchForm(auto_id=f"id_%s_{item.hearing.public_id.hex[:8]}")
        if item.hearing.pk in failed:
            errors = failed[item.hearing.pk].errors.values()
            item.add_errors = [str(message) for field in errors for message in field]
    _row_links(court, hearings)
    context = {
        "court": court,
        "day": day,
        "today": services.court_today(court),
        "staffing_url": reverse("court:staffing", args=[court.public_id, day]),
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
    """Put the person picked from the docket's search on the hearing's docket: the posted
    public id must be someone the user may add (`reads.addable_person`)."""
    court = visible_court(request, court_id)
    hearing = get_object_or_404(court.hearings, public_id=hearing_id)
    form = f.AddToDocketForm(request.POST)

    def add(data: dict[str, Any]) -> DocketEntry:
        participant = reads.addable_person(request.user, court, data["participant"])
        if participant is None:
            raise ValidationError({"participant": NOT_ADDABLE})
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


NOT_ADDABLE = (
    "You cannot put this person on this docket. Search by name for someone open in this program."
)


@login_required
def docket_lookup(request: HttpRequest, court_id: UUID, hearing_id: UUID) -> HttpResponse:
    """Up to ten people the user may add to the hearing's docket whose name (or identifier)
    starts with what they typed; the htmx box under each hearing, or a page of its own without
    JavaScript. What was shown is recorded as a search."""
    court = visible_court(request, court_id)
    hearing = get_object_or_404(court.hearings, public_id=hearing_id)
    if hearing.status == HearingStatus.CANCELLED:
        raise Http404("This hearing is cancelled")
    form = f.DocketSearchForm(request.GET, auto_id=f"id_%s_{hearing.public_id.hex[:8]}")
    people: list[Participant] = []
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        people = reads.addable_people(request.user, hearing, query)
        shown = [str(p.public_id) for p in people[: reads.ADD_MATCHES]]
        record(
            kind=AuditKind.SEARCH,
            action="docket.search",
            actor=request.user,
            subject=court,
            after={"query": query, "shown": shown},
        )
    context = {
        "court": court,
        "hearing": hearing,
        "label": hearing_label(hearing),
        "form": form,
        "query": query,
        "people": people[: reads.ADD_MATCHES],
        "more": len(people) > reads.ADD_MATCHES,
    }
    if getattr(request, "htmx", False):
        if not request.GET.get("q", "").strip():
            return HttpResponse("")  # the box was cleared: nothing to show, nothing to say
        return render(request, "court/hearings_docket_lookup.html#matches", context)
    status = 422 if form.errors else 200
    return render(request, "court/hearings_docket_lookup.html", context, status=status)


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


urlpatterns = [
    path("courts/<uuid:court_id>/calendar/", calendar, name="calendar"),
    path("courts/<uuid:court_id>/series/<uuid:series_id>/extend/", extend, name="series_extend"),
    path("courts/<uuid:court_id>/hearings/<uuid:hearing_id>/", hearing_detail, name="hearing"),
    path(
        "courts/<uuid:court_id>/hearings/<uuid:hearing_id>/docket/",
        docket_add,
        name="docket_add",
    ),
    path(
        "courts/<uuid:court_id>/hearings/<uuid:hearing_id>/docket/find/",
        docket_lookup,
        name="docket_lookup",
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
