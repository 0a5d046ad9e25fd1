"""Treatment plan pages: the plan of an episode, its small forms, the printable plan, and the
participant-page panel."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse

from missioncj.care.models import (
    CRIMINOGENIC_DOMAINS,
    RECOVERY_DOMAINS,
    ItemStatus,
    NeedLevel,
    PlanDomain,
    PlanGoal,
    PlanObjective,
    ProgressRating,
    Responsible,
    TreatmentPlan,
)
from missioncj.care.services import plans as services
from missioncj.core.forms import DateInput, submit
from missioncj.participants.models import Episode, Participant
from missioncj.participants.panels import Panel, register
from missioncj.participants.services import local_today, record_read
from missioncj.participants.views import visible_episode, visible_participant

REVIEW_DUE_DAYS = 7
RATING_CHOICES = [(n, f"{n} · {word}") for n, word in services.RATING_WORDS.items()]


# --- fetching -------------------------------------------------------------------------------------


def _episode(
    request: HttpRequest, public_id: UUID, episode_id: UUID
) -> tuple[Participant, Episode]:
    participant = visible_participant(request, public_id)
    return participant, visible_episode(request, participant, episode_id)


def _plan_of(episode: Episode) -> TreatmentPlan | None:
    return (
        TreatmentPlan.objects.filter(episode=episode)
        .select_related("episode__program", "created_by")
        .first()
    )


def plan_url(participant: Participant, episode: Episode, name: str = "care:plan") -> str:
    return reverse(name, args=[participant.public_id, episode.public_id])


def review_flag(plan: TreatmentPlan, today: dt.date) -> str:
    """'Review overdue', 'Review due' (within a week) or ''."""
    if plan.next_review_on < today:
        return "Review overdue"
    if (plan.next_review_on - today).days <= REVIEW_DUE_DAYS:
        return "Review due"
    return ""


def plan_context(plan: TreatmentPlan) -> dict[str, Any]:
    """The plan laid out for reading: two groups of domains, each with need, goals, objectives
    and their ratings over time; then the reviews."""
    ratings = Prefetch(
        "ratings", queryset=ProgressRating.objects.select_related("rated_by").order_by("rated_on")
    )
    objectives = Prefetch(
        "objectives",
        queryset=PlanObjective.objects.prefetch_related(ratings).order_by("target_date", "pk"),
    )
    goals = list(plan.goals.prefetch_related(objectives).order_by("created_at", "pk"))
    needs = {n.domain: n for n in plan.needs.all()}
    by_domain: dict[str, list[PlanGoal]] = {}
    for goal in goals:
        by_domain.setdefault(goal.domain, []).append(goal)
        for objective in goal.objectives.all():
            rated = list(objective.ratings.all())
            objective.latest_rating = rated[-1] if rated else None  # type: ignore[attr-defined]

    def rows(domains: list[PlanDomain]) -> list[dict[str, Any]]:
        return [
            {
                "domain": domain,
                "label": domain.label,
                "need": needs.get(domain.value),
                "goals": by_domain.get(domain.value, []),
            }
            for domain in domains
        ]

    today = local_today(plan.episode.program)
    return {
        "plan": plan,
        "groups": [
            {"title": "Criminogenic needs (Central Eight)", "rows": rows(CRIMINOGENIC_DOMAINS)},
            {"title": "Recovery capital", "rows": rows(RECOVERY_DOMAINS)},
        ],
        "goals": goals,
        "open_goals": sum(1 for g in goals if g.status == ItemStatus.OPEN),
        "reviews": list(plan.reviews.select_related("staff_signed_by")),
        "review_flag": review_flag(plan, today),
        "today": today,
    }


# --- pages ----------------------------------------------------------------------------------------


@login_required
def plan_page(request: HttpRequest, public_id: UUID, episode_id: UUID) -> HttpResponse:
    participant, episode = _episode(request, public_id, episode_id)
    plan = _plan_of(episode)
    record_read(actor=request.user, participant=participant, what="plan.read")
    context: dict[str, Any] = {"participant": participant, "episode": episode, "plan": plan}
    if plan is not None:
        context.update(plan_context(plan))
    return render(request, "care/plans/plan.html", context)


@login_required
def plan_print(request: HttpRequest, public_id: UUID, episode_id: UUID) -> HttpResponse:
    participant, episode = _episode(request, public_id, episode_id)
    plan = _plan_of(episode)
    record_read(actor=request.user, participant=participant, what="plan.print")
    context: dict[str, Any] = {"participant": participant, "episode": episode, "plan": plan}
    if plan is not None:
        context.update(plan_context(plan))
    return render(request, "care/plans/print.html", context)


def _form(
    request: HttpRequest,
    form: forms.BaseForm,
    participant: Participant,
    episode: Episode,
    title: str,
    submit_label: str,
) -> HttpResponse:
    context = {
        "form": form,
        "participant": participant,
        "title": title,
        "submit": submit_label,
        "back_url": plan_url(participant, episode),
        "back_label": f"Treatment plan · {participant.display_name}",
    }
    return render(request, "care/plans/form.html", context, status=422 if form.errors else 200)


def _no_plan(request: HttpRequest, participant: Participant, episode: Episode) -> HttpResponse:
    context = {"participant": participant, "episode": episode}
    status = 200 if request.method == "GET" else 409
    return render(request, "care/plans/no_plan.html", context, status=status)


class StartPlanForm(forms.Form):
    started_on = forms.DateField(widget=DateInput(), label="Plan start date")


@login_required
def start(request: HttpRequest, public_id: UUID, episode_id: UUID) -> HttpResponse:
    participant, episode = _episode(request, public_id, episode_id)
    form = StartPlanForm(request.POST or None, initial={"started_on": local_today(episode.program)})
    return submit(
        request,
        form,
        lambda data: services.start_plan(
            actor=request.user, episode=episode, started_on=data["started_on"]
        ),
        done="Treatment plan started.",
        then=plan_url(participant, episode),
    ) or _form(request, form, participant, episode, "Start a treatment plan", "Start plan")


class NeedsForm(forms.Form):
    """One level and a note per domain; a blank level leaves that domain as it is."""

    def __init__(self, *args: Any, plan: TreatmentPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored = {n.domain: n for n in plan.needs.all()}
        levels = [("", "Not assessed"), *NeedLevel.choices]
        for domain in PlanDomain:
            need = stored.get(domain.value)
            self.fields[f"level_{domain.value}"] = forms.ChoiceField(
                choices=levels,
                required=False,
                label=domain.label,
                initial=need.level if need else "",
            )
            self.fields[f"note_{domain.value}"] = forms.CharField(
                max_length=300,
                required=False,
                label=f"{domain.label}: note",
                initial=need.note if need else "",
            )

    def needs(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            domain.value: (data[f"level_{domain.value}"], data[f"note_{domain.value}"])
            for domain in PlanDomain
            if data[f"level_{domain.value}"]
        }


@login_required
def needs(request: HttpRequest, public_id: UUID, episode_id: UUID) -> HttpResponse:
    participant, episode = _episode(request, public_id, episode_id)
    plan = _plan_of(episode)
    if plan is None:
        return _no_plan(request, participant, episode)
    form = NeedsForm(request.POST or None, plan=plan)
    return submit(
        request,
        form,
        lambda data: services.set_needs(actor=request.user, plan=plan, needs=form.needs()),
        done=lambda saved: f"Needs saved ({len(saved)} changed).",
        then=plan_url(participant, episode),
    ) or _form(
        request, form, participant, episode, "Criminogenic needs and recovery capital", "Save needs"
    )


class GoalForm(forms.Form):
    domain = forms.ChoiceField(choices=PlanDomain.choices)
    text = forms.CharField(
        max_length=300,
        label="Goal",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="In the participant's words where possible.",
    )


@login_required
def new_goal(request: HttpRequest, public_id: UUID, episode_id: UUID) -> HttpResponse:
    participant, episode = _episode(request, public_id, episode_id)
    plan = _plan_of(episode)
    if plan is None:
        return _no_plan(request, participant, episode)
    form = GoalForm(request.POST or None, initial={"domain": request.GET.get("domain", "")})
    return submit(
        request,
        form,
        lambda data: services.add_goal(actor=request.user, plan=plan, **data),
        done="Goal added.",
        then=plan_url(participant, episode),
    ) or _form(request, form, participant, episode, "Add a goal", "Add goal")


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_domain_display()}: {obj.text}"


class ObjectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.goal.text} → {obj.text}"


class ObjectiveForm(forms.Form):
    goal = GoalChoiceField(queryset=PlanGoal.objects.none(), to_field_name="public_id")
    text = forms.CharField(max_length=300, label="Objective", help_text="A step toward the goal.")
    intervention = forms.CharField(
        max_length=300, required=False, help_text="What the team does to help (optional)."
    )
    responsible = forms.ChoiceField(choices=Responsible.choices, label="Who")
    target_date = forms.DateField(widget=DateInput(), required=False, label="By when")

    def __init__(self, *args: Any, plan: TreatmentPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.order_by("created_at", "pk")  # type: ignore[attr-defined]


@login_required
def new_objective(request: HttpRequest, public_id: UUID, episode_id: UUID) -> HttpResponse:
    participant, episode = _episode(request, public_id, episode_id)
    plan = _plan_of(episode)
    if plan is None:
        return _no_plan(request, participant, episode)
    form = ObjectiveForm(
        request.POST or None, plan=plan, initial={"goal": request.GET.get("goal", "")}
    )
    return submit(
        request,
        form,
        lambda data: services.add_objective(actor=request.user, plan=plan, **data),
        done="Objective added.",
        then=plan_url(participant, episode),
    ) or _form(request, form, participant, episode, "Add an objective", "Add objective")


class RateForm(forms.Form):
    objective = ObjectiveChoiceField(
        queryset=PlanObjective.objects.none(), to_field_name="public_id"
    )
    rated_on = forms.DateField(widget=DateInput(), label="Date")
    rating = forms.TypedChoiceField(choices=RATING_CHOICES, coerce=int, label="Progress")
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, plan: TreatmentPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = (  # type: ignore[attr-defined]
            PlanObjective.objects.filter(goal__plan=plan)
            .select_related("goal")
            .order_by("goal__created_at", "goal__pk", "pk")
        )


@login_required
def rate(request: HttpRequest, public_id: UUID, episode_id: UUID) -> HttpResponse:
    participant, episode = _episode(request, public_id, episode_id)
    plan = _plan_of(episode)
    if plan is None:
        return _no_plan(request, participant, episode)
    initial = {
        "objective": request.GET.get("objective", ""),
        "rated_on": local_today(episode.program),
    }
    form = RateForm(request.POST or None, plan=plan, initial=initial)
    return submit(
        request,
        form,
        lambda data: services.rate_progress(actor=request.user, plan=plan, **data),
        done="Progress rated.",
        then=plan_url(participant, episode),
    ) or _form(request, form, participant, episode, "Rate progress", "Save rating")


class ItemStatusForm(forms.Form):
    item = forms.ChoiceField(label="Goal or objective")
    status = forms.ChoiceField(choices=ItemStatus.choices)

    def __init__(self, *args: Any, plan: TreatmentPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        for goal in plan.goals.prefetch_related("objectives").order_by("created_at", "pk"):
            choices.append(
                (f"goal:{goal.public_id}", f"Goal: {goal.text} ({goal.get_status_display()})")
            )
            for objective in goal.objectives.all():
                choices.append(
                    (
                        f"objective:{objective.public_id}",
                        f"Objective: {objective.text} ({objective.get_status_display()})",
                    )
                )
        self.fields["item"].choices = choices  # type: ignore[attr-defined]


@login_required
def item_status(request: HttpRequest, public_id: UUID, episode_id: UUID) -> HttpResponse:
    participant, episode = _episode(request, public_id, episode_id)
    plan = _plan_of(episode)
    if plan is None:
        return _no_plan(request, participant, episode)
    form = ItemStatusForm(
        request.POST or None, plan=plan, initial={"item": request.GET.get("item", "")}
    )

    def change(data: dict[str, Any]) -> Any:
        kind, _, item_id = data["item"].partition(":")
        if kind == "goal":
            goal = plan.goals.get(public_id=item_id)
            return services.set_goal_status(
                actor=request.user, goal=goal, status=data["status"], plan=plan
            )
        objective = PlanObjective.objects.get(goal__plan=plan, public_id=item_id)
        return services.set_objective_status(
            actor=request.user, objective=objective, status=data["status"], plan=plan
        )

    return submit(
        request,
        form,
        change,
        done=lambda item: f"Now “{item.get_status_display()}”: {item.text}",
        then=plan_url(participant, episode),
    ) or _form(request, form, participant, episode, "Change a status", "Save status")


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(widget=DateInput(), label="Review date")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Summary")
    participant_signature = forms.CharField(
        max_length=150,
        required=False,
        label="Participant signature (typed full name)",
        help_text="The participant types their name to sign; the time is recorded.",
    )
    participant_declined_reason = forms.CharField(
        max_length=300,
        required=False,
        label="Or: why the participant did not sign",
    )


@login_required
def review(request: HttpRequest, public_id: UUID, episode_id: UUID) -> HttpResponse:
    participant, episode = _episode(request, public_id, episode_id)
    plan = _plan_of(episode)
    if plan is None:
        return _no_plan(request, participant, episode)
    form = ReviewForm(request.POST or None, initial={"reviewed_on": local_today(episode.program)})
    return submit(
        request,
        form,
        lambda data: services.review_plan(actor=request.user, plan=plan, **data),
        done=lambda r: f"Review signed. Next review by {r.plan.next_review_on:%d %b %Y}.",
        then=plan_url(participant, episode),
    ) or _form(request, form, participant, episode, "Review the plan", "Sign review")


# --- the participant-page panel -------------------------------------------------------------------


def panel_context(
    participant: Participant, user: Any, episodes: list[Episode]
) -> dict[str, Any] | None:
    open_episodes = [e for e in episodes if e.is_open]
    if not open_episodes:
        return None
    plans = {
        p.episode_id: p
        for p in TreatmentPlan.objects.filter(episode__in=open_episodes).annotate(
            open_goals=Count("goals", filter=Q(goals__status=ItemStatus.OPEN))
        )
    }
    rows = []
    for episode in open_episodes:
        plan = plans.get(episode.pk)
        rows.append(
            {
                "episode": episode,
                "plan": plan,
                "flag": review_flag(plan, local_today(episode.program)) if plan else "",
                "url": plan_url(participant, episode),
                "start_url": plan_url(participant, episode, "care:plan_start"),
            }
        )
    return {"participant": participant, "rows": rows}


register(Panel(key="plans", template="care/plans/panel.html", context=panel_context, order=40))


_BASE = "participants/<uuid:public_id>/episodes/<uuid:episode_id>/plan/"
urlpatterns = [
    path(_BASE, plan_page, name="plan"),
    path(f"{_BASE}print/", plan_print, name="plan_print"),
    path(f"{_BASE}start/", start, name="plan_start"),
    path(f"{_BASE}needs/", needs, name="plan_needs"),
    path(f"{_BASE}goals/new/", new_goal, name="plan_goal_new"),
    path(f"{_BASE}objectives/new/", new_objective, name="plan_objective_new"),
    path(f"{_BASE}rate/", rate, name="plan_rate"),
    path(f"{_BASE}status/", item_status, name="plan_status"),
    path(f"{_BASE}review/", review, name="plan_review"),
]
