from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from missioncj.accounts.scope import is_court_partner, scope_of
from missioncj.care import alerts as work
from missioncj.care import services
from missioncj.care.caseload_export import caseload_file
from missioncj.care.dose import phases_and_sessions
from missioncj.care.forms import AddendumForm, ContactForm
from missioncj.care.models import Contact
from missioncj.core.audit import record
from missioncj.core.exports import wanted_format
from missioncj.core.forms import submit
from missioncj.core.models import AuditKind
from missioncj.participants.models import OPEN_STATUSES, Episode, EpisodeStatus, Participant
from missioncj.participants.views import form_page, participant_url, visible_participant


def safety_plan_url(participant: Participant) -> str:
    """The safety plan page, once that area provides it ("" until then)."""
    try:
        return reverse("care:safety_plan", args=[participant.public_id])
    except NoReverseMatch:
        return ""


# A participant not reached in this many days is flagged on the caseload.
CONTACT_GAP_DAYS = 14


def caseload_episodes(user: Any, since: dt.datetime) -> QuerySet[Episode]:
    """Open episodes the user may see, longest without contact first, with their last contact
    and the number of contacts since `since`. Each figure is a subquery per episode on the
    contacts' (episode, time) index: a join grouped by episode would make the database walk
    every episode of the installation to group them."""
    contacts = Contact.objects.filter(episode=OuterRef("pk")).order_by()
    newest = contacts.order_by("-occurred_at").values("occurred_at")[:1]
    recent = (
        contacts.filter(occurred_at__gte=since)
        .values("episode")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Episode.objects.visible_to(user)
        .filter(status__in=OPEN_STATUSES)
        .select_related("participant", "program", "team")
        .annotate(last_contact=Subquery(newest), recent_contacts=Coalesce(Subquery(recent), 0))
        .order_by(F("last_contact").asc(nulls_first=True), "participant__last_name")
    )


