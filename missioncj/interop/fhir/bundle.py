"""What goes into the export for one participant, by the categories the decision granted, and
the `collection` Bundle that carries it.

    Category granted      resources
    attendance            Encounter (signed contacts, group attendance)
    assessments           Observation (scores), QuestionnaireResponse (item answers)
    plan                  CarePlan, Goal, ServiceRequest and Task (referrals)
    any of them           Patient, EpisodeOfCare, and the Consent(s) relied on

Clinical notes and SUD counseling notes are never asked for and never built. Every entry's
fullUrl is `urn:uuid:<public id>` and every reference points at one of them; the Bundle is
validated whole by the R4B model before it is serialised."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from missioncj.assessments.history import effective
from missioncj.assessments.models import Administration, AdministrationStatus
from missioncj.care.models import Attendance, Contact, TreatmentPlan
from missioncj.interop.fhir.common import Entry, instant
from missioncj.interop.fhir.consent import consent_entry
from missioncj.interop.fhir.episode import contact_encounter, episode_of_care, group_encounter
from missioncj.interop.fhir.observations import observation_entries
from missioncj.interop.fhir.patient import patient
from missioncj.interop.fhir.plan import plan_entries
from missioncj.interop.fhir.questionnaire import questionnaire_response
from missioncj.interop.fhir.referrals import referral_entries
from missioncj.linkage.models import Referral
from missioncj.participants.models import Episode, Participant
from missioncj.privacy.models import Category, Consent

EXPORT_CATEGORIES = (Category.ATTENDANCE.value, Category.ASSESSMENTS.value, Category.PLAN.value)
RESOURCE_CATEGORY = {
    "Encounter": Category.ATTENDANCE.value,
    "Observation": Category.ASSESSMENTS.value,
    "QuestionnaireResponse": Category.ASSESSMENTS.value,
    "CarePlan": Category.PLAN.value,
    "Goal": Category.PLAN.value,
    "ServiceRequest": Category.PLAN.value,
    "Task": Category.PLAN.value,
}
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
SECURITY = [
    {"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R"},
    {"system": ACT_CODE, "code": "42CFRPart2"},
    {"system": ACT_CODE, "code": "NORDSCLCD"},
]


def _attendance(episodes: Sequence[Episode]) -> list[Entry]:
    contacts = (
        Contact.objects.filter(episode__in=episodes, signed_at__isnull=False)
        .select_related("participant", "episode")
        .order_by("occurred_at", "pk")
    )
    groups = (
        Attendance.objects.filter(episode__in=episodes)
        .select_related("group_session__curriculum", "participant", "episode")
        .order_by("group_session__occurred_at", "pk")
    )
    return [*(contact_encounter(c) for c in contacts), *(group_encounter(a) for a in groups)]


def _assessments(episodes: Sequence[Episode]) -> list[Entry]:
    completed = list(
        Administration.objects.filter(
            episode__in=episodes, status=AdministrationStatus.COMPLETED
        ).select_related("instrument_version__instrument", "participant")
    )
    out: list[Entry] = []
    for administration in effective(completed):
        out.append(questionnaire_response(administration))
        if administration.total is not None:
            out.extend(observation_entries(administration))
    return out


def _plans(episodes: Sequence[Episode]) -> list[Entry]:
    plans = {
        p.episode_id: p
        for p in TreatmentPlan.objects.filter(episode__in=episodes).select_related(
            "episode__participant", "episode__program"
        )
    }
    out = [e for plan in plans.values() for e in plan_entries(plan)]
    referrals = (
        Referral.objects.filter(episode__in=episodes)
        .select_related("service", "participant")
        .prefetch_related("steps")
        .order_by("referred_on", "pk")
    )
    for referral in referrals:
        plan = plans.get(referral.episode_id)
        out.extend(referral_entries(referral, plan.public_id if plan else None))
    return out


BUILDERS = {
    Category.ATTENDANCE.value: _attendance,
    Category.ASSESSMENTS.value: _assessments,
    Category.PLAN.value: _plans,
}


def participant_entries(
    participant: Participant,
    episodes: Sequence[Episode],
    granted: Iterable[str],
    consent_ids: Iterable[int],
) -> list[Entry]:
    """The participant's resources for the granted categories (none granted: nothing)."""
    granted = [c for c in EXPORT_CATEGORIES if c in set(granted)]
    if not granted:
        return []
    entries = [patient(participant), *(episode_of_care(e) for e in episodes)]
    for category in granted:
        entries.extend(BUILDERS[category](episodes))
    consents = (
        Consent.objects.filter(pk__in=list(consent_ids), participant=participant)
        .select_related("participant", "revocation")
        .prefetch_related("recipients")
        .order_by("signed_at", "pk")
    )
    entries.extend(consent_entry(c) for c in consents)
    return entries


def references(value: Any) -> list[str]:
    """Every `reference` string anywhere inside a resource."""
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return found + [r for v in value.values() for r in references(v)]
    if isinstance(value, list):
        return [r for v in value for r in references(v)]
    return []


def bundle_bytes(entries: Sequence[Entry]) -> bytes:
    """A `collection` Bundle of `entries`, validated whole; every reference must resolve."""
    urls = {e.full_url for e in entries}
    dangling = {r for e in entries for r in references(e.resource)} - urls
    if dangling:
        raise ValueError(f"References outside the bundle: {sorted(dangling)}")
    data = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"security": SECURITY},
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{uuid.uuid4()}"},
        "type": "collection",
        "timestamp": instant(timezone.now()),
        "entry": [{"fullUrl": e.full_url, "resource": e.resource} for e in entries],
    }
    return Bundle.model_validate(data).model_dump_json(exclude_none=True).encode()
