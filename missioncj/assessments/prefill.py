"""Answers a staff-completed interview can take from the record.

An item may name a `source` (e.g. "participant.age", "services.case_management",
"screen.phq9.total"). Each source is a function (participant, episode, as_of, since) → a value
or None, computed from the episode's own rows (the caller already reached the participant and
the episode through the read choke point). Counts cover local dates after `since` up to and
including `as_of`; `since` is the date of the previous completed administration of the same
instrument in the episode, or None (the whole episode) when there is none or when the item says
`"source_since": "episode"`. Nights, days and anything the record does not hold are left to staff.

`prefill()` keeps only values that are answers to their item: a text value goes through the
item's `source_map`, numbers are clamped to the item's range, anything else is left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Max

from missioncj.assessments import history, scoring
from missioncj.assessments.models import Administration, AdministrationStatus, InstrumentVersion
from missioncj.care.dose import has_component
from missioncj.care.models import COMPLETED, Attendance, Component, Contact, CurriculumKind
from missioncj.participants.models import (
    Episode,
    Ethnicity,
    Participant,
    Race,
    Sex,
    VeteranStatus,
)

Value = int | str | None
Source = Callable[[Participant, Episode, dt.date, dt.date | None], Value]

SOURCES: dict[str, Source] = {}


def source(name: str) -> Callable[[Source], Source]:
    def register(fn: Source) -> Source:
        SOURCES[name] = fn
        return fn

    return register


# --- the participant ----------------------------------------------------------------------------


@source("participant.age")
def _age(participant: Participant, episode: Episode, as_of: dt.date, since: dt.date | None) -> int:
    born = participant.date_of_birth
    return as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))


def _known(value: str, unknown: str) -> str | None:
    return None if not value or value == unknown else value


@source("participant.sex")
def _sex(
    participant: Participant, episode: Episode, as_of: dt.date, since: dt.date | None
) -> Value:
    return _known(participant.sex, Sex.UNKNOWN)


@source("participant.race")
def _race(
    participant: Participant, episode: Episode, as_of: dt.date, since: dt.date | None
) -> Value:
    return _known(participant.race, Race.UNKNOWN)


@source("participant.ethnicity")
def _ethnicity(
    participant: Participant, episode: Episode, as_of: dt.date, since: dt.date | None
) -> Value:
    return _known(participant.ethnicity, Ethnicity.UNKNOWN)


@source("participant.veteran")
def _veteran(
    participant: Participant, episode: Episode, as_of: dt.date, since: dt.date | None
) -> Value:
    return _known(participant.veteran_status, VeteranStatus.UNKNOWN)


# --- the episode --------------------------------------------------------------------------------


@source("episode.discharge_reason")
def _discharge_reason(
    participant: Participant, episode: Episode, as_of: dt.date, since: dt.date | None
) -> Value:
    return episode.discharge_reason or None


@source("episode.days_enrolled")
def _days_enrolled(
    participant: Participant, episode: Episode, as_of: dt.date, since: dt.date | None
) -> Value:
    if episode.enrolled_date is None:
        return None
    return ((episode.closed_date or as_of) - episode.enrolled_date).days


# --- services: signed contacts and group attendance ---------------------------------------------


def _bounds(episode: Episode, as_of: dt.date, since: dt.date | None) -> dict[str, dt.datetime]:
    """`__gte` / `__lt` bounds of local dates (since, as_of] in the program's zone."""
    zone = episode.program.zone
    bounds = {"lt": dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min, tzinfo=zone)}
    if since is not None:
        start = since + dt.timedelta(days=1)
        bounds["gte"] = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    return bounds


def _contacts(flag: Component) -> Source:
    def count(
        participant: Participant, episode: Episode, as_of: dt.date, since: dt.date | None
    ) -> int:
        # Drafts are not part of the record (and are visible only to their author).
        rows = Contact.objects.filter(episode=episode, signed_at__isnull=False)
        rows = rows.filter(has_component(flag))
        bounds = _bounds(episode, as_of, since)
        return rows.filter(**{f"occurred_at__{k}": v for k, v in bounds.items()}).count()

    return count


