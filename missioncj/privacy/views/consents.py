"""Consent pages: a participant's consents (in force, ended, refused) with the state the
disclosure rule gives each one, recording a consent or a refusal of each kind, a consent's
detail (every 42 CFR 2.31 element, recipients, revocation, the disclosures that relied on it,
the signature) and revoking it. Every query starts from the episodes the user may see, so
anything else is a 404; reads are audited."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from missioncj.core.audit import record
from missioncj.core.forms import submit
from missioncj.core.models import AuditKind
from missioncj.participants.models import Participant
from missioncj.participants.policies import visible_participant
from missioncj.participants.services import record_read
from missioncj.privacy import policies
from missioncj.privacy.forms import ConsentForm, RevokeForm
from missioncj.privacy.models import Answer, Category, Consent, ConsentKind, Language
from missioncj.privacy.recipients import resolve
from missioncj.privacy.services.consents import record_consent, revocation_opens, revoke_consent
from missioncj.privacy.states import with_states

KIND_HELP = {
    ConsentKind.CRIMINAL_JUSTICE: "To the court team, tied to one court case, with an end date "
    "and the earliest day it may be revoked.",
    ConsentKind.TPO: "To treating providers, health plans, payers and program operations.",
    ConsentKind.SINGLE: "One disclosure to a named recipient; used up once made.",
    ConsentKind.COUNSELING_NOTES: "SUD counseling notes only, on a consent of their own.",
}


def consents_url(participant: Participant) -> str:
    return reverse("privacy:consents", args=[participant.public_id])


def consent_url(consent: Consent) -> str:
    return reverse(
        "privacy:consent_detail",
        kwargs={"public_id": consent.participant.public_id, "consent_id": consent.public_id},
    )


def grouped(rows: list[tuple[Consent, Any]]) -> dict[str, list[tuple[Consent, Any]]]:
    return {
        "active": [r for r in rows if r[1].in_force],
        "ended": [r for r in rows if not r[1].in_force and r[0].answer == Answer.GIVEN],
        "refused": [r for r in rows if r[0].answer == Answer.REFUSED],
    }


def kinds() -> list[dict[str, str]]:
    return [{"value": k.value, "label": k.label, "help": KIND_HELP[k]} for k in ConsentKind]


@login_required
@require_GET
def consents(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    rows = with_states(policies.visible_consents(request.user, participant))
    record_read(actor=request.user, participant=participant, what="privacy.consents.read")
    context = {"participant": participant, "kinds": kinds(), **grouped(rows)}
    return render(request, "privacy/consents/list.html", context)


@login_required
def consent_new(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episode = policies.consent_episode(request.user, participant)
    kind = request.POST.get("kind") or request.GET.get("kind") or ""
    if kind not in ConsentKind.values or episode is None:
        context = {"participant": participant, "kinds": kinds(), "episode": episode}
        return render(request, "privacy/consents/choose.html", context)
    timezone.activate(episode.program.zone)
    courts = policies.consent_courts(episode)
    initial = {
        "signed_at": timezone.localtime().replace(second=0, microsecond=0),
        "signer_name": participant.legal_name,
        "language": Language.SPANISH
        if participant.preferred_language.lower().startswith(("es", "spa"))
        else Language.ENGLISH,
    }
    form = ConsentForm(
        request.POST or None,
        request.FILES or None,
        kind=kind,
        courts=courts,
        seats=policies.seated_people(courts),
        cases=policies.consent_cases(request.user, participant),
        initial=initial,
    )

    def action(data: dict[str, Any]) -> Consent:
        recipients = resolve(data.get("recipients") or [], form.party_names(), courts)
        return record_consent(
            actor=request.user,
            participant=participant,
            episode=episode,
            recipients=recipients,
            **form.service_kwargs(),
        )

    response = submit(
        request,
        form,
        action,
        done=lambda c: "Refusal recorded." if c.answer == Answer.REFUSED else "Consent recorded.",
        then=consent_url,
    )
    if response is not None:
        return response
    context = {
        "participant": participant,
        "form": form,
        "kind": ConsentKind(kind),
        "kind_help": KIND_HELP[ConsentKind(kind)],
    }
    return render(
        request, "privacy/consents/form.html", context, status=422 if form.errors else 200
    )


def _read(request: HttpRequest, consent: Consent, action: str) -> None:
    record(
        kind=AuditKind.READ,
        action=action,
        actor=request.user,
        participant=consent.participant,
        subject=consent,
    )


@login_required
@require_GET
def consent_detail(request: HttpRequest, public_id: UUID, consent_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    consent = policies.consent_or_404(request.user, participant, consent_id)
    [(consent, state)] = with_states(Consent.objects.filter(pk=consent.pk))
    timezone.activate(consent.episode.program.zone)
    _read(request, consent, "privacy.consent.read")
    context = {
        "participant": participant,
        "consent": consent,
        "state": state,
        "recipients": list(consent.recipients.all()),
        "categories": [Category(v).label for v in consent.categories if v in Category.values],
        "revocation": getattr(consent, "revocation", None),
        "disclosures": list(consent.disclosures.select_related("actor").order_by("-occurred_at")),
        "opens": revocation_opens(consent),
        "has_scan": consent.signature_scan is not None,
    }
    return render(request, "privacy/consents/detail.html", context)


@login_required
@require_GET
def consent_scan(request: HttpRequest, public_id: UUID, consent_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    consent = policies.consent_or_404(request.user, participant, consent_id)
    if consent.signature_scan is None:
        raise Http404("No scan")
    _read(request, consent, "privacy.consent.scan")
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        consent.signature_scan_type, "bin"
    )
    response = HttpResponse(bytes(consent.signature_scan), content_type=consent.signature_scan_type)
    response["Content-Disposition"] = (
        f'attachment; filename="consent-{consent.public_id}.{extension}"'
    )
    return response


@login_required
def consent_revoke(request: HttpRequest, public_id: UUID, consent_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    consent = policies.consent_or_404(request.user, participant, consent_id)
    timezone.activate(consent.episode.program.zone)
    form = RevokeForm(request.POST or None)

    def action(data: dict[str, Any]) -> Any:
        return revoke_consent(
            actor=request.user, consent=consent, how=data["how"], revoked_at=data["revoked_at"]
        )

    response = submit(request, form, action, done="Consent revoked.", then=consent_url(consent))
    if response is not None:
        return response
    context = {
        "participant": participant,
        "consent": consent,
        "form": form,
        "opens": revocation_opens(consent),
    }
    return render(
        request, "privacy/consents/revoke.html", context, status=422 if form.errors else 200
    )
