"""The program referral report (by status, time to first attendance, median / mean, still
waiting, stuck) and its settings; for the program's director and supervisors."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from missioncj.core.audit import record
from missioncj.core.exports import wanted_format
from missioncj.core.forms import submit
from missioncj.core.models import AuditKind
from missioncj.linkage.forms import SettingsForm
from missioncj.linkage.policies import overseen_programs
from missioncj.linkage.report import limits_for, program_report
from missioncj.linkage.report_export import report_file
from missioncj.linkage.services import referrals as services
from missioncj.programs.models import Program


def _program(request: HttpRequest, program_id: UUID) -> Program:
    return get_object_or_404(overseen_programs(request.user), public_id=program_id)


def _page(request: HttpRequest, program: Program, form: SettingsForm) -> HttpResponse:
    report = program_report(request.user, program)
    record(
        kind=AuditKind.LIST,
        action="referral.program_report",
        actor=request.user,
        subject=program,
        after={"shown": [str(r.referral.public_id) for g in report.groups for r in g.rows]},
    )
    return render(
        request,
        "linkage/program.html",
        {"program": program, "report": report, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def program_referrals(request: HttpRequest, program_id: UUID) -> HttpResponseBase:
    program = _program(request, program_id)
    fmt = wanted_format(request)
    if fmt:
        return report_file(request, program_report(request.user, program), fmt)
    return _page(request, program, SettingsForm(current=limits_for(program)))


@login_required
@require_POST
def program_settings(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = _program(request, program_id)
    form = SettingsForm(request.POST, current=limits_for(program))
    response = submit(
        request,
        form,
        lambda data: services.update_settings(actor=request.user, program=program, stuck_days=data),
        done="Referral thresholds saved.",
        then=reverse("linkage:program_referrals", args=[program.public_id]),
    )
    return response or _page(request, program, form)


urlpatterns = [
    path("programs/<uuid:program_id>/referrals/", program_referrals, name="program_referrals"),
    path(
        "programs/<uuid:program_id>/referrals/settings/", program_settings, name="program_settings"
    ),
]
