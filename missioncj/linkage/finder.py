"""The finder: one search over a program's mutual-help meetings and directory services, by
fellowship / category, day and time, distance, language, accessibility, cost and format.

Results are sorted by when they start (in the searcher's zone) and then by distance. Without a
time filter, "when" is the next time a meeting happens (or a service is open) from now."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from missioncj.linkage.finder_query import LANGUAGES, FinderQuery, miles_between
from missioncj.linkage.finder_time import (
    Window,
    next_occurrence,
    occurrence_in,
    open_during,
)
from missioncj.linkage.meeting_fields import WEEKDAYS
from missioncj.linkage.models import (
    Location,
    Meeting,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCategory,
    ServiceStatus,
)

MAX_RESULTS = 200
SPANISH, WHEELCHAIR = "S", "X"
LANGUAGE_CODES = {code for code, _ in LANGUAGES.values()}


@dataclass
class Result:
    kind: str  # "meeting" or "service"
    id: str
    name: str
    detail: str  # fellowship, or the organization
    starts_at: dt.datetime | None  # UTC
    ends_at: dt.datetime | None
    own_zone: str
    own_time: str  # "3:30 PM America/Los_Angeles" when the zone differs from the searcher's
    place: str
    latitude: float | None
    longitude: float | None
    miles: float | None = None
    online: bool = False
    link: str = ""
    phone: str = ""
    wheelchair: bool = False
    languages: list[str] = field(default_factory=list)
    free: bool | None = None
    types: list[str] = field(default_factory=list)
    weekday: int | None = None
    start_time: dt.time | None = None

    def local(self, zone: zoneinfo.ZoneInfo) -> str:
        if self.starts_at is None:
            return "Hours not listed"
        moment = self.starts_at.astimezone(zone)
        hour = moment.hour % 12 or 12
        half = "AM" if moment.hour < 12 else "PM"
        return f"{moment:%a} {moment.day} {moment:%b}, {hour}:{moment.minute:02d} {half}"

    @property
    def miles_text(self) -> str:
        return "" if self.miles is None else f"{self.miles:.1f} mi"


def _hm(time: dt.time) -> str:
    return f"{time.hour % 12 or 12}:{time.minute:02d} {'AM' if time.hour < 12 else 'PM'}"


def _meeting_languages(types: list[str]) -> list[str]:
    names = {code: name for name, (code, _) in LANGUAGES.items()}
    found = [names[t].capitalize() for t in types if t in names and t != "EN"]
    return found or ["English"]


def _meeting_result(m: Meeting, when: dt.datetime | None, q: FinderQuery) -> Result:
    zone = zoneinfo.ZoneInfo(m.time_zone)
    place = ", ".join(p for p in (m.location_name, m.address, m.city) if p)
    own = ""
    if m.time_zone != str(q.zone):
        own = f"{WEEKDAYS[m.weekday]} {_hm(m.start_time)} {m.time_zone}"
    end = None
    if when is not None and m.end_time is not None:
        local = when.astimezone(zone)
        end_day = local.date() + dt.timedelta(days=1 if m.end_time < m.start_time else 0)
        end = dt.datetime.combine(end_day, m.end_time, tzinfo=zone).astimezone(dt.UTC)
    return Result(
        kind="meeting",
        id=str(m.public_id),
        name=m.name,
        detail=m.get_fellowship_display(),
        starts_at=when,
        ends_at=end,
        own_zone=m.time_zone,
        own_time=own,
        place=place,
        latitude=float(m.latitude) if m.latitude is not None else None,
        longitude=float(m.longitude) if m.longitude is not None else None,
        online=m.online,
        link=m.conference_url,
        phone=m.conference_phone,
        wheelchair=WHEELCHAIR in m.types,
        languages=_meeting_languages(m.types),
        free=True,  # mutual-help meetings charge nothing (a basket is passed, giving is optional)
        types=list(m.types),
        weekday=m.weekday,
        start_time=m.start_time,
    )


def _meeting_passes(m: Meeting, q: FinderQuery) -> bool:
    if q.fellowship and m.fellowship != q.fellowship:
        return False
    if q.language:
        code = LANGUAGES[q.language][0]
        others = LANGUAGE_CODES - {"EN"}
        if code == "EN":
            if not ("EN" in m.types or not others & set(m.types)):
                return False
        elif code not in m.types:
            return False
    if q.wheelchair and WHEELCHAIR not in m.types:
        return False
    if q.format == "online" and not m.online:
        return False
    return not (q.format == "in_person" and m.latitude is None and not m.address)


def meetings(program: Any, q: FinderQuery, now: dt.datetime) -> list[Result]:
    rows = Meeting.objects.filter(source__program=program, active=True).order_by("pk")
    out = []
    for m in rows:
        if not _meeting_passes(m, q):
            continue
        zone = zoneinfo.ZoneInfo(m.time_zone)
        if q.window is not None:
            when = occurrence_in(m.weekday, m.start_time, zone, q.window)
            if when is None:
                continue
        else:
            when = next_occurrence(m.weekday, m.start_time, zone, now)
        out.append(_meeting_result(m, when, q))
    return out


def _service_hours(
    schedules: list[Schedule], default_zone: str, window: Window
) -> dt.datetime | None:
    found = []
    for s in schedules:
        zone = zoneinfo.ZoneInfo(s.time_zone or default_zone)
        moment = open_during(s.weekday, s.opens_at, s.closes_at, zone, window)
        if moment is not None:
            found.append(moment)
    return min(found) if found else None


def _service_rows(program: Any) -> list[Service]:
    return list(
        Service.objects.filter(source__program=program, status=ServiceStatus.ACTIVE)
        .select_related("organization")
        .prefetch_related(
            "schedules",
            Prefetch(
                "at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                    "schedules"
                ),
            ),
        )
        .order_by("pk")
    )


def _service_passes(s: Service, q: FinderQuery) -> bool:
    if q.category and q.category not in (s.categories or []):
        return False
    if q.free and s.free is not True:
        return False
    if q.language:
        words = LANGUAGES[q.language][1]
        if not {str(lang).strip().lower() for lang in s.languages or []} & words:
            return False
    return q.format != "online"  # directory services are places (online services: not yet)


def _accessible(location: Location | None) -> bool:
    return location is not None and any(
        "wheelchair" in str(a).lower() for a in location.accessibility or []
    )


def services(program: Any, q: FinderQuery, now: dt.datetime) -> list[Result]:
    out = []
    zone_name = program.time_zone
    window = q.window or Window(now, now + dt.timedelta(days=8), "")
    for s in _service_rows(program):
        if not _service_passes(s, q):
            continue
        places: list[tuple[Location | None, list[Schedule]]] = [
            (sal.location, list(sal.schedules.all()) + list(s.schedules.all()))
            for sal in s.at_locations.all()
        ] or [(None, list(s.schedules.all()))]
        for location, schedules in places:
            if q.wheelchair and not _accessible(location):
                continue
            when = _service_hours(schedules, zone_name, window)
            if when is None and q.window is not None:
                continue
            labels = [str(c) for c in s.categories or [] if c in ServiceCategory.values]
            out.append(
                Result(
                    kind="service",
                    id=str(s.public_id),
                    name=s.name,
                    detail=s.organization.name
                    + (f" · {ServiceCategory(labels[0]).label}" if labels else ""),
                    starts_at=when,
                    ends_at=None,
                    own_zone=zone_name,
                    own_time="",
                    place=", ".join(
                        p for p in (location.name, location.address_1, location.city) if p
                    )
                    if location
                    else "",
                    latitude=float(location.latitude)
                    if location and location.latitude is not None
                    else None,
                    longitude=float(location.longitude)
                    if location and location.longitude is not None
                    else None,
                    link=s.url,
                    wheelchair=_accessible(location),
                    languages=[str(x) for x in s.languages or []],
                    free=s.free,
                )
            )
    return out


def _near_enough(r: Result, q: FinderQuery) -> bool:
    if q.point is not None and r.latitude is not None and r.longitude is not None:
        r.miles = miles_between(q.point, (r.latitude, r.longitude))
    if q.miles is None:
        return True
    if r.miles is not None and r.miles <= q.miles:
        return True
    # Online meetings are as near as the phone in your hand, unless asked for in person only.
    return r.online and q.format != "in_person"


def search(program: Any, q: FinderQuery, now: dt.datetime) -> list[Result]:
    found: list[Result] = []
    if q.wants_meetings:
        found += meetings(program, q, now)
    if q.wants_services:
        found += services(program, q, now)
    found = [r for r in found if _near_enough(r, q)]
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    found.sort(
        key=lambda r: (
            r.starts_at or far,
            r.miles if r.miles is not None else float("inf"),
            r.name.lower(),
        )
    )
    return found[:MAX_RESULTS]


def find_result(program: Any, kind: str, public_id: Any, now: dt.datetime) -> Result | None:
    """One result by kind and id (for sending or printing it), with its next time from now."""
    from missioncj.linkage.finder_query import FinderQuery as Query

    q = Query(zone=program.zone)
    if kind == "meeting":
        meeting = Meeting.objects.filter(
            source__program=program, active=True, public_id=public_id
        ).first()
        if meeting is None:
            return None
        zone = zoneinfo.ZoneInfo(meeting.time_zone)
        return _meeting_result(
            meeting, next_occurrence(meeting.weekday, meeting.start_time, zone, now), q
        )
    if kind == "service":
        rows = [r for r in services(program, q, now) if r.id == str(public_id)]
        return rows[0] if rows else None
    return None
