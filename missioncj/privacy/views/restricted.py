"""Pages for restricted records: flag / unflag (directors and supervisors), break the glass
(pre-authorised roles), and the review list where supervisors mark break-the-glass reviewed."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from missioncj.core.forms import attach_errors, submit
from missioncj.participants.forms import BreakGlassForm
from missioncj.participants.models import BreakGlassGrant, Participant
from missioncj.participants.restricted import maskable
from missioncj.privacy.services import restricted as services


class RestrictForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        required=False,
        label="Why is this record restricted?",
        help_text="For example: a relative of a staff member. Only the participant's team will "
        "see the record; others in the program see “Restricted record”.",
    )


class ReviewForm(forms.Form):
    note = forms.CharField(max_length=500, required=False, label="Review note (optional)")


def _reachable(request: HttpRequest, public_id: UUID) -> Participant:
    """The record itself, or its mask: anyone who may see neither gets a 404."""
    user = request.user
    found = Participant.objects.visible_to(user).filter(public_id=public_id).first()
    return found or get_object_or_404(maskable(user), public_id=public_id)


@login_required
def restriction(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = _reachable(request, public_id)
    if not services.can_manage_restriction(request.user, participant):
        raise Http404("No such participant")
    detail = reverse("participants:detail", args=[participant.public_id])
    form = RestrictForm(request.POST or None)
    if participant.restricted:
        if request.method == "POST":
            try:
                services.unrestrict_participant(actor=request.user, participant=participant)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "The restriction was removed.")
                return redirect(detail)
    else:
        response = submit(
            request,
            form,
            lambda data: services.restrict_participant(
                actor=request.user, participant=participant, reason=data["reason"]
            ),
            done="The record is now restricted to the participant's team.",
            then=reverse("privacy:restricted_records"),
        )
        if response is not None:
            return response
    context = {"form": form, "participant": participant, "detail": detail}
    status = 422 if form.errors else 200
    return render(request, "privacy/restricted/restriction.html", context, status=status)


@login_required
@require_POST
def break_glass(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = _reachable(request, public_id)
    form = BreakGlassForm(request.POST)
    detail = reverse("participants:detail", args=[participant.public_id])
    response = submit(
        request,
        form,
        lambda data: services.break_glass(
            actor=request.user,
            participant=participant,
            reason=data["reason"],
            confirm=data["confirm"],
        ),
        done=lambda grant: (
            "You opened a restricted record. This access is recorded and will be reviewed."
        ),
        then=detail,
    )
    if response is not None:
        return response
    context = {"form": form, "public_id": participant.public_id}
    return render(request, "privacy/restricted/break_glass.html", context, status=422)


@login_required
def restricted_records(request: HttpRequest) -> HttpResponse:
    """Directors and supervisors: restricted records of their programs (masked) and the
    break-the-glass openings waiting for review."""
    programs = services.overseen_program_ids(request.user)
    if not programs:
        raise Http404("Not available for your role")
    records = (
        Participant.objects.filter(restricted=True, episodes__program_id__in=programs)
        .distinct()
        .select_related("restricted_by")
        .order_by("-restricted_at", "pk")
    )
    reviewed = (
        BreakGlassGrant.objects.filter(program_id__in=programs, reviewed_at__isnull=False)
        .select_related("program", "user", "reviewed_by")
        .order_by("-reviewed_at")[:20]
    )
    context: dict[str, Any] = {
        "records": records,
        "pending": services.pending_reviews(request.user),
        "reviewed": reviewed,
        "review_form": ReviewForm(),
    }
    return render(request, "privacy/restricted/list.html", context)


@login_required
@require_POST
def review_grant(request: HttpRequest, grant_id: UUID) -> HttpResponse:
    grant = get_object_or_404(
        BreakGlassGrant.objects.filter(program_id__in=services.overseen_program_ids(request.user)),
        public_id=grant_id,
    )
    form = ReviewForm(request.POST)
    response = submit(
        request,
        form,
        lambda data: services.review_grant(actor=request.user, grant=grant, note=data["note"]),
        done="Marked reviewed.",
        then=reverse("privacy:restricted_records"),
    )
    if response is not None:
        return response
    messages.error(
        request, " ".join(str(e) for e in form.errors.get("note", form.non_field_errors()))
    )
    return redirect("privacy:restricted_records")


urlpatterns = [
    path("participants/<uuid:public_id>/restriction/", restriction, name="restriction"),
    path("participants/<uuid:public_id>/break-glass/", break_glass, name="break_glass"),
    path("privacy/restricted/", restricted_records, name="restricted_records"),
    path("privacy/break-glass/<uuid:grant_id>/review/", review_grant, name="review_grant"),
]
