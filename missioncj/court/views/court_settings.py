"""A program's courts: the list (for the program's staff) and adding or editing one (for its
director or supervisor). Anyone else gets a 404, as for any program page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse

from missioncj.accounts.scope import scope_of
from missioncj.core.forms import submit
from missioncj.court.models import OPEN_CASE_STATUSES, Court
from missioncj.court.policies import staff_program_ids
from missioncj.court.services.courts import create_court, update_court
from missioncj.court.views.case_forms import CourtForm
from missioncj.programs.models import Program


def courts_url(program: Program) -> str:
    return reverse("court:courts", args=[program.public_id])


def _configurable(request: HttpRequest, program_id: UUID) -> Program:
    return get_object_or_404(
        Program.objects.filter(pk__in=scope_of(request.user).program_ids), public_id=program_id
    )


@login_required
def courts(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = get_object_or_404(
        Program.objects.filter(pk__in=staff_program_ids(request.user)), public_id=program_id
    )
    rows = (
        Court.objects.filter(program=program)
        .annotate(open_cases=Count("cases", filter=Q(cases__status__in=OPEN_CASE_STATUSES)))
        .order_by("name")
    )
    context = {
        "program": program,
        "courts": rows,
        "can_configure": program.pk in scope_of(request.user).program_ids,
    }
    return render(request, "court/cases_courts.html", context)


def _form_page(request: HttpRequest, form: Any, program: Program, title: str) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "subtitle": program.name,
        "submit": "Save court",
        "back_url": courts_url(program),
        "back_label": f"Courts · {program.name}",
    }
    return render(request, "court/cases_form.html", context, status=422 if form.errors else 200)


@login_required
def court_new(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = _configurable(request, program_id)
    form = CourtForm(request.POST or None)
    return submit(
        request,
        form,
        lambda data: create_court(actor=request.user, program=program, **data),
        done=lambda c: f"Court “{c.name}” added.",
        then=courts_url(program),
    ) or _form_page(request, form, program, "Add a court")


@login_required
def court_edit(request: HttpRequest, program_id: UUID, court_id: UUID) -> HttpResponse:
    program = _configurable(request, program_id)
    court = get_object_or_404(Court.objects.filter(program=program), public_id=court_id)
    initial = {"name": court.name, "location": court.location, "judge": court.judge}
    form = CourtForm(request.POST or None, initial=initial)
    return submit(
        request,
        form,
        lambda data: update_court(actor=request.user, court=court, **data),
        done=lambda c: f"Court “{c.name}” saved.",
        then=courts_url(program),
    ) or _form_page(request, form, program, f"Edit {court.name}")


@login_required
def court_index(request: HttpRequest) -> HttpResponse:
    """Every court whose calendar the user works with, with today's docket, the calendar, the
    next staffing meeting and the phases one tap away (the coordinator's way in)."""
    from django.db.models import Case, DateField, OuterRef, Subquery, Value, When

    from missioncj.court.models import Court, Hearing, HearingKind, HearingStatus
    from missioncj.court.policies import visible_courts
    from missioncj.participants.services import local_today

    courts = list(visible_courts(request.user).order_by("program__name", "name"))
    todays = {court.program_id: local_today(court.program) for court in courts}
    staffing: dict[int, Any] = {}
    if courts:
        # Each court's next scheduled staffing meeting from its own program's today, in one
        # query for every court listed.
        today = Case(
            *[When(program_id=pk, then=Value(day)) for pk, day in todays.items()],
            output_field=DateField(),
        )
        upcoming = Hearing.objects.filter(
            court=OuterRef("pk"),
            kind=HearingKind.STAFFING,
            local_date__gte=OuterRef("today"),
            status=HearingStatus.SCHEDULED,
        ).order_by("local_date", "local_time")
        staffing = dict(
            Court.objects.filter(pk__in=[court.pk for court in courts])
            .annotate(today=today)
            .annotate(next_staffing=Subquery(upcoming.values("local_date")[:1]))
            .values_list("pk", "next_staffing")
        )
    rows = [
        {"court": c, "today": todays[c.program_id], "staffing": staffing.get(c.pk)} for c in courts
    ]
    return render(request, "court/court_index.html", {"rows": rows})


urlpatterns = [
    path("courts/", court_index, name="index"),
    path("programs/<uuid:program_id>/courts/", courts, name="courts"),
    path("programs/<uuid:program_id>/courts/new/", court_new, name="court_new"),
    path("programs/<uuid:program_id>/courts/<uuid:court_id>/edit/", court_edit, name="court_edit"),
]
