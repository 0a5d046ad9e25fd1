"""Vocational / educational support and the participant's legal-issue tracker: pages, forms and
participant-page panels."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse

from missioncj.care.forms import EpisodeChoiceField
from missioncj.care.models import (
    ActivityKind,
    ActivityStatus,
    EducationStatus,
    EmploymentStatus,
    LegalObligation,
    ObligationKind,
    ObligationStatus,
    VocationalActivity,
    VocationalStatus,
)
from missioncj.care.services import vocational as services
from missioncj.core.forms import DateInput, submit
from missioncj.participants.models import Episode, EpisodeStatus, Participant
from missioncj.participants.panels import Panel, register
from missioncj.participants.services import local_today, record_read
from missioncj.participants.views import visible_participant

# --- shared ---------------------------------------------------------------------------------------


def _episodes(request: HttpRequest, participant: Participant) -> QuerySet[Episode]:
    return (
        Episode.objects.visible_to(request.user)
        .filter(participant=participant)
        .select_related("program", "team")
        .order_by("-referral_date", "-pk")
    )


def _writable_episodes(request: HttpRequest, participant: Participant) -> QuerySet[Episode]:
    """Episodes new vocational records may go to: visible, not closed before enrollment."""
    return _episodes(request, participant).exclude(status=EpisodeStatus.NOT_ENROLLED)


def _today(episodes: list[Episode]) -> dt.date:
    return local_today(episodes[0].program) if episodes else dt.date.today()


def _form(
    request: HttpRequest,
    form: forms.BaseForm,
    participant: Participant,
    title: str,
    submit_label: str,
    back: str,
    back_label: str,
) -> HttpResponse:
    context = {
        "form": form,
        "participant": participant,
        "title": title,
        "submit": submit_label,
        "back_url": back,
        "back_label": f"{back_label} · {participant.display_name}",
    }
    return render(request, "care/plans/form.html", context, status=422 if form.errors else 200)


class _EpisodeForm(forms.Form):
    episode = EpisodeChoiceField(
        queryset=Episode.objects.none(), label="Program", to_field_name="public_id"
    )

    def __init__(self, *args: Any, episodes: QuerySet[Episode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["episode"].queryset = episodes  # type: ignore[attr-defined]
        first = episodes.first()
        if first is not None:
            self.fields["episode"].initial = first.public_id


# --- vocational -----------------------------------------------------------------------------------


def vocational_url(participant: Participant) -> str:
    return reverse("care:vocational", args=[participant.public_id])


@login_required
def vocational(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episodes = list(_episodes(request, participant))
    statuses = list(
        EmploymentStatus.objects.filter(episode__in=episodes)
        .select_related("episode__program", "recorded_by")
        .order_by("-as_of", "-pk")
    )
    activities = list(
        VocationalActivity.objects.filter(episode__in=episodes)
        .select_related("episode__program", "recorded_by")
        .order_by("-on", "-pk")
    )
    record_read(actor=request.user, participant=participant, what="vocational.read")
    context = {
        "participant": participant,
        "current": statuses[0] if statuses else None,
        "statuses": statuses,
        "activities": activities,
        "today": _today(episodes),
        "can_add": any(e.status != EpisodeStatus.NOT_ENROLLED for e in episodes),
    }
    return render(request, "care/vocational/vocational.html", context)


class EmploymentStatusForm(_EpisodeForm):
    as_of = forms.DateField(widget=DateInput(), label="As of")
    employment = forms.ChoiceField(choices=VocationalStatus.choices, label="Work")
    education = forms.ChoiceField(
        choices=EducationStatus.choices, label="School / training", initial=EducationStatus.NONE
    )
    employer = forms.CharField(max_length=150, required=False, help_text="If working.")
    hours_per_week = forms.IntegerField(
        min_value=0, max_value=100, required=False, label="Hours per week"
    )
    note = forms.CharField(max_length=300, required=False)


@login_required
def new_status(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episodes = _writable_episodes(request, participant)
    today = _today(list(episodes[:1]))
    form = EmploymentStatusForm(request.POST or None, episodes=episodes, initial={"as_of": today})
    return submit(
        request,
        form,
        lambda data: services.record_employment_status(actor=request.user, **data),
        done="Employment and education status saved.",
        then=vocational_url(participant),
    ) or _form(
        request,
        form,
        participant,
        "Employment and education status",
        "Save status",
        vocational_url(participant),
        "Work and school",
    )


class ActivityForm(_EpisodeForm):
    kind = forms.ChoiceField(choices=ActivityKind.choices, label="Activity")
    on = forms.DateField(widget=DateInput(), label="Date")
    description = forms.CharField(
        max_length=300, help_text="E.g. applied at the warehouse on 5th St; SNAP application."
    )
    status = forms.ChoiceField(choices=ActivityStatus.choices, initial=ActivityStatus.DONE)


@login_required
def new_activity(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episodes = _writable_episodes(request, participant)
    today = _today(list(episodes[:1]))
    form = ActivityForm(request.POST or None, episodes=episodes, initial={"on": today})
    return submit(
        request,
        form,
        lambda data: services.record_vocational_activity(actor=request.user, **data),
        done="Activity saved.",
        then=vocational_url(participant),
    ) or _form(
        request,
        form,
        participant,
        "Add a vocational activity",
        "Save activity",
        vocational_url(participant),
        "Work and school",
    )


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return (
            f"{obj.on:%d %b %Y} · {obj.get_kind_display()}: {obj.description} "
            f"({obj.get_status_display()})"
        )


class ActivityStatusForm(forms.Form):
    activity = ActivityChoiceField(
        queryset=VocationalActivity.objects.none(), to_field_name="public_id"
    )
    status = forms.ChoiceField(choices=ActivityStatus.choices)

    def __init__(self, *args: Any, episodes: QuerySet[Episode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = VocationalActivity.objects.filter(  # type: ignore[attr-defined]
            episode__in=episodes
        ).order_by("-on", "-pk")


@login_required
def activity_status(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episodes = _episodes(request, participant)
    form = ActivityStatusForm(
        request.POST or None,
        episodes=episodes,
        initial={"activity": request.GET.get("activity", "")},
    )
    return submit(
        request,
        form,
        lambda data: services.update_activity_status(actor=request.user, **data),
        done=lambda a: f"Now “{a.get_status_display()}”: {a.description}",
        then=vocational_url(participant),
    ) or _form(
        request,
        form,
        participant,
        "Update an activity",
        "Save",
        vocational_url(participant),
        "Work and school",
    )


def vocational_panel(
    participant: Participant, user: Any, episodes: list[Episode]
) -> dict[str, Any] | None:
    if not episodes:
        return None
    current = (
        EmploymentStatus.objects.filter(episode__in=episodes).order_by("-as_of", "-pk").first()
    )
    return {"participant": participant, "current": current}


register(
    Panel(
        key="vocational",
        template="care/vocational/panel.html",
        context=vocational_panel,
        order=60,
    )
)


# --- legal obligations ----------------------------------------------------------------------------


def legal_url(participant: Participant) -> str:
    return reverse("care:legal", args=[participant.public_id])


def _balance(obligation: LegalObligation) -> Decimal:
    return Decimal(obligation.amount_owed) - Decimal(obligation.amount_paid)


def obligation_rows(obligations: list[LegalObligation], today: dt.date) -> list[dict[str, Any]]:
    rows = []
    for o in obligations:
        due = o.due_date
        words = ""
        if o.status != ObligationStatus.RESOLVED and due is not None:
            days = (due - today).days
            if days < 0:
                words = f"Overdue by {-days} day{'s' if days != -1 else ''}"
            elif days == 0:
                words = "Due today"
            elif days <= 14:
                words = f"Due in {days} day{'s' if days != 1 else ''}"
        rows.append(
            {
                "o": o,
                "balance": _balance(o),
                "due_words": words,
                "overdue": due is not None and words.startswith("Overdue"),
            }
        )
    return rows


def _split(participant: Participant) -> tuple[list[LegalObligation], list[LegalObligation]]:
    obligations = list(participant.legal_obligations.select_related("recorded_by"))
    far = dt.date.max
    open_ones = sorted(
        (o for o in obligations if o.status != ObligationStatus.RESOLVED),
        key=lambda o: (o.due_date or far, o.pk),
    )
    resolved = sorted(
        (o for o in obligations if o.status == ObligationStatus.RESOLVED),
        key=lambda o: (o.resolved_on or dt.date.min, o.pk),
        reverse=True,
    )
    return open_ones, resolved


@login_required
def legal(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    today = _today(list(_episodes(request, participant)[:1]))
    open_ones, resolved = _split(participant)
    record_read(actor=request.user, participant=participant, what="legal.read")
    open_rows = obligation_rows(open_ones, today)
    context = {
        "participant": participant,
        "open_rows": open_rows,
        "resolved_rows": obligation_rows(resolved, today),
        "balance": sum((r["balance"] for r in open_rows), Decimal("0.00")),
        "today": today,
    }
    return render(request, "care/vocational/legal.html", context)


class ObligationForm(forms.Form):
    kind = forms.ChoiceField(choices=ObligationKind.choices, label="What")
    description = forms.CharField(
        max_length=300, help_text="E.g. unpaid traffic fines, case number, what must happen."
    )
    jurisdiction = forms.CharField(
        max_length=120, required=False, help_text="Court, county or agency."
    )
    amount_owed = forms.DecimalField(
        min_value=0, max_digits=10, decimal_places=2, required=False, label="Amount owed ($)"
    )
    amount_paid = forms.DecimalField(
        min_value=0, max_digits=10, decimal_places=2, required=False, label="Amount paid ($)"
    )
    due_date = forms.DateField(widget=DateInput(), required=False, label="Due date")


@login_required
def new_obligation(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    form = ObligationForm(request.POST or None)
    return submit(
        request,
        form,
        lambda data: services.add_obligation(
            actor=request.user,
            participant=participant,
            **{
                **data,
                "amount_owed": data["amount_owed"] or Decimal("0.00"),
                "amount_paid": data["amount_paid"] or Decimal("0.00"),
            },
        ),
        done="Legal obligation added.",
        then=legal_url(participant),
    ) or _form(
        request,
        form,
        participant,
        "Add a legal obligation",
        "Add obligation",
        legal_url(participant),
        "Legal obligations",
    )


class ObligationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()}: {obj.description} ({obj.get_status_display()})"


class UpdateObligationForm(forms.Form):
    obligation = ObligationChoiceField(
        queryset=LegalObligation.objects.none(), to_field_name="public_id"
    )
    status = forms.ChoiceField(choices=ObligationStatus.choices)
    amount_paid = forms.DecimalField(
        min_value=0,
        max_digits=10,
        decimal_places=2,
        required=False,
        label="Total paid so far ($)",
        help_text="Leave empty to keep it as it is.",
    )
    due_date = forms.DateField(
        widget=DateInput(), required=False, help_text="Leave empty to keep it as it is."
    )
    resolved_on = forms.DateField(
        widget=DateInput(), required=False, label="Resolved on", help_text="Needed when resolved."
    )

    def __init__(self, *args: Any, participant: Participant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["obligation"].queryset = participant.legal_obligations.all()  # type: ignore[attr-defined]


@login_required
def update_obligation(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    initial: dict[str, Any] = {}
    chosen = participant.legal_obligations.filter(
        public_id__in=[v for v in [request.GET.get("obligation", "")] if _is_uuid(v)]
    ).first()
    if chosen is not None:
        initial = {
            "obligation": chosen.public_id,
            "status": chosen.status,
            "amount_paid": chosen.amount_paid,
            "due_date": chosen.due_date,
            "resolved_on": chosen.resolved_on,
        }
    form = UpdateObligationForm(request.POST or None, participant=participant, initial=initial)

    def update(data: dict[str, Any]) -> LegalObligation:
        changes: dict[str, Any] = {"status": data["status"]}
        for name in ("amount_paid", "due_date", "resolved_on"):
            if data[name] is not None:
                changes[name] = data[name]
        return services.update_obligation(
            actor=request.user, obligation=data["obligation"], **changes
        )

    return submit(
        request,
        form,
        update,
        done="Legal obligation updated.",
        then=legal_url(participant),
    ) or _form(
        request,
        form,
        participant,
        "Update a legal obligation",
        "Save",
        legal_url(participant),
        "Legal obligations",
    )


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def legal_panel(
    participant: Participant, user: Any, episodes: list[Episode]
) -> dict[str, Any] | None:
    if not episodes:
        return None
    open_ones = list(participant.legal_obligations.exclude(status=ObligationStatus.RESOLVED))
    dues = sorted(o.due_date for o in open_ones if o.due_date)
    today = local_today(episodes[0].program)
    next_due = dues[0] if dues else None
    return {
        "participant": participant,
        "open_count": len(open_ones),
        "next_due": next_due,
        "overdue": next_due is not None and next_due < today,
    }


register(
    Panel(key="legal", template="care/vocational/legal_panel.html", context=legal_panel, order=65)
)


urlpatterns = [
    path("participants/<uuid:public_id>/vocational/", vocational, name="vocational"),
    path(
        "participants/<uuid:public_id>/vocational/status/new/",
        new_status,
        name="vocational_status_new",
    ),
    path(
        "participants/<uuid:public_id>/vocational/activities/new/",
        new_activity,
        name="vocational_activity_new",
    ),
    path(
        "participants/<uuid:public_id>/vocational/activities/status/",
        activity_status,
        name="vocational_activity_status",
    ),
    path("participants/<uuid:public_id>/legal/", legal, name="legal"),
    path("participants/<uuid:public_id>/legal/new/", new_obligation, name="legal_new"),
    path("participants/<uuid:public_id>/legal/update/", update_obligation, name="legal_update"),
]