def _attended(kind: str) -> Source:
    def count(
        participant: Participant, episode: Episode, as_of: dt.date, since: dt.date | None
    ) -> int:
        rows = Attendance.objects.filter(
            episode=episode, status__in=COMPLETED, group_session__curriculum__kind=kind
        )
        bounds = _bounds(episode, as_of, since)
        return rows.filter(
            **{f"group_session__occurred_at__{k}": v for k, v in bounds.items()}
        ).count()

    return count


CONTACT_SOURCES = {
    "services.case_management": Component.CTI,
    "services.drt": Component.DRT,
    "services.peer": Component.PEER,
    "services.vocational": Component.VOCATIONAL,
    "services.trauma": Component.TRAUMA,
    "services.legal": Component.LEGAL,
    "services.linkage": Component.LINKAGE,
}
for _name, _flag in CONTACT_SOURCES.items():
    SOURCES[_name] = _contacts(_flag)
for _name, _kind in {
    "groups.drt": CurriculumKind.DRT,
    "groups.peer": CurriculumKind.PEER,
    "groups.prosocial": CurriculumKind.PROSOCIAL,
}.items():
    SOURCES[_name] = _attended(_kind)


# --- screens: the latest completed result in the episode ----------------------------------------


def _latest(code: str, episode: Episode, as_of: dt.date) -> Administration | None:
    rows = Administration.objects.filter(
        episode=episode,
        status=AdministrationStatus.COMPLETED,
        instrument_version__instrument__code=code,
        administered_on__lte=as_of,
    )
    series = history.effective(list(rows))
    return series[-1] if series else None


def _screen(code: str, field: str) -> Source:
    def latest(
        participant: Participant, episode: Episode, as_of: dt.date, since: dt.date | None
    ) -> Value:
        found = _latest(code, episode, as_of)
        if found is None:
            return None
        value: Value = getattr(found, field)
        return value if value != "" else None

    return latest


for _code in ("phq9", "gad7", "pcl5", "audit", "auditc", "dast10", "barc10"):
    SOURCES[f"screen.{_code}.total"] = _screen(_code, "total")
    SOURCES[f"screen.{_code}.band"] = _screen(_code, "band")
SOURCES["screen.cssrs.band"] = _screen("cssrs", "band")


# --- filling a form -----------------------------------------------------------------------------


def previous_on(version: InstrumentVersion, episode: Episode, as_of: dt.date) -> dt.date | None:
    """The date of the previous completed administration of this instrument in the episode."""
    found = Administration.objects.filter(
        episode=episode,
        status=AdministrationStatus.COMPLETED,
        instrument_version__instrument_id=version.instrument_id,
        administered_on__lt=as_of,
    ).aggregate(on=Max("administered_on"))["on"]
    return found if isinstance(found, dt.date) else None


def fit(item: dict[str, Any], raw: Value) -> int | None:
    """The source value as an answer to this item, or None when it is not one."""
    value: Any = raw
    mapping = item.get("source_map")
    if mapping is not None and value is not None:
        value = mapping.get(str(value))
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    if item.get("kind") == "number":
        value = max(item.get("min", 0), min(item.get("max", value), value))
    return value if scoring.answer_problem(item, value) is None else None


def prefill(
    version: InstrumentVersion, participant: Participant, episode: Episode, as_of: dt.date
) -> dict[str, int]:
    """{item id: value} for the items of this version that name a known source and whose value
    from the record is a valid answer."""
    items = [i for i in version.items if i.get("source") in SOURCES]
    if not items:
        return {}
    since_previous = previous_on(version, episode, as_of)
    values: dict[str, int] = {}
    for item in items:
        since = None if item.get("source_since") == "episode" else since_previous
        value = fit(item, SOURCES[item["source"]](participant, episode, as_of, since))
        if value is not None:
            values[item["id"]] = value
    return values


def preset(version: InstrumentVersion, query: Any) -> dict[str, int]:
    """Answers given in a link's query string (e.g. `?interview_type=2`), kept only when valid
    for the item."""
    values: dict[str, int] = {}
    for item in version.items:
        raw = (query.get(item["id"]) or "").strip()
        try:
            value = int(raw)
        except ValueError:
            continue
        if scoring.answer_problem(item, value) is None:
            values[item["id"]] = value
    return values
