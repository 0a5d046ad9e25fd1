"""Privacy: one module per aggregate; everything is importable from `missioncj.privacy.models`."""

from missioncj.privacy.models.consents import (
    Answer,
    Category,
    Consent,
    ConsentKind,
    ConsentRecipient,
    ConsentRevocation,
    ExpiryEvent,
    Language,
    Purpose,
    RecipientKind,
    SignatureKind,
)
from missioncj.privacy.models.disclosures import Channel, Disclosure, Notice

__all__ = [
    "Answer",
    "Category",
    "Channel",
    "Consent",
    "ConsentKind",
    "ConsentRecipient",
    "ConsentRevocation",
    "Disclosure",
    "ExpiryEvent",
    "Language",
    "Notice",
    "Purpose",
    "RecipientKind",
    "SignatureKind",
]
