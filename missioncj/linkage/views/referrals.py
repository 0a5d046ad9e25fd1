"""Referral pages about one participant: the list, a new referral, the detail with its step
history, and a step. On a referral to a directory service the page offers "Send information
to the provider", which is the privacy app's print-for-recipient page: that page asks the
disclosure decision and records the disclosure. Linkage itself sends and renders nothing for
anyone outside the program (it never imports privacy; the link is a URL name)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse

from missioncj.core.exports import Table, columns, participant_file, wanted_format
from missioncj.core.forms import submit
from missioncj.linkage.forms import ReferralForm, StepForm
from missioncj.linkage.models import Referral
from missioncj.linkage.policies import participant_referral, participant_referrals
from missioncj.linkage.services import referrals as services
from missioncj.linkage.services._dates import local_today
from missioncj.linkage.views.common import goals_for, record_read, services_for, work_episode
from missioncj.participants.models import Episode, Participant
from missioncj.participants.policies import visible_participant

PREFILL = ("need", "service", "place_name", "place_contact")


def send_info_url(participant: Participant) -> str:
    """The privacy app's print-for-recipient page (absent if privacy is not installed)."""
    try:
        return reverse("privacy:print", args=[participant.public_id])
    except NoReverseMatch:
        return ""


def panel_context(
    participant: Participant, user: Any, episodes: list[Episode]
) -> dict[str, Any] | None:
    # The panel shows the need, the service's name and the status: no other row is joined.
    rows = participant_referrals(user, participant, episodes).select_related(None)
    referrals = list(rows.select_related("service").order_by("-referred_on", "-pk")[:5])
    return {"participant": participant, "referrals": referrals}


REFERRAL_COLUMNS = columns(
    ("id", "Referral id"),
    ("need", "Need"),
    ("place", "Service or place"),
    ("status", "Status"),
    ("referred_on", "Referred on"),
    ("status_on", "Status since"),
    ("first_attended_on", "First attended on"),
)


@login_required
def referral_list(request: HttpRequest, public_id: UUID) -> HttpResponseBase:
    participant = visible_participant(request, public_id)
    referrals = list(participant_referrals(request.user, participant))
    fmt = wanted_format(request)
    if fmt:
        rows = (
            (
                str(r.public_id),
                r.get_need_display(),
                r.service.name if r.service else r.place_name,
                r.get_status_display(),
                r.referred_on,
                r.status_on,
                r.first_attended_on,
            )
            for r in referrals
        )
        table = Table("Referrals", REFERRAL_COLUMNS, rows)
        return participant_file(
            request, participant, table, fmt, name="linkage.participant_referrals"
        )
    record_read(request.user, participant, "referral.list", [str(r.public_id) for r in referrals])
    return render(
        request,
        "linkage/referrals.html",
        {"participant": participant, "referrals": referrals},
    )


@login_required
def referral_new(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episode = work_episode(request.user, participant)
    initial: dict[str, Any] = {"referred_on": local_today(episode.program)} if episode else {}
    # "Refer" from a finder result fills in the place; nothing is trusted, the form checks it.
    initial.update({k: request.GET[k][:300] for k in PREFILL if request.GET.get(k)})
    form = ReferralForm(
        request.POST or None,
        initial=initial,
        services=services_for(episode),
        goals=goals_for(episode),
    )
    response = submit(
        request,
        form,
        lambda data: services.create_referral(actor=request.user, participant=participant, **data),
        done="Referral recorded.",
        then=lambda r: reverse("linkage:referral", args=[participant.public_id, r.public_id]),
    )
    if response is not None:
        return response
    context = {
        "form": form,
        "participant": participant,
        "title": "New referral",
        "submit": "Refer",
        "back_url": reverse("linkage:referrals", args=[participant.public_id]),
        "back_label": f"Referrals · {participant.display_name}",
        "intro": "Nothing is sent to the provider from here. After saving, use “Send "
        "information to the provider” if the participant agrees to share.",
    }
    return render(request, "linkage/form.html", context, status=422 if form.errors else 200)


def _step_form(referral: Referral, data: Any = None) -> StepForm:
    return StepForm(
        data,
        moves=services.allowed_moves(referral.status),
        initial={"on": local_today(referral.episode.program), "confirmed_by": "peer"},
    )


@login_required
def referral_detail(request: HttpRequest, public_id: UUID, referral_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    referral = participant_referral(request.user, participant, referral_id)
    steps = list(referral.steps.select_related("recorded_by"))
    record_read(request.user, participant, "referral.read", [str(referral.public_id)])
    context = {
        "participant": participant,
        "referral": referral,
        "steps": steps,
        "form": _step_form(referral),
        "send_info_url": send_info_url(participant) if referral.service_id else "",
    }
    return render(request, "linkage/referral.html", context)


@login_required
def referral_step(request: HttpRequest, public_id: UUID, referral_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    referral = participant_referral(request.user, participant, referral_id)
    form = _step_form(referral, request.POST or None)
    detail = reverse("linkage:referral", args=[participant.public_id, referral.public_id])
    response = submit(
        request,
        form,
        lambda data: services.record_step(actor=request.user, referral=referral, **data),
        done=lambda step: f"Referral is now {step.get_status_display().lower()}.",
        then=detail,
    )
    if response is not None:
        return response
    context = {
        "form": form,
        "participant": participant,
        "title": f"Update the referral ({referral.get_status_display().lower()})",
        "submit": "Save",
        "back_url": detail,
        "back_label": "Referral",
    }
    return render(request, "linkage/form.html", context, status=422 if form.errors else 200)


PREFIX = "participants/<uuid:public_id>/referrals/"
urlpatterns = [
    path(PREFIX, referral_list, name="referrals"),
    path(PREFIX + "new/", referral_new, name="referral_new"),
    path(PREFIX + "<uuid:referral_id>/", referral_detail, name="referral"),
    path(PREFIX + "<uuid:referral_id>/step/", referral_step, name="referral_step"),
]
