"""Reading the calendar and dockets, scoped to the reader: who is in front of the judge on a
local date, a participant's court dates, and the hearing days around a date. Every query here
is constant in the number of rows (annotations, not a query per entry)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from missioncj.accounts.scope import scope_of
from missioncj.court.models import (
    Appearance,
    Court,
    DocketEntry,
    Hearing,
    HearingKind,
    HearingStatus,
    PhaseMove,
)
from missioncj.participants.models import (
    OPEN_STATUSES,
    Episode,
    Identifier,
    IdentifierKind,
    Participant,
)
from missioncj.participants.search import matching

COURT_KINDS = [k for k in HearingKind.values if k != HearingKind.STAFFING]


def visible_entries(user: Any) -> QuerySet[DocketEntry]:
    """Docket entries of episodes the user may see (the read choke point)."""
    return DocketEntry.objects.filter(episode__in=Episode.objects.visible_to(user))


def annotate_entries(entries: QuerySet[DocketEntry]) -> QuerySet[DocketEntry]:
    """Docket number (the case's, else the participant's court docket identifier), current
    court phase (newest phase move of the episode) and the last recorded appearance before
    this hearing."""
    newest_move = PhaseMove.objects.filter(episode=OuterRef("episode")).order_by("-on", "-pk")
    earlier = (
        DocketEntry.objects.filter(
            participant=OuterRef("participant"),
            hearing__local_date__lt=OuterRef("hearing__local_date"),
        )
        .exclude(appearance="")
        .order_by("-hearing__local_date", "-hearing__local_time", "-pk")
    )
    identifier = Identifier.objects.filter(
        participant=OuterRef("participant"), kind=IdentifierKind.COURT_DOCKET
    ).order_by("-created_at", "-pk")
    return entries.select_related("participant", "case", "hearing", "episode__team").annotate(
        docket_no=Coalesce("case__docket_number", Subquery(identifier.values("value")[:1])),
        phase_number=Subquery(newest_move.values("phase__number")[:1]),
        phase_name=Subquery(newest_move.values("phase__name")[:1]),
        last_appearance=Subquery(earlier.values("appearance")[:1]),
        last_appearance_on=Subquery(earlier.values("hearing__local_date")[:1]),
    )


@dataclass
class DocketHearing:
    hearing: Hearing
    entries: list[DocketEntry] = field(default_factory=list)
    add_form: Any = None  # the page's "add a participant" search, when the user may add anyone
    add_errors: list[str] = field(default_factory=list)  # why the last add was refused


def docket_for(
    user: Any, court: Court, day: dt.date, *, entries: QuerySet[DocketEntry] | None = None
) -> list[DocketHearing]:
    """Hearings of the court on that local date in time order, each with the entries the user
    may see (others are neither shown nor counted). Two queries. `entries` stands in for the
    user's visible entries when the caller has its own scope (a court partner's consented
    set, decided by privacy)."""
    hearings = list(court.hearings.filter(local_date=day).order_by("local_time", "kind", "pk"))
    by_id = {h.pk: DocketHearing(h) for h in hearings}
    if hearings:
        scoped = visible_entries(user) if entries is None else entries
        rows = (
            annotate_entries(scoped.filter(hearing_id__in=list(by_id)))
            .select_related(None)  # the hearings are in hand: not one copy per row
            .select_related("participant", "case", "episode__team")
        )
        cache_hearing = DocketEntry.hearing.field.set_cached_value
        for entry in rows.order_by("participant__last_name", "participant__first_name", "pk"):
            cache_hearing(entry, by_id[entry.hearing_id].hearing)
            last = entry.last_appearance  # type: ignore[attr-defined]
            entry.last_appearance_label = Appearance(last).label if last else ""  # type: ignore[attr-defined]
            by_id[entry.hearing_id].entries.append(entry)
    return [by_id[h.pk] for h in hearings]


ADD_MATCHES = 10  # people offered by the docket's "add a participant" search


def addable_episodes(user: Any, court: Court) -> QuerySet[Episode]:
    """Open episodes in the court's program that the user may see and work in: whom they may
    put on this court's dockets (`can_work_in`, written as SQL so a big program is never
    loaded whole)."""
    scope = scope_of(user)
    return (
        Episode.objects.visible_to(user)
        .filter(program_id=court.program_id, status__in=OPEN_STATUSES)
        .filter(Q(program_id__in=scope.program_ids) | Q(team_id__in=scope.team_ids))
    )


def addable_people(
    user: Any, hearing: Hearing, query: str, limit: int = ADD_MATCHES
) -> list[Participant]:
    """Up to `limit` + 1 people matching the typed name or identifier (the participant search's
    rule) whom the user may add to the hearing's docket and who are not on it yet, by name.
    One query; the extra row tells the caller there are more."""
    episodes = addable_episodes(user, hearing.court).exclude(
        participant_id__in=hearing.entries.values("participant_id")
    )
    people = Participant.objects.filter(pk__in=episodes.values("participant_id"))
    return list(matching(people, query).order_by("last_name", "first_name", "pk")[: limit + 1])


def addable_person(user: Any, court: Court, public_id: Any) -> Participant | None:
    """The participant with that public id when the user may put them on this court's
    dockets (the same rule as `addable_people`), else None."""
    episodes = addable_episodes(user, court).filter(participant__public_id=public_id)
    return Participant.objects.filter(pk__in=episodes.values("participant_id")).first()


def hearing_days_around(court: Court, day: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The nearest earlier and later local dates with a hearing that is not cancelled."""
    days = court.hearings.exclude(status=HearingStatus.CANCELLED)
    before = days.filter(local_date__lt=day).order_by("-local_date").first()
    after = days.filter(local_date__gt=day).order_by("local_date").first()
    return (before.local_date if before else None, after.local_date if after else None)


