"""A program's directory: the list (search by name, filter by category) and one service with
its organization, places, hours, phones, languages, eligibility and cost. Every staff member
of the program sees it; anyone else gets a 404 (see `directory_access`)."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path, reverse

from missioncj.core.exports import wanted_format
from missioncj.linkage.directory_access import (
    can_edit,
    can_import,
    directory_programs,
    program_for,
)
from missioncj.linkage.directory_reads import (
    category_labels,
    current_services,
    hours_text,
    service_detail,
)
from missioncj.linkage.list_export import directory_file
from missioncj.linkage.models import ServiceCategory, Source


def directory_url(program_id: UUID) -> str:
    return reverse("linkage:directory", args=[program_id])


@login_required
def directory_home(request: HttpRequest) -> HttpResponse:
    """The way in for team staff (who have no programs page): their program's directory."""
    programs = list(directory_programs(request.user).order_by("name"))
    if len(programs) == 1:
        return redirect(directory_url(programs[0].public_id))
    return render(request, "linkage/directory_home.html", {"programs": programs})


@login_required
def directory(request: HttpRequest, program_id: UUID) -> HttpResponseBase:
    program = program_for(request.user, program_id)
    q = request.GET.get("q", "")[:100]
    category = request.GET.get("category", "")
    fmt = wanted_format(request)
    if fmt:
        return directory_file(request, program, current_services(program, q, category), fmt)
    page = Paginator(current_services(program, q, category), 50).get_page(request.GET.get("page"))
    for service in page:
        service.category_labels = category_labels(service.categories)  # type: ignore[attr-defined]
    context = {
        "program": program,
        "page": page,
        "q": q,
        "category": category,
        "categories": ServiceCategory.choices,
        "can_edit": can_edit(request.user, program),
        "can_import": can_import(request.user, program),
        "sources": Source.objects.filter(program=program).order_by("name"),
    }
    partial = bool(getattr(request, "htmx", False))
    template = "linkage/directory_results.html" if partial else "linkage/directory.html"
    return render(request, template, context)


@login_required
def service_page(request: HttpRequest, program_id: UUID, service_id: UUID) -> HttpResponse:
    program = program_for(request.user, program_id)
    try:
        service = service_detail(program, service_id)
    except ObjectDoesNotExist as exc:
        raise Http404("No such service.") from exc
    places = [
        {
            "location": at.location,
            "hours": hours_text(at.schedules.all()),
            "phones": list(at.location.phones.all()),
        }
        for at in service.at_locations.all()
    ]
    context = {
        "program": program,
        "service": service,
        "categories": category_labels(service.categories),
        "hours": hours_text(service.schedules.all()),
        "places": places,
        "phones": [*service.phones.all(), *service.organization.phones.all()],
        "own": service.source.kind == "own",
        "can_edit": can_edit(request.user, program) and service.source.kind == "own",
    }
    return render(request, "linkage/directory_service.html", context)


urlpatterns = [
    path("directory/", directory_home, name="directory_home"),
    path("programs/<uuid:program_id>/directory/", directory, name="directory"),
    path(
        "programs/<uuid:program_id>/directory/services/<uuid:service_id>/",
        service_page,
        name="directory_service",
    ),
]
