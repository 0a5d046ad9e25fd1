"""EpisodeOfCare (one per enrollment episode carried) and Encounter (attendance): one per
signed contact with the participant and one per group session they were marked on.

Encounters carry dates, length, modality, setting and the MISSION-CJ components served —
never the text of a contact note, an addendum or an attendance note."""

from __future__ import annotations

import datetime as dt
from typing import Any

from missioncj.care.models import (
    COMPLETED,
    COMPONENT_CODES,
    COMPONENT_LABELS,
    Attendance,
    AttendanceStatus,
    Contact,
    Modality,
    WithWhom,
)
from missioncj.interop.fhir.common import Entry, concept, derived_id, identifier, instant, ref
from missioncj.participants.models import Episode, EpisodeStatus

EPISODE_STATUS: dict[str, str] = {
    EpisodeStatus.REFERRED: "waitlist",
    EpisodeStatus.SCREENING: "planned",
    EpisodeStatus.ENROLLED: "active",
    EpisodeStatus.DISCHARGED: "finished",
    EpisodeStatus.NOT_ENROLLED: "cancelled",
}
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CLASS: dict[str, tuple[str, str]] = {
    Modality.IN_PERSON: ("AMB", "ambulatory"),
    Modality.PHONE: ("VR", "virtual"),
    Modality.VIDEO: ("VR", "virtual"),
    Modality.TEXT: ("VR", "virtual"),
    Modality.OUTREACH_ATTEMPT: ("FLD", "field"),
}


def episode_of_care(episode: Episode) -> Entry:
    period: dict[str, str] = {"start": episode.referral_date.isoformat()}
    if episode.closed_date:
        period["end"] = episode.closed_date.isoformat()
    return Entry(
        episode.public_id,
        {
            "resourceType": "EpisodeOfCare",
            "identifier": identifier("episode", episode.public_id),
            "status": EPISODE_STATUS.get(episode.status, "active"),
            "type": [concept("program", str(episode.program.public_id), episode.program.name)],
            "patient": ref(episode.participant.public_id),
            "managingOrganization": {"display": episode.program.name},
            "period": period,
        },
    )


def _span(start: dt.datetime, minutes: int) -> dict[str, str]:
    return {"start": instant(start), "end": instant(start + dt.timedelta(minutes=minutes))}


def contact_encounter(contact: Contact) -> Entry:
    code, display = CLASS.get(contact.modality, ("AMB", "ambulatory"))
    components = [
        concept("component", COMPONENT_CODES[flag], label)
        for flag, label in COMPONENT_LABELS.items()
        if contact.components & flag
    ]
    resource: dict[str, Any] = {
        "resourceType": "Encounter",
        "identifier": identifier("contact", contact.public_id),
        # An outreach attempt that did not reach the person did not take place.
        "status": "cancelled" if contact.modality == Modality.OUTREACH_ATTEMPT else "finished",
        "class": {"system": ACT_CODE, "code": code, "display": display},
        "type": [
            concept("contact-modality", contact.modality, contact.get_modality_display()),
            concept("contact-with", contact.with_whom, WithWhom(contact.with_whom).label),
        ],
        "subject": ref(contact.participant.public_id),
        "episodeOfCare": [ref(contact.episode.public_id)],
        "period": _span(contact.occurred_at, contact.duration_minutes),
        "length": {
            "value": contact.duration_minutes,
            "unit": "min",
            "system": "http://unitsofmeasure.org",
            "code": "min",
        },
        "location": [{"location": {"display": contact.get_location_display()}}],
    }
    if components:
        resource["reasonCode"] = components
    return Entry(contact.public_id, resource)


def attendance_id(row: Attendance) -> Any:
    return derived_id("attendance", row.group_session.public_id, row.participant.public_id)


def group_encounter(row: Attendance) -> Entry:
    session = row.group_session
    public_id = attendance_id(row)
    label = f"{session.curriculum.name}, session {session.session_number}"
    return Entry(
        public_id,
        {
            "resourceType": "Encounter",
            "identifier": identifier("attendance", public_id),
            "status": "finished" if row.status in COMPLETED else "cancelled",
            "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
            "type": [
                concept("group-session", str(session.public_id), label),
                concept("attendance", row.status, AttendanceStatus(row.status).label),
            ],
            "subject": ref(row.participant.public_id),
            "episodeOfCare": [ref(row.episode.public_id)],
            "period": _span(session.occurred_at, session.duration_minutes),
        },
    )
