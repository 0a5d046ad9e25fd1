"""Patient: the minimum that carries any granted category — the public id, the legal name,
date of birth and administrative gender. No address, telephone, court identifiers, race,
ethnicity or veteran status leave through this export."""

from __future__ import annotations

from typing import Any

from missioncj.interop.fhir.common import Entry, identifier
from missioncj.participants.models import Participant, Sex

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
            "identifier": identifier("participant", participant.public_id),
            "name": [name],
            "birthDate": participant.date_of_birth.isoformat(),
            "gender": GENDER.get(participant.sex, "unknown"),
        },
    )
