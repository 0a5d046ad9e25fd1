"""Printable consent forms in English and Spanish: a blank form of each kind for the
participant to sign on paper (`?lang=es`), and the filled form of a recorded consent. Every
42 CFR 2.31 element is on the page, with the statements the kind needs (FORM_STATEMENTS)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.participants.models import Participant
from missioncj.participants.policies import visible_participant
from missioncj.participants.services import record_read
from missioncj.privacy import policies
from missioncj.privacy.forms import category_choices
from missioncj.privacy.models import Answer, Consent, ConsentKind, Language
from missioncj.privacy.wording import (
    CATEGORY_DESCRIPTIONS,
    EXPIRY_WORDS,
    FORM_LABELS,
    FORM_STATEMENTS,
    KIND_TITLES,
    PURPOSE_WORDS,
    form_statements,
)


def _lang(request: HttpRequest, default: str) -> str:
    lang = request.GET.get("lang") or default
    return lang if lang in Language.values else default


def _words(kind: str, lang: str) -> dict[str, Any]:
    return {
        "lang": lang,
        "kind": kind,
        "title": FORM_STATEMENTS[lang]["title"],
        "kind_title": KIND_TITLES[lang][kind],
        "labels": FORM_LABELS[lang],
        "statements": FORM_STATEMENTS[lang],
        "is_cj": kind == ConsentKind.CRIMINAL_JUSTICE,
        "other_lang": Language.SPANISH if lang == Language.ENGLISH else Language.ENGLISH,
    }


def _extra_statements(kind: str, lang: str) -> list[str]:
    """The statements besides the intro and the right to revoke (shown in their own places)."""
    return form_statements(kind, lang)[2:]


@login_required
@require_GET
def blank_form(request: HttpRequest, public_id: UUID, kind: str) -> HttpResponse:
    participant = visible_participant(request, public_id)
    if kind not in ConsentKind.values:
        raise Http404("No such kind of consent")
    lang = _lang(request, Language.ENGLISH)
    episode = policies.consent_episode(request.user, participant)
    record_read(actor=request.user, participant=participant, what="privacy.consent_form.print")
    categories = [
        {"value": v, "label": CATEGORY_DESCRIPTIONS[lang][v]} for v, _ in category_choices(kind)
    ]
    context = {
        **_words(kind, lang),
        "participant": participant,
        "discloser": episode.program.name if episode else "",
        "revoke_text": FORM_STATEMENTS[lang][
            "revoke_cj" if kind == "criminal_justice" else "revoke_any_time"
        ],
        "extra": _extra_statements(kind, lang),
        "categories": categories,
        "purpose": PURPOSE_WORDS[lang].get(
            {"criminal_justice": "court_monitoring", "tpo": "tpo"}.get(kind, ""), ""
        ),
        "expiry_events": [EXPIRY_WORDS[lang][k] for k in _events(kind)],
        "blank": True,
    }
    return render(request, "privacy/consents/print.html", context)


def _events(kind: str) -> list[str]:
    if kind == ConsentKind.CRIMINAL_JUSTICE:
        return ["case_disposition"]
    if kind == ConsentKind.TPO:
        return ["end_of_treatment", "none"]
    return ["end_of_treatment"]


def _participant_of(
    request: HttpRequest, public_id: UUID, consent_id: UUID
) -> tuple[Participant, Consent]:
    participant = visible_participant(request, public_id)
    return participant, policies.consent_or_404(request.user, participant, consent_id)


@login_required
@require_GET
def filled_form(request: HttpRequest, public_id: UUID, consent_id: UUID) -> HttpResponse:
    participant, consent = _participant_of(request, public_id, consent_id)
    lang = _lang(request, consent.language)
    timezone.activate(consent.episode.program.zone)
    record(
        kind=AuditKind.READ,
        action="privacy.consent.print",
        actor=request.user,
        participant=participant,
        subject=consent,
    )
    categories = [
        {"value": v, "label": CATEGORY_DESCRIPTIONS[lang].get(v, v)} for v in consent.categories
    ]
    purpose = PURPOSE_WORDS[lang].get(consent.purpose, "")
    context = {
        **_words(consent.kind, lang),
        "participant": participant,
        "consent": consent,
        "discloser": consent.discloser,
        "revoke_text": consent.revocation_terms
        if lang == consent.language
        else FORM_STATEMENTS[lang][
            "revoke_cj" if consent.kind == "criminal_justice" else "revoke_any_time"
        ],
        "extra": _extra_statements(consent.kind, lang),
        "categories": categories,
        "recipients": [r.name for r in consent.recipients.all()],
        "purpose": " ".join(p for p in (purpose, consent.purpose_detail) if p),
        "expiry_events": [EXPIRY_WORDS[lang][consent.expiry_event]] if consent.expiry_event else [],
        "refused": consent.answer == Answer.REFUSED,
        "blank": False,
    }
    return render(request, "privacy/consents/print.html", context)
