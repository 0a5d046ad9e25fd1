"""Patient: the minimum that carries any granted category — the public id, the legal name,
date of birth and administrative gender. No address, telephone, court identifiers, race,
ethnicity or veteran status leave through this export. Its narrative is the 42 CFR 2.32
redisclosure notice, the text configured for the program's other disclosures."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape

from missioncj.interop.fhir.common import Entry, identifier
from missioncj.participants.models import Participant, Sex
from missioncj.privacy.wording import notice_text

XHTML = "http://www.w3.org/1999/xhtml"

GENDER: dict[str, str] = {
    Sex.FEMALE: "female",
    Sex.MALE: "male",
    Sex.INTERSEX: "other",
    Sex.UNKNOWN: "unknown",
}


def patient(participant: Participant) -> Entry:
    name: dict[str, Any] = {
        "use": "official",
        "family": participant.last_name,
        "given": [n for n in (participant.first_name, participant.middle_name) if n],
    }
    return Entry(
        participant.public_id,
        {
            "resourceType": "Patient",
            "text": {
                "status": "additional",
                "div": f'<div xmlns="{XHTML}"><p>{escape(notice_text())}</p></div>',
            },
            "identifier": identifier("participant", participant.public_id),
            "name": [name],
            "birthDate": participant.date_of_birth.isoformat(),
            "gender": GENDER.get(participant.sex, "unknown"),
        },
    )
