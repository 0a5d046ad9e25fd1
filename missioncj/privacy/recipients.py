"""Recipients as pages and the API name them, turned into the service's `RecipientInput`.

A token is `team:<court id>`, `seat:<court id>:<seat>`, `person:<username>` or
`provider_class`; outside parties are given by name. Ids are the courts' public ids. A token
that names nothing the participant's program has is refused with a message on `recipients`."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from missioncj.court.models import Court, CourtSeat, Seat
from missioncj.privacy.models import RecipientKind
from missioncj.privacy.services.consents import RecipientInput

PROVIDER_CLASS = "provider_class"


def choices(
    courts: QuerySet[Court], seats: QuerySet[CourtSeat], kind: str
) -> list[tuple[str, str]]:
    """Checkbox choices for a consent of `kind` (the service refuses what does not fit)."""
    out: list[tuple[str, str]] = []
    if kind == "tpo":
        out.append(
            (
                PROVIDER_CLASS,
                "My treating providers, health plans, third-party payers, and people helping "
                "to operate this program",
            )
        )
    for court in courts:
        out.append((f"team:{court.public_id}", f"The whole {court.name} team"))
        out += [
            (f"seat:{court.public_id}:{seat.value}", f"{seat.label}, {court.name}") for seat in Seat
        ]
    out += [
        (f"person:{s.user.username}", f"{s.user} — {s.get_seat_display()}, {s.court.name}")
        for s in seats
    ]
    return list(dict.fromkeys(out))


def resolve(
    tokens: Iterable[str], parties: Iterable[str], courts: QuerySet[Court]
) -> list[RecipientInput]:
    """RecipientInputs for tokens and outside-party names; unknown tokens are refused."""
    by_id = {str(c.public_id): c for c in courts}
    out: list[RecipientInput] = []
    for token in tokens:
        head, _, rest = token.partition(":")
        if token == PROVIDER_CLASS:
            out.append(RecipientInput(kind=RecipientKind.PROVIDER_CLASS))
        elif head == "team" and _court(rest, by_id) is not None:
            out.append(RecipientInput(kind=RecipientKind.COURT_TEAM, court=_court(rest, by_id)))
        elif head == "seat" and _court(rest.partition(":")[0], by_id) is not None:
            court_id, _, seat = rest.partition(":")
            out.append(RecipientInput(kind=RecipientKind.SEAT, court=by_id[court_id], seat=seat))
        elif head == "person" and rest:
            seat_row = (
                CourtSeat.objects.filter(court__in=courts, active=True, user__username=rest)
                .select_related("user")
                .first()
            )
            if seat_row is None:
                raise ValidationError(
                    {"recipients": f"{rest} holds no seat at this program's courts."}
                )
            out.append(RecipientInput(kind=RecipientKind.PERSON, user=seat_row.user))
        else:
            raise ValidationError({"recipients": f"Unknown recipient: {token}."})
    out += [
        RecipientInput(kind=RecipientKind.PARTY, name=name.strip())
        for name in parties
        if name.strip()
    ]
    return out


def _court(value: str, by_id: dict[str, Court]) -> Court | None:
    try:
        return by_id.get(str(UUID(value)))
    except ValueError:
        return None
