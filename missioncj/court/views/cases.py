"""Court pages: cases and charges.

A participant's court page (every case with its charges and conditions, compliance in words
and bars), a page per case with its forms, and the "Court" panel on the participant page. Every
query starts from the episodes the user may see (`Episode.objects.visible_to`), so a case out of
scope is a 404 like the participant; reads are audited. A program's list of courts lives in
`court_settings`, the condition forms in `conditions`. Importing this module registers the panel
and the `condition_due` work-queue kind.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from missioncj.core.audit import record
from missioncj.core.forms import submit
from missioncj.core.models import AuditKind
from missioncj.court import case_alerts
from missioncj.court.compliance import Standing, standings, with_done
from missioncj.court.models import (
    OPEN_CASE_STATUSES,
    Charge,
    Condition,
    ConditionProgress,
    Court,
    CourtCase,
)
from missioncj.court.services import cases as services
from missioncj.court.views import court_settings
from missioncj.court.views.case_forms import CaseEditForm, CaseForm, ChargeForm, DisposeForm
from missioncj.participants.models import Episode, EpisodeStatus, Participant
from missioncj.participants.panels import Panel, register
from missioncj.participants.policies import visible_participant
from missioncj.participants.services import local_today, record_read

# --- scope ---------------------------------------------------------------------------------------


def _episodes(request: HttpRequest, participant: Participant) -> QuerySet[Episode]:
    return (
        Episode.objects.visible_to(request.user)
        .filter(participant=participant)
        .select_related("program", "team")
        .order_by("-referral_date", "-pk")
    )


def visible_cases(user: Any, participant: Participant) -> QuerySet[CourtCase]:
    """The participant's cases on episodes the user may see (the read choke point)."""
    return (
        CourtCase.objects.filter(
            participant=participant,
            episode__in=Episode.objects.visible_to(user).filter(participant=participant),
        )
        .select_related("court", "episode__program")
        .order_by("-opened_on", "-pk")
    )


def case_or_404(request: HttpRequest, participant: Participant, case_id: UUID) -> CourtCase:
    return get_object_or_404(visible_cases(request.user, participant), public_id=case_id)


def _today(participant: Participant, episodes: list[Episode]) -> Any:
    return local_today(episodes[0].program) if episodes else None


def court_url(participant: Participant) -> str:
    return reverse("court:participant_court", args=[participant.public_id])


def case_url(case: CourtCase) -> str:
    return reverse(
        "court:case_detail",
        kwargs={"public_id": case.participant.public_id, "case_id": case.public_id},
    )


def form_page(
    request: HttpRequest,
    form: Any,
    participant: Participant,
    title: str,
    submit_label: str,
    back: str,
    back_label: str,
    intro: str = "",
) -> HttpResponse:
    context = {
        "form": form,
        "participant": participant,
        "title": title,
        "submit": submit_label,
        "back_url": back,
        "back_label": f"{back_label} · {participant.display_name}",
        "intro": intro,
    }
    return render(request, "court/cases_form.html", context, status=422 if form.errors else 200)


# --- reading -------------------------------------------------------------------------------------


def _conditions(cases: list[CourtCase], today: Any) -> dict[int, list[Standing]]:
    rows = with_done(Condition.objects.filter(case__in=cases)).order_by("status", "due_on", "pk")
    out: dict[int, list[Standing]] = {c.pk: [] for c in cases}
    for standing in standings(rows, today):
        out[standing.condition.case_id].append(standing)
    return out


def _with_charges(cases: QuerySet[CourtCase]) -> list[CourtCase]:
    return list(cases.prefetch_related(Prefetch("charges", queryset=Charge.objects.all())))


