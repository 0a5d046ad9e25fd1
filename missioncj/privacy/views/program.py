"""A supervisor's list per program: consents that expire in the next 30 days, and consents
that ended (revoked, expired, ended with their case or treatment) in the last 30 days. Both
come from the disclosure rule itself (`why_not_valid`), now and 30 days ago."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from missioncj.accounts.scope import scope_of
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode
from missioncj.participants.services import local_today
from missioncj.privacy.models import Answer, Consent
from missioncj.privacy.states import state_of, with_facts
from missioncj.programs.models import Program

WINDOW_DAYS = 30


@login_required
@require_GET
def program_consents(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = get_object_or_404(
        Program.objects.filter(pk__in=scope_of(request.user).program_ids), public_id=program_id
    )
    now = timezone.now()
    today = local_today(program)
    then = now - dt.timedelta(days=WINDOW_DAYS)
    horizon = today + dt.timedelta(days=WINDOW_DAYS)
    episodes = Episode.objects.visible_to(request.user).filter(program=program)
    candidates = (
        Consent.objects.filter(episode__in=episodes, answer=Answer.GIVEN)
        .filter(
            Q(expires_on__isnull=True)
            | Q(expires_on__gte=today - dt.timedelta(days=WINDOW_DAYS + 1))
        )
        .exclude(revocation__revoked_at__lt=then)
        .select_related("participant")
    )
    expiring, ended = [], []
    for consent, facts in with_facts(candidates):
        state = state_of(facts, now)
        if state.in_force and consent.expires_on is not None and consent.expires_on <= horizon:
            expiring.append((consent, state))
        elif not state.in_force and state_of(facts, then).in_force:
            ended.append((consent, state))
    expiring.sort(key=lambda r: (r[0].expires_on, r[0].pk))
    record(
        kind=AuditKind.LIST,
        action="privacy.program_consents",
        actor=request.user,
        subject=program,
        after={
            "shown": sorted({str(c.participant.public_id) for c, _ in expiring + ended}),
        },
    )
    context = {
        "program": program,
        "days": WINDOW_DAYS,
        "expiring": expiring,
        "ended": ended,
        "today": today,
    }
    return render(request, "privacy/program_consents.html", context)
