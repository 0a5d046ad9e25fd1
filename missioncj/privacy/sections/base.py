"""The shapes every section shares (Section, Table, Scope), the order of categories, and the
period and episode a packet or partner page covers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from missioncj.court.models import (
    Appearance,
    Court,
    CourtCase,
    DocketEntry,
    HearingKind,
    HearingStatus,
)
from missioncj.participants.models import OPEN_STATUSES, Episode, Participant
from missioncj.privacy.models import Category

SECTION_ORDER = (
    Category.PHASE,
    Category.ATTENDANCE,
    Category.DRUG_TESTS,
    Category.RESPONSES,
    Category.ASSESSMENTS,
    Category.PLAN,
    Category.DIAGNOSES,
)
# The categories a section can carry; clinical and counseling notes never do.
SECTION_CATEGORIES = frozenset(c.value for c in SECTION_ORDER)
COURT_KINDS = [k for k in HearingKind.values if k != HearingKind.STAFFING]
APPEARED = {Appearance.APPEARED, Appearance.REMOTE}


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]


@dataclass
class Section:
    category: str
    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    empty: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "title": self.title,
            "facts": [{"label": label, "value": value} for label, value in self.facts],
            "tables": [
                {
                    "caption": t.caption,
                    "columns": list(t.columns),
                    "rows": [list(r) for r in t.rows],
                }
                for t in self.tables
            ],
            "empty": self.empty,
            "data": self.data,
        }


@dataclass(frozen=True)
class Scope:
    """What every builder needs: whose record, which episode, the period, and the court."""

    participant: Participant
    episode: Episode
    start: dt.date
    end: dt.date
    court: Court | None

    @property
    def zone(self) -> Any:
        return self.episode.program.zone

    def in_period(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def day_text(day: dt.date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else "—"


def local_date(moment: dt.datetime, zone: Any) -> dt.date:
    return moment.astimezone(zone).date()


def utc_bounds(scope: Scope) -> tuple[dt.datetime, dt.datetime]:
    """UTC instants that surely include every moment of the local period (filtered again)."""
    return (
        dt.datetime.combine(scope.start - dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC),
        dt.datetime.combine(scope.end + dt.timedelta(days=2), dt.time(), tzinfo=dt.UTC),
    )


# --- period, episode and case -------------------------------------------------------------------


def episode_for(participant: Participant) -> Episode:
    """The participant's open episode, else the latest one."""
    episodes = list(
        Episode.objects.filter(participant=participant)
        .select_related("program")
        .order_by("-referral_date", "-pk")
    )
    open_ones = [e for e in episodes if e.status in OPEN_STATUSES]
    return (open_ones or episodes)[0]


def packet_period(
    participant: Participant,
    day: dt.date,
    *,
    court: Court | None = None,
    episode: Episode | None = None,
) -> tuple[dt.date, dt.date]:
    """From the participant's previous court hearing (not cancelled; its day included, so
    what happened at it is reported) up to `day`; with no earlier hearing, from enrollment
    (or referral)."""
    episode = episode or episode_for(participant)
    earlier = DocketEntry.objects.filter(
        participant=participant,
        hearing__kind__in=COURT_KINDS,
        hearing__local_date__lt=day,
    ).exclude(hearing__status=HearingStatus.CANCELLED)
    if court is not None:
        earlier = earlier.filter(hearing__court=court)
    previous = earlier.order_by("-hearing__local_date").values_list(
        "hearing__local_date", flat=True
    )[:1]
    if previous:
        return previous[0], day
    start = episode.enrolled_date or episode.referral_date
    return min(start, day), day


def court_case(scope: Scope) -> CourtCase | None:
    cases = CourtCase.objects.filter(episode=scope.episode)
    if scope.court is not None:
        cases = cases.filter(court=scope.court)
    return cases.order_by("-opened_on", "-pk").first()