@login_required
def caseload(request: HttpRequest) -> HttpResponseBase:
    """My participants: open episodes I may see, longest without contact first. A court
    partner (no staff scope) is sent to their consent-filtered pages instead."""
    scope = scope_of(request.user)
    if scope.is_empty and is_court_partner(request.user):
        return redirect("privacy:partner_home")
    episodes = caseload_episodes(request.user, timezone.now() - dt.timedelta(days=30))
    fmt = wanted_format(request)
    if fmt and not scope.is_empty:
        return caseload_file(request, episodes, fmt)
    page = Paginator(episodes, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    # CTI phase, dose and alert counts for the whole page at once (constant queries).
    page_episodes = list(page)
    page_doses = phases_and_sessions(page_episodes, now)  # what the rows show of the dose
    # Up to WHOLE_QUEUE_UP_TO open episodes, the whole work queue once: its size for the
    # button, its counts for the page's rows. Beyond that only the rows' own alerts are worked
    # out, and the button shows no number.
    queue_count: int | None = None
    if scope.is_empty:
        alert_counts: dict[int, int] = {}
    elif page.paginator.count <= work.WHOLE_QUEUE_UP_TO:
        queue = work.alerts_for_user(request.user, now)
        alert_counts = work.counts_by_episode(queue)
        queue_count = len(queue)
    else:
        alert_counts = work.counts_by_episode(work.alerts_for_episodes(page_episodes, now))
    rows: list[dict[str, Any]] = []
    for episode in page_episodes:
        last_contact = episode.last_contact  # type: ignore[attr-defined]
        days = (now - last_contact).days if last_contact else None
        flags = []
        if episode.status == EpisodeStatus.ENROLLED and (days is None or days >= CONTACT_GAP_DAYS):
            flags.append("No contact yet" if days is None else f"No contact in {days} days")
        waiting = (timezone.localdate() - episode.referral_date).days
        if episode.status != EpisodeStatus.ENROLLED and waiting > 14:
            flags.append(f"Referral waiting {waiting} days")
        rows.append(
            {
                "episode": episode,
                "days": days,
                "flags": flags,
                "dose": page_doses[episode.pk],
                "alerts": alert_counts.get(episode.pk, 0),
                "safety_plan_url": safety_plan_url(episode.participant),
            }
        )
    drafts = (
        Contact.objects.visible_to(request.user)
        .filter(author_id=request.user.pk, signed_at__isnull=True)
        .select_related("participant")
    )
    record(
        kind=AuditKind.LIST,
        action="caseload.view",
        actor=request.user,
        after={"shown": [str(r["episode"].participant.public_id) for r in rows]},
    )
    return render(
        request,
        "care/caseload.html",
        {
            "rows": rows,
            "page": page,
            "has_scope": not scope.is_empty,
            "drafts": drafts,
            "gap_days": CONTACT_GAP_DAYS,
            "queue_count": queue_count,
        },
    )


def _contact_episodes(request: HttpRequest, participant: Participant) -> QuerySet[Episode]:
    """Episodes a contact may be logged against: visible, and not closed before enrollment."""
    return (
        Episode.objects.visible_to(request.user)
        .filter(participant=participant)
        .exclude(status=EpisodeStatus.NOT_ENROLLED)
        .select_related("program")
        .order_by("-referral_date")
    )


@login_required
def log_contact(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episodes = _contact_episodes(request, participant)
    if episodes:
        timezone.activate(episodes[0].program.zone)
    initial = {
        "duration_minutes": 15,
        "occurred_at": timezone.localtime().replace(second=0, microsecond=0),
        "components": ["cti"],
    }
    form = ContactForm(
        request.POST or None, episodes=episodes, participant=participant, initial=initial
    )
    return submit(
        request,
        form,
        lambda data: services.log_contact(
            actor=request.user, sign=not data["draft"], **form.service_arguments()
        ),
        done="Contact saved.",
        then=participant_url(participant),
    ) or _contact_page(request, form, participant, "Log a contact")


def _contact_page(
    request: HttpRequest, form: ContactForm, participant: Participant, title: str
) -> HttpResponse:
    context = {"form": form, "participant": participant, "title": title}
    return render(request, "care/contact_form.html", context, status=422 if form.errors else 200)


def _visible_contact(request: HttpRequest, public_id: UUID, contact_id: UUID) -> Contact:
    participant = visible_participant(request, public_id)
    return get_object_or_404(
        Contact.objects.visible_to(request.user).select_related("episode__program", "participant"),
        participant=participant,
        public_id=contact_id,
    )


@login_required
def edit_draft(request: HttpRequest, public_id: UUID, contact_id: UUID) -> HttpResponse:
    contact = _visible_contact(request, public_id, contact_id)
    if contact.is_signed or contact.author_id != request.user.pk:
        messages.error(request, "Only the author can change a draft; signed notes take addenda.")
        return redirect("participants:detail", public_id=public_id)
    participant = contact.participant
    timezone.activate(contact.episode.program.zone)
    initial = {
        "episode": contact.episode,
        "occurred_at": timezone.localtime(contact.occurred_at),
        "duration_minutes": contact.duration_minutes,
        "modality": contact.modality,
        "location": contact.location,
        "with_whom": contact.with_whom,
        "collateral": contact.collateral,
        "components": contact.component_codes,
        "note": contact.note,
        "draft": True,
    }
    episodes = Episode.objects.filter(pk=contact.episode_id).select_related("program")
    form = ContactForm(
        request.POST or None, episodes=episodes, participant=participant, initial=initial
    )

    def save(data: dict[str, Any]) -> Contact:
        arguments = form.service_arguments()
        arguments.pop("episode")
        return services.update_draft(
            actor=request.user, contact=contact, sign=not data["draft"], **arguments
        )

    return submit(
        request,
        form,
        save,
        done=lambda saved: "Signed." if saved.is_signed else "Draft saved.",
        then=participant_url(participant),
    ) or _contact_page(request, form, participant, "Edit draft note")


@login_required
@require_POST
def add_addendum(request: HttpRequest, public_id: UUID, contact_id: UUID) -> HttpResponse:
    contact = _visible_contact(request, public_id, contact_id)
    form = AddendumForm(request.POST)
    return submit(
        request,
        form,
        lambda data: services.add_addendum(actor=request.user, contact=contact, text=data["text"]),
        done="Addendum added.",
        then=participant_url(contact.participant),
    ) or form_page(
        request, form, contact.participant, "Add an addendum", "Save addendum", status=422
    )


urlpatterns = [
    path("", caseload, name="caseload"),
    path("participants/<uuid:public_id>/contacts/new/", log_contact, name="log_contact"),
    path(
        "participants/<uuid:public_id>/contacts/<uuid:contact_id>/edit/",
        edit_draft,
        name="edit_draft",
    ),
    path(
        "participants/<uuid:public_id>/contacts/<uuid:contact_id>/addenda/",
        add_addendum,
        name="add_addendum",
    ),
]