@login_required
def participant_court(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episodes = list(_episodes(request, participant))
    today = _today(participant, episodes)
    cases = _with_charges(visible_cases(request.user, participant))
    conditions = _conditions(cases, today)
    record_read(actor=request.user, participant=participant, what="court.cases.read")
    rows = [{"case": c, "conditions": conditions[c.pk]} for c in cases]
    context = {
        "participant": participant,
        "open_rows": [r for c, r in zip(cases, rows, strict=True) if c.is_open],
        "closed_rows": [r for c, r in zip(cases, rows, strict=True) if not c.is_open],
        "today": today,
        "can_open": any(e.status != EpisodeStatus.NOT_ENROLLED for e in episodes),
    }
    return render(request, "court/cases_participant.html", context)


@login_required
def case_detail(request: HttpRequest, public_id: UUID, case_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    case = case_or_404(request, participant, case_id)
    today = local_today(case.episode.program)
    charges = list(case.charges.all())
    conditions = _conditions([case], today)[case.pk]
    progress: dict[int, list[ConditionProgress]] = {s.condition.pk: [] for s in conditions}
    for row in (
        ConditionProgress.objects.filter(condition__case=case)
        .select_related("recorded_by")
        .order_by("-on", "-pk")
    ):
        progress[row.condition_id].append(row)
    _record_case_read(request, participant, case)
    context = {
        "participant": participant,
        "case": case,
        "charges": charges,
        "conditions": [{"s": s, "progress": progress[s.condition.pk]} for s in conditions],
        "charge_form": ChargeForm(),
        "today": today,
    }
    return render(request, "court/cases_detail.html", context)


def _record_case_read(request: HttpRequest, participant: Participant, case: CourtCase) -> None:
    record(
        kind=AuditKind.READ,
        action="court.case.read",
        actor=request.user,
        participant=participant,
        subject=case,
    )


# --- cases ---------------------------------------------------------------------------------------


def _courts(request: HttpRequest, participant: Participant) -> QuerySet[Court]:
    programs = (
        _episodes(request, participant)
        .exclude(status=EpisodeStatus.NOT_ENROLLED)
        .values("program_id")
    )
    return Court.objects.filter(program_id__in=programs).order_by("name")


def _episode_for(request: HttpRequest, participant: Participant, court: Court) -> Episode | None:
    return (
        _episodes(request, participant)
        .filter(program_id=court.program_id)
        .exclude(status=EpisodeStatus.NOT_ENROLLED)
        .first()
    )


@login_required
def case_new(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episodes = list(_episodes(request, participant))
    initial: dict[str, Any] = {}
    if episodes:
        initial = {
            "opened_on": local_today(episodes[0].program),
            "intercept": episodes[0].program.intercept,
        }
    courts = _courts(request, participant)
    form = CaseForm(request.POST or None, courts=courts, initial=initial)

    def action(data: dict[str, Any]) -> CourtCase:
        return services.open_case(
            actor=request.user,
            participant=participant,
            episode=_episode_for(request, participant, data["court"]),
            **data,
        )

    intro = (
        ""
        if courts.exists()
        else "This program has no court yet: its director or supervisor adds one under "
        "Programs → Courts."
    )
    return submit(
        request,
        form,
        action,
        done=lambda c: f"Case {c.docket_number} opened.",
        then=case_url,
    ) or form_page(
        request,
        form,
        participant,
        "Open a court case",
        "Open case",
        court_url(participant),
        "Court",
        intro,
    )


@login_required
def case_edit(request: HttpRequest, public_id: UUID, case_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    case = case_or_404(request, participant, case_id)
    fields = [f for f in services.CASE_FIELDS if f != "court"]
    initial = {f: getattr(case, f) for f in fields} | {"court": case.court.public_id}
    courts = Court.objects.filter(program_id=case.episode.program_id).order_by("name")
    form = CaseEditForm(request.POST or None, courts=courts, initial=initial)
    return submit(
        request,
        form,
        lambda data: services.update_case(actor=request.user, case=case, **data),
        done=lambda c: f"Case {c.docket_number} saved.",
        then=case_url,
    ) or form_page(
        request,
        form,
        participant,
        f"Edit case {case.docket_number}",
        "Save case",
        case_url(case),
        "Case",
    )


@login_required
def case_dispose(request: HttpRequest, public_id: UUID, case_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    case = case_or_404(request, participant, case_id)
    initial = {"disposed_on": local_today(case.episode.program)}
    form = DisposeForm(request.POST or None, initial=initial)
    return submit(
        request,
        form,
        lambda data: services.dispose_case(actor=request.user, case=case, **data),
        done=lambda c: f"Case {c.docket_number} {c.get_status_display().lower()}.",
        then=case_url,
    ) or form_page(
        request,
        form,
        participant,
        f"Dispose of case {case.docket_number}",
        "Record disposition",
        case_url(case),
        "Case",
        f"Opened {case.opened_on:%d %b %Y}; the disposition cannot be earlier.",
    )


# --- charges -------------------------------------------------------------------------------------


@login_required
def charge_new(request: HttpRequest, public_id: UUID, case_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    case = case_or_404(request, participant, case_id)
    form = ChargeForm(request.POST or None)
    return submit(
        request,
        form,
        lambda data: services.add_charge(actor=request.user, case=case, **data),
        done=lambda c: f"Charge {c.statute} added.",
        then=case_url(case),
    ) or form_page(
        request,
        form,
        participant,
        f"Add a charge to {case.docket_number}",
        "Add charge",
        case_url(case),
        "Case",
    )


def _charge_or_404(case: CourtCase, charge_id: UUID) -> Charge:
    return get_object_or_404(Charge.objects.filter(case=case), public_id=charge_id)


@login_required
def charge_edit(
    request: HttpRequest, public_id: UUID, case_id: UUID, charge_id: UUID
) -> HttpResponse:
    participant = visible_participant(request, public_id)
    case = case_or_404(request, participant, case_id)
    charge = _charge_or_404(case, charge_id)
    initial = {f: getattr(charge, f) for f in services.CHARGE_FIELDS}
    form = ChargeForm(request.POST or None, initial=initial)
    return submit(
        request,
        form,
        lambda data: services.update_charge(actor=request.user, charge=charge, **data),
        done=lambda c: f"Charge {c.statute} saved.",
        then=case_url(case),
    ) or form_page(
        request,
        form,
        participant,
        f"Edit charge {charge.statute}",
        "Save charge",
        case_url(case),
        "Case",
    )


@login_required
@require_http_methods(["GET", "POST"])
def charge_remove(
    request: HttpRequest, public_id: UUID, case_id: UUID, charge_id: UUID
) -> HttpResponse:
    participant = visible_participant(request, public_id)
    case = case_or_404(request, participant, case_id)
    charge = _charge_or_404(case, charge_id)
    if request.method == "POST":
        services.remove_charge(actor=request.user, charge=charge)
        messages.success(request, f"Charge {charge.statute} removed from {case.docket_number}.")
        return redirect(case_url(case))
    context = {"participant": participant, "case": case, "charge": charge}
    return render(request, "court/cases_charge_remove.html", context)


# --- the participant-page panel ------------------------------------------------------------------


def court_panel(
    participant: Participant, user: Any, episodes: list[Episode]
) -> dict[str, Any] | None:
    if not episodes:
        return None
    today = local_today(episodes[0].program)
    cases = list(
        CourtCase.objects.filter(
            participant=participant, episode__in=episodes, status__in=OPEN_CASE_STATUSES
        )
        .select_related("court")
        .order_by("-opened_on", "-pk")
    )
    conditions = _conditions(cases, today) if cases else {}
    active = [s for c in cases for s in conditions[c.pk] if s.active]
    return {
        "participant": participant,
        "cases": cases,
        "conditions": active,
        "overdue": sum(1 for s in active if s.overdue),
    }


register(Panel(key="court_cases", template="court/cases_panel.html", context=court_panel, order=45))
case_alerts.register()


CASE = "participants/<uuid:public_id>/court/cases/<uuid:case_id>/"
urlpatterns = [
    *court_settings.urlpatterns,
    path("participants/<uuid:public_id>/court/", participant_court, name="participant_court"),
    path("participants/<uuid:public_id>/court/cases/new/", case_new, name="case_new"),
    path(CASE, case_detail, name="case_detail"),
    path(f"{CASE}edit/", case_edit, name="case_edit"),
    path(f"{CASE}dispose/", case_dispose, name="case_dispose"),
    path(f"{CASE}charges/new/", charge_new, name="charge_new"),
    path(f"{CASE}charges/<uuid:charge_id>/edit/", charge_edit, name="charge_edit"),
    path(f"{CASE}charges/<uuid:charge_id>/remove/", charge_remove, name="charge_remove"),
]