def upcoming_hearings(user: Any, court: Court, today: dt.date, limit: int = 60) -> list[Hearing]:
    """The court's hearings from today on, each with how many of the user's visible
    participants are on it (`on_docket`)."""
    visible = Q(entries__episode__in=Episode.objects.visible_to(user))
    return list(
        court.hearings.filter(local_date__gte=today)
        .select_related("series")
        .annotate(on_docket=Count("entries", filter=visible))
        .order_by("local_date", "local_time", "pk")[:limit]
    )


def participant_entries(user: Any, participant: Participant) -> QuerySet[DocketEntry]:
    """A participant's docket history the user may see, newest first."""
    return (
        annotate_entries(visible_entries(user).filter(participant=participant))
        .select_related("hearing__court")
        .order_by("-hearing__local_date", "-hearing__local_time", "-pk")
    )


def open_hearings_for(participant: Participant, episodes: list[Episode], today: dt.date) -> Any:
    """Hearings from today on, in the courts of the participant's open episodes' programs,
    that the participant is not yet on (for "add to a hearing")."""
    programs = [e.program_id for e in episodes if e.is_open]
    return (
        Hearing.objects.filter(court__program_id__in=programs, local_date__gte=today)
        .exclude(status=HearingStatus.CANCELLED)
        .exclude(entries__participant=participant)
        .select_related("court")
        .order_by("local_date", "local_time", "pk")
    )


@dataclass(frozen=True)
class CourtDates:
    next_entry: DocketEntry | None
    last_result: DocketEntry | None


def court_dates(
    user: Any, participant: Participant, today: dt.date, episodes: list[Episode] | None = None
) -> CourtDates | None:
    """The participant's next court hearing and their last recorded result (None when they
    have never been on a court docket). `episodes`, when given, are the participant's episodes
    as `Episode.objects.visible_to(user)` returned them, so the scope is not read again."""
    base = (
        (
            visible_entries(user)
            if episodes is None
            else DocketEntry.objects.filter(episode_id__in=[e.pk for e in episodes])
        )
        .filter(participant=participant, hearing__kind__in=COURT_KINDS)
        .exclude(hearing__status=HearingStatus.CANCELLED)
    )
    # One query, a few rows however long the history: the hearings still to come without a
    # result, the newest with a result, and any one entry (to tell "never on a docket").
    last_recorded = (
        base.exclude(appearance="")
        .order_by("-hearing__local_date", "-hearing__local_time", "-pk")
        .values("pk")[:1]
    )
    any_entry = base.order_by("pk").values("pk")[:1]
    entries = list(
        base.filter(
            Q(hearing__local_date__gte=today, appearance="")
            | Q(pk=Subquery(last_recorded))
            | Q(pk=Subquery(any_entry))
        )
        .select_related("hearing__court")
        .order_by("hearing__local_date", "hearing__local_time", "pk")
    )
    if not entries:
        return None
    upcoming = [e for e in entries if e.hearing.local_date >= today and not e.appearance]
    recorded = [e for e in entries if e.appearance]
    return CourtDates(
        next_entry=upcoming[0] if upcoming else None,
        last_result=recorded[-1] if recorded else None,
    )
