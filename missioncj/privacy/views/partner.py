"""The court-partner pages: home (their courts, how many participants a consent lets them
see, upcoming docket dates, search, a staffing-packet download per court day), the consented
list, and one participant's page with a section per consented category. Court partners only;
anyone else gets a 404. Each page is rendered, then recorded as a disclosure with its exact
bytes, then returned (`missioncj.privacy.partner`); the packet is recorded by
`packets.build_packet`."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_POST

from missioncj.court.views.hearings import CourtDateConverter  # noqa: F401 - registers courtdate
from missioncj.privacy import partner
from missioncj.privacy.models import Channel
from missioncj.privacy.packets import build_packet
from missioncj.privacy.views.packets import messages_of, pdf_response
from missioncj.privacy.wording import notice_text

MAX_LISTED = 200


@login_required
def home(request: HttpRequest) -> HttpResponse:
    view = partner.partner_view(request.user)
    days = partner.upcoming(view)
    on_docket = {p.pk: p for day in days for p in day.people}
    decisions = list(view.identities(on_docket.values()).values())
    context = {
        "seats": list(view.seats()),
        "count": len(view.ids),
        "days": days,
        "notice": notice_text(),
    }
    response = render(request, "privacy/partner/home.html", context)
    partner.disclose(
        view,
        decisions,
        channel=Channel.PAGE,
        content=response.content,
        description="Court-partner home: upcoming docket",
    )
    return response


@login_required
def participants(request: HttpRequest) -> HttpResponse:
    view = partner.partner_view(request.user)
    query = request.GET.get("q", "").strip()[:100]
    people = view.people(query)
    matched = people.count()
    rows = partner.listed(view, people[:MAX_LISTED])
    context = {
        "query": query,
        "rows": rows,
        "matched": matched,
        "count": len(view.ids),
        "truncated": matched > len(rows),
        "notice": notice_text(),
    }
    response = render(request, "privacy/partner/list.html", context)
    partner.disclose(
        view,
        [row.decision for row in rows],
        channel=Channel.PAGE,
        content=response.content,
        description="Court-partner list" + (" (search)" if query else ""),
    )
    return response


@login_required
def participant(request: HttpRequest, public_id: UUID) -> HttpResponse:
    view = partner.partner_view(request.user)
    person = view.participant(public_id)
    decision = view.granted(person)
    context = {
        "participant": person,
        "cases": partner.cases_shown(view, person, decision),
        "sections": partner.sections(view, person, decision),
        "consents": partner.consent_copies(decision),
        "notice": notice_text(),
    }
    response = render(request, "privacy/partner/participant.html", context)
    partner.disclose(
        view,
        [decision],
        channel=Channel.PAGE,
        content=response.content,
        description="Court-partner participant page",
    )
    return response


@login_required
@require_POST
def packet(request: HttpRequest, court_id: UUID, day: dt.date) -> HttpResponse:
    """The staffing packet of a court where the partner holds a seat, for that day: only the
    participants whose consent names this partner (seat, person or the court's team), each
    recorded as a disclosure (channel PACKET) with the PDF's digest."""
    view = partner.partner_view(request.user)
    court = partner.seated_court(view, court_id)
    try:
        result = build_packet(actor=request.user, court=court, day=day, recipient=view.recipient)
    except ValidationError as exc:
        context = {
            "court": court,
            "day": day,
            "problems": messages_of(exc),
            "notice": notice_text(),
        }
        return render(request, "privacy/partner/packet_problem.html", context, status=400)
    return pdf_response(result, f"staffing-packet-{day.isoformat()}.pdf")


urlpatterns = [
    path("partner/", home, name="partner_home"),
    path(
        "partner/courts/<uuid:court_id>/packets/<courtdate:day>/",
        packet,
        name="partner_packet",
    ),
    path("partner/participants/", participants, name="partner_participants"),
    path("partner/participants/<uuid:public_id>/", participant, name="partner_participant"),
]
