"""Reading a finder question from a query string (the page's form and the API take the same
parameters, and get the same messages for bad values)."""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from missioncj.linkage.finder_time import QUICK, Window, day_window, quick_window
from missioncj.linkage.meeting_fields import check_zone, parse_time
from missioncj.linkage.models import Fellowship, ServiceCategory
from missioncj.participants.models import Participant

EARTH_MILES = 3958.8
MAX_MILES = 500
KINDS = ("all", "meetings", "services")
FORMATS = ("any", "in_person", "online")
# Language → (Meeting Guide type code, the words that name it in a service's languages).
LANGUAGES: dict[str, tuple[str, frozenset[str]]] = {
    "english": ("EN", frozenset({"english", "en", "eng"})),
    "spanish": ("S", frozenset({"spanish", "es", "spa", "español", "espanol"})),
    "french": ("FR", frozenset({"french", "fr", "fra", "fre"})),
    "portuguese": ("POR", frozenset({"portuguese", "pt", "por"})),
    "russian": ("RUS", frozenset({"russian", "ru", "rus"})),
    "polish": ("POL", frozenset({"polish", "pl", "pol"})),
    "asl": ("ASL", frozenset({"asl", "american sign language", "sign language"})),
}


@dataclass
class FinderQuery:
    zone: zoneinfo.ZoneInfo
    kind: str = "all"
    fellowship: str = ""
    category: str = ""
    when: str = ""
    window: Window | None = None
    point: tuple[float, float] | None = None
    point_label: str = ""
    miles: float | None = None
    language: str = ""
    wheelchair: bool = False
    free: bool = False
    format: str = "any"
    participant: Participant | None = None
    echo: dict[str, str] = field(default_factory=dict)  # the parameters as given

    @property
    def wants_meetings(self) -> bool:
        if self.kind != "all":
            return self.kind == "meetings"
        return not (self.category and not self.fellowship)

    @property
    def wants_services(self) -> bool:
        if self.kind != "all":
            return self.kind == "services"
        return not (self.fellowship and not self.category)


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) in miles."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_MILES * math.asin(min(1.0, math.sqrt(h)))


def _flag(value: str) -> bool:
    return value.lower() in {"1", "true", "yes", "on"}


def _number(value: str, low: float, high: float, word: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"“{value[:20]}” is not a number.") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"The {word} is between {low:g} and {high:g}.")
    return number


def _window(p: Mapping[str, str], zone: zoneinfo.ZoneInfo, now: dt.datetime) -> Window | None:
    when = p.get("when", "")
    if when in QUICK:
        return quick_window(when, now=now, zone=zone)
    if when not in ("", "day"):
        raise ValidationError({"when": f"Choose one of: {', '.join(QUICK)}, or a day."})
    day, start, end = p.get("day", ""), p.get("from", ""), p.get("to", "")
    if day == "" and not (start or end):
        return None
    if day == "":
        weekday = now.astimezone(zone).weekday()
    elif day.isdigit() and int(day) <= 6:
        weekday = int(day)
    else:
        raise ValidationError({"day": "The day is 0 (Monday) to 6 (Sunday)."})
    times: dict[str, dt.time | None] = {}
    for key, value in (("from", start), ("to", end)):
        try:
            times[key] = parse_time(value) if value else None
        except ValueError as exc:
            raise ValidationError({key: str(exc)}) from None
    return day_window(weekday, start=times["from"], end=times["to"], now=now, zone=zone)


def postal_point(program: Any, postal_code: str) -> tuple[float, float] | None:
    """The middle of the places we know in this ZIP code (meetings and directory locations of
    the program): the finder's offline stand-in for geocoding an address."""
    from missioncj.linkage.models import Location, Meeting

    code = (postal_code or "").strip()[:5]
    if not code:
        return None
    points: list[tuple[Decimal, Decimal]] = []
    for model in (Meeting, Location):
        rows = model.objects.filter(
            source__program=program, postal_code__startswith=code, latitude__isnull=False
        ).values_list("latitude", "longitude")
        points += [(lat, lon) for lat, lon in rows if lat is not None and lon is not None]
    if not points:
        return None
    return (
        float(sum(p[0] for p in points)) / len(points),
        float(sum(p[1] for p in points)) / len(points),
    )


