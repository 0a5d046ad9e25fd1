"""Court pages: the forms that add a condition to a case, record progress towards it and change
its status. The case page that lists the conditions, and the helpers these pages share (the case
in scope or a 404, the form page), are in `views/cases.py`; these `urlpatterns` are included by
`court/urls.py`.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from missioncj.core.forms import submit
from missioncj.court.compliance import standing as standing_of
from missioncj.court.compliance import with_done
from missioncj.court.models import Condition, CourtCase
from missioncj.court.services import conditions as services
from missioncj.court.views.case_forms import ConditionForm, ConditionStatusForm, ProgressForm
from missioncj.court.views.cases import CASE, case_or_404, case_url, form_page
from missioncj.participants.policies import visible_participant
from missioncj.participants.services import local_today


@login_required
def condition_new(request: HttpRequest, public_id: UUID, case_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    case = case_or_404(request, participant, case_id)
    form = ConditionForm(
        request.POST or None, initial={"ordered_on": local_today(case.episode.program)}
    )
    return submit(
        request,
        form,
        lambda data: services.add_condition(actor=request.user, case=case, **data),
        done=lambda c: f"Condition added: {c.description}.",
        then=case_url(case),
    ) or form_page(
        request,
        form,
        participant,
        f"Add a condition to {case.docket_number}",
        "Add condition",
        case_url(case),
        "Case",
    )


def _condition_or_404(case: CourtCase, condition_id: UUID) -> Condition:
    return get_object_or_404(with_done(Condition.objects.filter(case=case)), public_id=condition_id)


@login_required
def condition_progress(
    request: HttpRequest, public_id: UUID, case_id: UUID, condition_id: UUID
) -> HttpResponse:
    participant = visible_participant(request, public_id)
    case = case_or_404(request, participant, case_id)
    condition = _condition_or_404(case, condition_id)
    today = local_today(case.episode.program)
    standing = standing_of(condition, today)
    form = ProgressForm(request.POST or None, initial={"on": today})
    measured = standing.words or "Not measured in amounts"
    intro = f"{condition.description}. {measured}. {standing.due_words}."
    return submit(
        request,
        form,
        lambda data: services.record_progress(actor=request.user, condition=condition, **data),
        done=lambda p: f"Progress recorded: {p.amount} on {p.on:%d %b %Y}.",
        then=case_url(case),
    ) or form_page(
        request,
        form,
        participant,
        "Record progress",
        "Save progress",
        case_url(case),
        "Case",
        intro,
    )


@login_required
def condition_status(
    request: HttpRequest, public_id: UUID, case_id: UUID, condition_id: UUID
) -> HttpResponse:
    participant = visible_participant(request, public_id)
    case = case_or_404(request, participant, case_id)
    condition = _condition_or_404(case, condition_id)
    form = ConditionStatusForm(
        request.POST or None, initial={"status": request.GET.get("status", "met")}
    )
    return submit(
        request,
        form,
        lambda data: services.set_condition_status(actor=request.user, condition=condition, **data),
        done=lambda c: f"Condition now “{c.get_status_display()}”: {c.description}.",
        then=case_url(case),
    ) or form_page(
        request,
        form,
        participant,
        "Change a condition's status",
        "Save status",
        case_url(case),
        "Case",
        f"{condition.get_kind_display()}: {condition.description} "
        f"(now {condition.get_status_display().lower()}).",
    )


CONDITION = f"{CASE}conditions/<uuid:condition_id>/"
urlpatterns = [
    path(f"{CASE}conditions/new/", condition_new, name="condition_new"),
    path(f"{CONDITION}progress/", condition_progress, name="condition_progress"),
    path(f"{CONDITION}status/", condition_status, name="condition_status"),
]
