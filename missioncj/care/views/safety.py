"""Safety plan pages (Stanley-Brown, versioned) and the one-tap button on the participant page."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from missioncj.care.models import SAFETY_STEPS, SafetyPlan
from missioncj.care.services import safety as services
from missioncj.care.services.safety import current_safety_plan
from missioncj.core.forms import submit
from missioncj.participants.models import Episode, Participant
from missioncj.participants.panels import Panel, register
from missioncj.participants.views import visible_participant

# US phone numbers as people write them, plus the three-digit crisis and emergency lines.
PHONE_RE = re.compile(
    r"(?<![\w])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-]?)\d{3}[\s.-]?\d{4}(?!\w)"
    r"|(?<![\w])\d{3}-\d{4}(?!\w)"
    r"|(?<![\w-])(?:988|911|211)(?![\w-])"
)


def link_phones(text: str) -> SafeString:
    """Escape the text, keep its line breaks, and turn phone numbers into tap-to-call links."""
    parts: list[str] = []
    last = 0
    for match in PHONE_RE.finditer(text):
        parts.append(escape(text[last : match.start()]))
        number = match.group(0)
        digits = re.sub(r"[^\d+]", "", number)
        parts.append(format_html('<a href="tel:{}">{}</a>', digits, number))
        last = match.end()
    parts.append(escape(text[last:]))
    html = "".join(parts).replace("\r\n", "\n").replace("\n", "<br>")
    return mark_safe(html)  # noqa: S308 - every piece above was escaped or built by format_html


def steps_of(plan: SafetyPlan) -> list[dict[str, Any]]:
    return [
        {"field": field, "heading": heading, "html": link_phones(getattr(plan, field))}
        for field, heading in SAFETY_STEPS
    ]


def _context(participant: Participant, plan: SafetyPlan | None) -> dict[str, Any]:
    return {
        "participant": participant,
        "plan": plan,
        "steps": steps_of(plan) if plan else [],
        "reasons": link_phones(plan.reasons_for_living) if plan else "",
        "next_version": (plan.version + 1) if plan else 1,
    }


@login_required
def safety_plan(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    plan = current_safety_plan(participant)
    services.record_safety_plan_read(
        actor=request.user, participant=participant, plan=plan, action="safety_plan.read"
    )
    return render(request, "care/safety/plan.html", _context(participant, plan))


@login_required
def history(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    versions = list(participant.safety_plans.select_related("created_by").order_by("-version"))
    shown = None
    wanted = request.GET.get("version", "")
    if wanted:
        shown = next((v for v in versions if str(v.version) == wanted), None)
        if shown is None:
            raise Http404("No such version")
    services.record_safety_plan_read(
        actor=request.user,
        participant=participant,
        plan=shown,
        action="safety_plan.history",
    )
    context = _context(participant, shown)
    context.update(
        {"versions": versions, "shown": shown, "current": versions[0] if versions else None}
    )
    return render(request, "care/safety/history.html", context)


class SafetyPlanForm(forms.Form):
    warning_signs = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=SAFETY_STEPS[0][1],
        help_text="Thoughts, images, moods, situations or behaviours that a crisis may be coming.",
    )
    internal_coping = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=SAFETY_STEPS[1][1],
        help_text="Things I can do on my own to take my mind off my problems.",
    )
    social_distractions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=SAFETY_STEPS[2][1],
        help_text="People and places that help take my mind off things (names, phone numbers).",
    )
    people_to_ask = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=SAFETY_STEPS[3][1],
        help_text="Name and phone number of each person.",
    )
    professionals = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=SAFETY_STEPS[4][1],
        help_text="Clinician, peer, local emergency service, 988 Suicide & Crisis Lifeline.",
    )
    safe_environment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=SAFETY_STEPS[5][1],
        help_text="How to keep lethal means (firearms, medicines, drugs) out of reach.",
    )
    reasons_for_living = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="The one thing most important to me and worth living for (optional)",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every step is required by the service, which gives the message for an empty one.
        for name in services.STEP_FIELDS:
            self.fields[name].required = False


@login_required
def edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    current = current_safety_plan(participant)
    initial = {name: getattr(current, name) for name in services.PLAN_FIELDS} if current else {}
    form = SafetyPlanForm(request.POST or None, initial=initial)
    next_version = current.version + 1 if current else 1
    url = reverse("care:safety_plan", args=[participant.public_id])
    response = submit(
        request,
        form,
        lambda data: services.save_safety_plan(actor=request.user, participant=participant, **data),
        done=lambda plan: f"Safety plan saved as version {plan.version}.",
        then=url,
    )
    if response is not None:
        return response
    title = (
        f"Edit the safety plan (creates version {next_version})"
        if current
        else "Create a safety plan"
    )
    context = {
        "form": form,
        "participant": participant,
        "title": title,
        "submit": f"Save as version {next_version}",
        "back_url": url,
        "back_label": f"Safety plan · {participant.display_name}",
        "intro": "Write it with the participant, in their words. Saving never changes an earlier "
        "version; it adds a new one.",
    }
    return render(request, "care/plans/form.html", context, status=422 if form.errors else 200)


def panel_context(
    participant: Participant, user: Any, episodes: list[Episode]
) -> dict[str, Any] | None:
    return {"participant": participant, "plan": current_safety_plan(participant)}


register(Panel(key="safety", template="care/safety/panel.html", context=panel_context, order=5))


urlpatterns = [
    path("participants/<uuid:public_id>/safety-plan/", safety_plan, name="safety_plan"),
    path("participants/<uuid:public_id>/safety-plan/edit/", edit, name="safety_plan_edit"),
    path(
        "participants/<uuid:public_id>/safety-plan/history/",
        history,
        name="safety_plan_history",
    ),
]
