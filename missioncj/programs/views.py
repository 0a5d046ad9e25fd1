from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse

from missioncj.accounts.scope import scope_of
from missioncj.core.forms import submit
from missioncj.programs import hooks
from missioncj.programs.forms import ProgramSettingsForm
from missioncj.programs.models import Program
from missioncj.programs.services import update_program_settings


@login_required
def program_settings(request: HttpRequest, program_id: UUID) -> HttpResponse:
    """Directors and supervisors configure their program; anyone else gets a 404."""
    program = get_object_or_404(
        Program.objects.filter(pk__in=scope_of(request.user).program_ids), public_id=program_id
    )
    form = ProgramSettingsForm(request.POST or None, instance=program)
    stored = Program.objects.get(pk=program.pk)
    here = reverse("programs:settings", args=[program.public_id])
    return submit(
        request,
        form,
        lambda data: update_program_settings(actor=request.user, program=stored, **data),
        done="Program settings saved.",
        then=here,
    ) or render(request, "programs/settings.html", {"form": form, "program": program})


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    programs = Program.objects.filter(pk__in=scope_of(request.user).program_ids).order_by("name")
    context = {"programs": programs, "links": hooks.program_links}
    return render(request, "programs/list.html", context)


app_name = "programs"
urlpatterns = [
    path("", program_list, name="list"),
    path("<uuid:program_id>/settings/", program_settings, name="settings"),
]
