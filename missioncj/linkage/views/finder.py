"""The finder page (phone-width, printable) and sending a result to a participant."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from missioncj.linkage.finder import search
from missioncj.linkage.finder_query import FORMATS, LANGUAGES, parse_query
from missioncj.linkage.finder_time import QUICK
from missioncj.linkage.meeting_fields import WEEKDAYS
from missioncj.linkage.meetings_access import program_for
from missioncj.linkage.models import Fellowship, ServiceCategory
from missioncj.linkage.services.finder_send import send_to_participant
from missioncj.participants.models import OPEN_STATUSES, Participant
from missioncj.programs.models import Program

FORM_KEYS = (
    "kind", "fellowship", "category", "when", "day", "from", "to", "participant", "lat", "lon",
    "miles", "language", "wheelchair", "free", "format", "tz",
)  # fmt: skip


def caseload(user: Any, program: Program) -> list[Participant]:
    """People the user works with who have an open episode in this program (send-to choices)."""
    return list(
        Participant.objects.visible_to(user)
        .filter(episodes__program=program, episodes__status__in=OPEN_STATUSES)
        .distinct()
        .order_by("last_name", "first_name")[:500]
    )


def refer_url(participant: Participant, result: Any) -> str:
    """The new-referral page for this participant with the result filled in: a directory
    service is chosen; a meeting becomes an off-directory place with how to reach it."""
    if result.kind == "service":
        prefill = {"service": result.id}
    else:
        reach = [result.place, result.link, result.phone]
        if result.weekday is not None and result.start_time is not None:
            start = result.start_time
            hour = f"{start.hour % 12 or 12}:{start.minute:02d} {'AM' if start.hour < 12 else 'PM'}"
            reach.insert(0, f"{WEEKDAYS[result.weekday]}s at {hour}")
        prefill = {"place_name": result.name, "place_contact": " · ".join(p for p in reach if p)}
    url = reverse("linkage:referral_new", args=[participant.public_id])
    return f"{url}?{urlencode(prefill)}"


def _quick_links(params: dict[str, str]) -> list[tuple[str, str, bool]]:
    base = {k: v for k, v in params.items() if k not in ("when", "day", "from", "to", "only")}
    return [
        (label, "?" + urlencode({**base, "when": key}), params.get("when") == key)
        for key, label in QUICK.items()
    ]


@login_required
def finder(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = program_for(request.user, program_id)
    params = {k: request.GET[k] for k in FORM_KEYS if request.GET.get(k)}
    now = timezone.now()
    errors: dict[str, list[str]] = {}
    results: list[Any] = []
    query = None
    try:
        query = parse_query(params, program=program, user=request.user, now=now)
    except ValidationError as exc:
        errors = exc.message_dict
    else:
        results = search(program, query, now)
    only = request.GET.get("only", "")
    if only:
        results = [r for r in results if f"{r.kind}:{r.id}" == only]
    zone = query.zone if query else program.zone
    person = query.participant if query else None
    return render(
        request,
        "linkage/finder.html",
        {
            "program": program,
            "params": params,
            "query": query,
            "errors": errors,
            "results": [
                (r, r.local(zone), refer_url(person, r) if person else "") for r in results
            ],
            "quick": _quick_links(params),
            "fellowships": Fellowship.choices,
            "categories": ServiceCategory.choices,
            "weekdays": list(enumerate(WEEKDAYS)),
            "languages": [name for name in LANGUAGES],
            "formats": FORMATS,
            "people": caseload(request.user, program),
            "back": urlencode(params),
            "only": only,
        },
    )


@login_required
@require_POST
def finder_send(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = program_for(request.user, program_id)
    try:
        person = (
            Participant.objects.visible_to(request.user)
            .filter(public_id=request.POST.get("participant", ""), episodes__program=program)
            .distinct()
            .get()
        )
    except (Participant.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    back = request.POST.get("back", "")
    try:
        sent = send_to_participant(
            actor=request.user,
            program=program,
            participant=person,
            kind=request.POST.get("kind", ""),
            result_id=request.POST.get("id", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        ways = " and ".join(sorted({m.get_channel_display().lower() for m in sent}))
        messages.success(request, f"Sent to {person.display_name} by {ways}.")
    return redirect(
        reverse("linkage:finder", args=[program.public_id]) + ("?" + back if back else "")
    )


urlpatterns = [
    path("programs/<uuid:program_id>/finder/", finder, name="finder"),
    path("programs/<uuid:program_id>/finder/send/", finder_send, name="finder_send"),
]
