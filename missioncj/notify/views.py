"""Reminder pages: a participant's opt-ins and message log (opt in, end an opt-in), the
program's delivery report, and the "Reminders" panel on the participant page."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from missioncj.accounts.scope import scope_of
from missioncj.core.audit import record
from missioncj.core.forms import submit
from missioncj.core.models import AuditKind
from missioncj.notify import services
from missioncj.notify.models import Channel, Delivery, Message, MessageStatus, OptIn
from missioncj.notify.policies import visible_messages
from missioncj.participants.models import Episode, Participant
from missioncj.participants.panels import Panel, register
from missioncj.participants.policies import visible_participant
from missioncj.programs.models import Program

LOG_LIMIT = 100
REPORT_DAYS = 30


class OptInForm(forms.Form):
    channel = forms.ChoiceField(
        choices=Channel.choices, widget=forms.RadioSelect, initial=Channel.SMS, label="How"
    )
    address = forms.CharField(
        required=False,  # the service names what is missing or wrong
        max_length=254,
        label="Phone number or e-mail address",
        help_text="A US mobile number, e.g. (555) 014-2000, or an e-mail address. Only with the "
        "participant's agreement to get reminders there.",
    )


def _log(
    user: Any, participant: Participant, limit: int, episodes: list[Episode] | None = None
) -> list[Message]:
    return list(
        visible_messages(user, participant, episodes)
        .select_related("opt_in")
        .prefetch_related(Prefetch("deliveries", queryset=Delivery.objects.order_by("at", "pk")))
        .order_by("-send_after", "-pk")[:limit]
    )


@login_required
def reminders(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    form = OptInForm(request.POST or None)
    url = reverse("notify:reminders", args=[participant.public_id])
    response = submit(
        request,
        form,
        lambda data: services.opt_in(actor=request.user, participant=participant, **data),
        done=lambda o: f"Reminders will go to {o.address}.",
        then=url,
    )
    if response is not None:
        return response
    # The page shows the opt-ins and the log, also when a refused form is shown again.
    services.record_reminders_read(
        actor=request.user, participant=participant, action="reminders.read"
    )
    context = {
        "participant": participant,
        "form": form,
        "opt_ins": list(participant.opt_ins.select_related("recorded_by")),
        "log": _log(request.user, participant, LOG_LIMIT),
    }
    return render(request, "notify/reminders.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def opt_out(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    url = reverse("notify:reminders", args=[participant.public_id])
    try:
        wanted = UUID(request.POST.get("opt_in", ""))
    except ValueError:
        messages.error(request, "Choose which reminders to end.")
        return redirect(url)
    chosen = get_object_or_404(OptIn, participant=participant, public_id=wanted)
    try:
        ended = services.opt_out(actor=request.user, opt_in=chosen)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Reminders to {ended.address} ended.")
    return redirect(url)


@login_required
def program_reminders(request: HttpRequest, program_id: UUID) -> HttpResponse:
    """Director and supervisor: what was sent in the last 30 days, and who is unreachable."""
    program = get_object_or_404(
        Program.objects.filter(pk__in=scope_of(request.user).program_ids), public_id=program_id
    )
    since = timezone.now() - dt.timedelta(days=REPORT_DAYS)
    # Counts and names both start from the read choke point: a restricted record is neither
    # named nor counted for a director or supervisor off its team.
    people = Episode.objects.visible_to(request.user).filter(program=program)
    counted = Counter(
        dict(
            Message.objects.filter(episode__in=people, send_after__gte=since)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
    )
    unreachable = list(
        OptIn.objects.filter(
            participant__in=people.values("participant_id"),
            opted_out_at__isnull=True,
            unreachable_since__isnull=False,
        )
        .select_related("participant")
        .order_by("unreachable_since", "pk")
    )
    record(
        kind=AuditKind.LIST,
        action="notify.program_report",
        actor=request.user,
        subject=program,
        after={"shown": sorted({str(o.participant.public_id) for o in unreachable})},
    )
    counts = [(label, counted.get(value, 0)) for value, label in MessageStatus.choices]
    return render(
        request,
        "notify/program.html",
        {
            "program": program,
            "days": REPORT_DAYS,
            "counts": counts,
            "total": sum(counted.values()),
            "unreachable": unreachable,
        },
    )


def panel_context(participant: Participant, user: Any, episodes: list[Episode]) -> dict[str, Any]:
    active = [o for o in participant.opt_ins.all() if o.active]
    return {
        "participant": participant,
        "active": active,
        "unreachable": [o for o in active if o.unreachable_since],
        "recent": _log(user, participant, 3, episodes),
    }


register(Panel(key="reminders", template="notify/panel.html", context=panel_context, order=40))