def _participant_point(q: FinderQuery, p: Mapping[str, str], user: Any, program: Any) -> None:
    from missioncj.core.audit import record
    from missioncj.core.models import AuditKind

    try:
        person = (
            Participant.objects.visible_to(user)
            .filter(public_id=p["participant"], episodes__program=program)
            .distinct()
            .first()
        )
    except (ValidationError, ValueError):
        person = None
    if person is None:
        raise ValidationError(
            {"participant": "No one in your caseload in this program has that id."}
        )
    q.participant = person
    if q.point is not None:
        return
    address = person.addresses.filter(is_current=True).order_by("-created_at", "-pk").first()
    point = postal_point(program, address.postal_code) if address else None
    if point is None:
        raise ValidationError(
            {
                "participant": f"{person.display_name}'s current address has no ZIP code we have "
                "places for; give a latitude and longitude instead."
            }
        )
    q.point = point
    q.point_label = f"near {person.display_name}'s ZIP code {address.postal_code[:5]} (approximate)"  # type: ignore[union-attr]
    record(
        kind=AuditKind.READ,
        action="finder.participant_address",
        actor=user,
        participant=person,
        subject=person,
    )


def _where(q: FinderQuery, p: Mapping[str, str], user: Any, program: Any) -> None:
    lat, lon = p.get("lat", ""), p.get("lon", "")
    if lat or lon:
        if not (lat and lon):
            raise ValidationError({"lat": "Give both latitude and longitude, or neither."})
        try:
            q.point = (_number(lat, -90, 90, "latitude"), _number(lon, -180, 180, "longitude"))
        except ValueError as exc:
            raise ValidationError({"lat" if "latitude" in str(exc) else "lon": str(exc)}) from None
        q.point_label = f"near {q.point[0]:.4f}, {q.point[1]:.4f}"
    if p.get("participant"):
        _participant_point(q, p, user, program)
    if p.get("miles"):
        try:
            q.miles = _number(p["miles"], 0.1, MAX_MILES, "distance in miles")
        except ValueError as exc:
            raise ValidationError({"miles": str(exc)}) from None
        if q.point is None:
            raise ValidationError(
                {
                    "miles": "A distance needs a starting point: a participant, or a latitude "
                    "and longitude."
                }
            )


def parse_query(
    params: Mapping[str, Any], *, program: Any, user: Any, now: dt.datetime
) -> FinderQuery:
    p = {k: str(v).strip() for k, v in params.items() if v not in (None, "")}
    try:
        zone = zoneinfo.ZoneInfo(check_zone(p.get("tz") or program.time_zone))
    except ValueError as exc:
        raise ValidationError({"tz": str(exc)}) from None
    q = FinderQuery(zone=zone, echo=p)
    q.kind = p.get("kind", "all")
    if q.kind not in KINDS:
        raise ValidationError({"kind": "Choose meetings, services or all."})
    q.fellowship = p.get("fellowship", "")
    if q.fellowship and q.fellowship not in Fellowship.values:
        raise ValidationError({"fellowship": "Choose a fellowship from the list."})
    q.category = p.get("category", "")
    if q.category and q.category not in ServiceCategory.values:
        raise ValidationError({"category": "Choose a kind of service from the list."})
    q.when = p.get("when", "")
    q.window = _window(p, zone, now)
    _where(q, p, user, program)
    q.language = p.get("language", "").lower()
    if q.language and q.language not in LANGUAGES:
        known = {word: name for name, (_, words) in LANGUAGES.items() for word in words}
        if q.language not in known:
            raise ValidationError({"language": f"Choose one of: {', '.join(LANGUAGES)}."})
        q.language = known[q.language]
    q.wheelchair = _flag(p.get("wheelchair", ""))
    q.free = _flag(p.get("free", ""))
    q.format = p.get("format", "any")
    if q.format not in FORMATS:
        raise ValidationError({"format": "Choose in person, online or any."})
    return q
