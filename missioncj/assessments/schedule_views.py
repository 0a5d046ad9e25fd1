"""Schedule pages: a program's schedules (adopt a profile, edit windows and instruments), its
follow-up report (rates against the target, who is coming due with locator information), and
the participant-page panel of timepoints."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max, Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from missioncj.accounts.scope import scope_of
from missioncj.assessments import schedule_services as services
from missioncj.assessments.alerts import start_url
from missioncj.assessments.follow_up_export import follow_up_file
from missioncj.assessments.models import Anchor, Instrument, Schedule, Timepoint
from missioncj.assessments.profiles import PROFILES
from missioncj.assessments.schedules import Rate, follow_up_report, occurrences
from missioncj.care.models import Contact
from missioncj.core.audit import record
from missioncj.core.exports import wanted_format
from missioncj.core.forms import attach_errors, submit
from missioncj.core.models import AuditKind
from missioncj.participants.models import Address, Episode, Participant
from missioncj.participants.panels import Panel, register
from missioncj.programs.models import Program

# --- forms --------------------------------------------------------------------------------------


class ScheduleForm(forms.Form):
    name = forms.CharField(max_length=120)
    target_percent = forms.IntegerField(
        min_value=0, max_value=100, label="Target follow-up rate (%)"
    )
    lead_days = forms.IntegerField(
        min_value=0, max_value=365, label="Show as coming due … days before the window opens"
    )
    note = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    active = forms.BooleanField(required=False, label="In use (on work queues and reports)")

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["target_rate"] = Decimal(data.pop("target_percent")) / 100
        return data


def parse_preset(raw: str) -> dict[str, int]:
    """'interview_type=2, conducted=1' → {"interview_type": 2, "conducted": 1}."""
    out: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in raw.replace(";", ",").split(","))):
        key, sep, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value.lstrip("-").isdigit():
            raise ValidationError(f"Write each answer as item=number (not {part!r}).")
        out[key] = int(value)
    return out


class TimepointForm(forms.Form):
    code = forms.SlugField(max_length=30, help_text="short name, e.g. m6")
    label = forms.CharField(max_length=80)
    instruments = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
    anchor = forms.ChoiceField(choices=Anchor.choices, label="Counted from")
    due_months = forms.IntegerField(min_value=-120, max_value=240, label="Due: months")
    due_days = forms.IntegerField(min_value=-3650, max_value=3650, label="… plus days")
    opens_months = forms.IntegerField(min_value=-120, max_value=240, label="Window opens: months")
    opens_days = forms.IntegerField(min_value=-3650, max_value=3650, label="… plus days")
    closes_months = forms.IntegerField(min_value=-120, max_value=240, label="Window closes: months")
    closes_days = forms.IntegerField(min_value=-3650, max_value=3650, label="… plus days")
    repeat_months = forms.IntegerField(
        min_value=1, max_value=120, required=False, label="Repeat every … months (annual: 12)"
    )
    follow_up = forms.BooleanField(required=False, label="Counts in the follow-up rate")
    ends_at_discharge = forms.BooleanField(
        required=False, label="Not owed if the episode closed before the window opens"
    )
    preset = forms.CharField(
        required=False,
        max_length=300,
        label="Answers that mark this timepoint",
        help_text="e.g. interview_type=2; a new form starts with them",
    )
    order = forms.IntegerField(min_value=0, max_value=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instruments"].choices = [  # type: ignore[attr-defined]
            (i.code, i.name) for i in Instrument.objects.order_by("order", "code")
        ]

    def clean_preset(self) -> dict[str, int]:
        return parse_preset(self.cleaned_data.get("preset") or "")

    @staticmethod
    def initial_for(timepoint: Timepoint) -> dict[str, Any]:
        initial = {name: getattr(timepoint, name) for name in services.TIMEPOINT_FIELDS}
        initial["preset"] = ", ".join(f"{k}={v}" for k, v in timepoint.preset.items())
        initial["instruments"] = [i.code for i in timepoint.instruments.all()]
        return initial


# --- access -------------------------------------------------------------------------------------


def _program(request: HttpRequest, program_id: UUID) -> Program:
    """Programs the user oversees (director, supervisor); anyone else gets a 404."""
    return get_object_or_404(
        Program.objects.filter(pk__in=scope_of(request.user).program_ids), public_id=program_id
    )


def _schedule(program: Program, schedule_id: UUID) -> Schedule:
    return get_object_or_404(Schedule.objects.filter(program=program), public_id=schedule_id)


def _here(program: Program) -> str:
    return reverse("assessments:schedules", args=[program.public_id])


# --- schedules ----------------------------------------------------------------------------------


@login_required
def schedules(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = _program(request, program_id)
    error = ""
    if request.method == "POST":
        try:
            schedule = services.adopt_profile(
                actor=request.user, program=program, profile=request.POST.get("profile", "")
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"{schedule.name} added. Check its windows below.")
            return redirect(_here(program))
    rows = (
        Schedule.objects.filter(program=program)
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "timepoints",
                queryset=Timepoint.objects.order_by("order", "pk").prefetch_related("instruments"),
            )
        )
    )
    taken = {s.profile for s in rows}
    profiles = [{"code": code, **spec} for code, spec in PROFILES.items() if code not in taken]
    return render(
        request,
        "assessments/schedules.html",
        {"program": program, "schedules": rows, "profiles": profiles, "error": error},
        status=422 if error else 200,
    )


@login_required
def schedule_edit(request: HttpRequest, program_id: UUID, schedule_id: UUID) -> HttpResponse:
    program = _program(request, program_id)
    schedule = _schedule(program, schedule_id)
    initial = {
        "name": schedule.name,
        "target_percent": int(Decimal(schedule.target_rate) * 100),
        "lead_days": schedule.lead_days,
        "note": schedule.note,
        "active": schedule.active,
    }
    form = ScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_schedule(actor=request.user, schedule=schedule, **form.changes())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Schedule saved.")
            return redirect(_here(program))
    return render(
        request,
        "assessments/schedule_form.html",
        {"program": program, "schedule": schedule, "form": form, "title": "Schedule"},
        status=422 if form.is_bound else 200,
    )


@login_required
def timepoint_edit(
    request: HttpRequest, program_id: UUID, schedule_id: UUID, timepoint_id: UUID | None = None
) -> HttpResponse:
    program = _program(request, program_id)
    schedule = _schedule(program, schedule_id)
    timepoint = None
    initial: dict[str, Any] = {
        "anchor": Anchor.ENROLLMENT,
        "follow_up": True,
        "ends_at_discharge": True,
        "order": schedule.timepoints.count(),
    }
    if timepoint_id is not None:
        timepoint = get_object_or_404(schedule.timepoints.all(), public_id=timepoint_id)
        initial = TimepointForm.initial_for(timepoint)
    form = TimepointForm(request.POST or None, initial=initial)
    done = "Timepoint saved." if timepoint else "Timepoint added."
    return submit(
        request,
        form,
        lambda data: services.save_timepoint(
            actor=request.user, schedule=schedule, timepoint=timepoint, **data
        ),
        done=done,
        then=_here(program),
    ) or render(
        request,
        "assessments/schedule_form.html",
        {
            "program": program,
            "schedule": schedule,
            "form": form,
            "timepoint": timepoint,
            "title": timepoint.label if timepoint else "New timepoint",
        },
        status=422 if form.is_bound else 200,
    )


@login_required
@require_POST
def timepoint_remove(
    request: HttpRequest, program_id: UUID, schedule_id: UUID, timepoint_id: UUID
) -> HttpResponse:
    program = _program(request, program_id)
    schedule = _schedule(program, schedule_id)
    timepoint = get_object_or_404(schedule.timepoints.all(), public_id=timepoint_id)
    services.remove_timepoint(actor=request.user, timepoint=timepoint)
    messages.success(request, f"{timepoint.label} removed from {schedule.name}.")
    return redirect(_here(program))


# --- the follow-up report -----------------------------------------------------------------------


@login_required
def follow_up(request: HttpRequest, program_id: UUID) -> HttpResponseBase:
    program = _program(request, program_id)
    report = follow_up_report(program, user=request.user)
    fmt = wanted_format(request)
    if fmt:
        return follow_up_file(request, program, report, fmt)
    reports = [
        {
            "schedule": schedule,
            "overall": overall,
            "timepoints": per,
            "chart": rate_chart(per, overall.target),
        }
        for schedule, overall, per in report.rates
    ]
    missed = report.missed[:50]
    locators = _locators({o.episode.participant_id for o in report.coming})
    record(
        kind=AuditKind.LIST,
        action="follow_up.report",
        actor=request.user,
        subject=program,
        after={
            "shown": sorted({str(o.episode.participant.public_id) for o in report.coming + missed})
        },
    )
    return render(
        request,
        "assessments/follow_up.html",
        {
            "program": program,
            "reports": reports,
            "coming": [
                (o, locators.get(o.episode.participant_id), start_url(o)) for o in report.coming
            ],
            "missed": missed,
        },
    )


def rate_chart(rates: list[Rate], target: Decimal) -> str:
    """Horizontal bars, one per follow-up timepoint, with the target as a dashed line; the
    table under it carries the same figures."""
    left, width, row = 130, 240, 28
    height = row * len(rates) + 30
    x_target = left + float(target) * width
    summary = "; ".join(f"{r.label} {r.percent}" for r in rates)
    parts = [
        format_html(
            '<svg class="chart" viewBox="0 0 400 {}" width="100%" role="img" aria-label="{}">',
            height,
            f"Follow-up rate by timepoint: {summary}. Target {float(target) * 100:.0f}%.",
        )
    ]
    for n, r in enumerate(rates):
        y = 10 + n * row
        share = float(r.rate or 0)
        color = "#2e7d32" if r.met else "#b26a00"
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="16" fill="#e8e8e8"/>'
                '<rect x="{}" y="{}" width="{}" height="16" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11">{}</text>',
                left - 6,
                y + 12,
                r.label,
                left,
                y,
                width,
                left,
                y,
                f"{share * width:.1f}",
                color,
                left + 4,
                y + 12,
                f"{r.percent} ({r.completed}/{r.due})",
            )
        )
    parts.append(
        format_html(
            '<line x1="{}" y1="4" x2="{}" y2="{}" stroke="#333" stroke-dasharray="4 3"/>'
            '<text x="{}" y="{}" font-size="11" text-anchor="middle">Target {}%</text></svg>',
            f"{x_target:.1f}",
            f"{x_target:.1f}",
            height - 14,
            f"{x_target:.1f}",
            height - 2,
            f"{float(target) * 100:.0f}",
        )
    )
    return mark_safe("".join(parts))  # noqa: S308 (every part built with format_html)


def _locators(participant_ids: set[int]) -> dict[int, dict[str, Any]]:
    """Phones, current address, collateral contacts and last signed contact per participant,
    in a constant number of queries."""
    if not participant_ids:
        return {}
    people = Participant.objects.filter(pk__in=participant_ids).prefetch_related(
        "phones",
        "collaterals",
        Prefetch("addresses", queryset=Address.objects.filter(is_current=True).order_by("-pk")),
    )
    last = dict(
        Contact.objects.filter(participant_id__in=participant_ids, signed_at__isnull=False)
        .order_by()
        .values("participant_id")
        .annotate(last=Max("occurred_at"))
        .values_list("participant_id", "last")
    )
    return {
        p.pk: {
            "phones": list(p.phones.all()),
            "address": next(iter(p.addresses.all()), None),
            "collaterals": list(p.collaterals.all()),
            "last_contact": last.get(p.pk),
        }
        for p in people
    }


# --- the participant-page panel -----------------------------------------------------------------


def _panel_context(participant: Participant, user: Any, episodes: list[Episode]) -> dict | None:
    found = occurrences([e for e in episodes if e.enrolled_date is not None])
    rows = [o for e in episodes for o in found.get(e.pk, [])]
    if not rows:
        return None
    return {
        "participant": participant,
        "rows": [(o, start_url(o) if o.state != "completed" else "") for o in rows],
    }


register(
    Panel(
        key="assessment_schedule",
        template="assessments/schedule_panel.html",
        context=_panel_context,
        order=26,
    )
)


urlpatterns = [
    path("programs/<uuid:program_id>/schedules/", schedules, name="schedules"),
    path(
        "programs/<uuid:program_id>/schedules/<uuid:schedule_id>/",
        schedule_edit,
        name="schedule_edit",
    ),
    path(
        "programs/<uuid:program_id>/schedules/<uuid:schedule_id>/timepoints/new/",
        timepoint_edit,
        name="timepoint_new",
    ),
    path(
        "programs/<uuid:program_id>/schedules/<uuid:schedule_id>/timepoints/<uuid:timepoint_id>/",
        timepoint_edit,
        name="timepoint_edit",
    ),
    path(
        "programs/<uuid:program_id>/schedules/<uuid:schedule_id>/timepoints/<uuid:timepoint_id>/remove/",
        timepoint_remove,
        name="timepoint_remove",
    ),
    path("programs/<uuid:program_id>/follow-up/", follow_up, name="follow_up"),
]
