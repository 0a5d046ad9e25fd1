"""Who may read the audit report, and what of it.

- A **director or supervisor** reads the events about the participants of the programs they
  oversee (anyone with an episode there, restricted records included) and the events by those
  programs' staff (anyone who holds or held a role there). A participant's name, and an event's
  before/after contents, are shown only for participants the reader may see through the read
  choke point (`Episode.objects.visible_to`) in one of those programs; a restricted record they
  may not open shows as "Restricted record", and someone outside their programs (met through an
  event by their staff) shows as neither name nor id.
- A **system administrator** (`is_superuser`) reads every event, with participants as public
  ids only and never the contents; holding a program role as well adds names and contents for
  that program's participants the choke point lets them see.
- Anyone else gets a 404.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet

from missioncj.accounts.models import Membership
from missioncj.accounts.scope import scope_of
from missioncj.core.models import AuditEvent
from missioncj.participants.models import Episode, Participant


@dataclass(frozen=True)
class Reader:
    user: Any
    program_ids: frozenset[int]  # programs overseen: their people and staff, names and contents
    everything: bool  # a system administrator: every event, participants as ids only
    zone: zoneinfo.ZoneInfo  # days and times are shown in this zone

    @property
    def may_name(self) -> bool:
        """Whether any row could carry a name or contents (a director or supervisor)."""
        return bool(self.program_ids)


def reader_for(user: Any) -> Reader | None:
    """The reader the user is, or None when the report is not theirs to read."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    scope = scope_of(user)
    everything = bool(user.is_superuser)
    if not scope.program_ids and not everything:
        return None
    # The zone the rest of the user's pages use (their first program's; UTC otherwise).
    return Reader(user, scope.program_ids, everything, zoneinfo.ZoneInfo(scope.time_zone))


def program_people(reader: Reader) -> QuerySet[Episode, Any]:
    """Public ids of everyone with an episode in the reader's programs (as a subquery)."""
    return Episode.objects.filter(program_id__in=reader.program_ids).values(
        "participant__public_id"
    )


def program_staff(reader: Reader) -> QuerySet[Membership, Any]:
    """Ids of everyone who holds or held a role in the reader's programs (as a subquery)."""
    return Membership.objects.filter(program_id__in=reader.program_ids).values("user_id")


def events_in_scope(reader: Reader) -> QuerySet[AuditEvent]:
    """Every event the reader may see: read along the occurred_at index, each row checked
    against the two sets. PostgreSQL checks both as hashed subplans. SQLite, given an OR of two
    indexed INs, answers it as a union of per-person index ranges that it must then sort (over
    a second at 10 million events for a reader who oversees most of the installation), so
    there the staff check is a correlated EXISTS, which keeps it on the occurred_at index."""
    if reader.everything:
        return AuditEvent.objects.all()
    if connections[AuditEvent.objects.db].vendor == "postgresql":
        by_staff = Q(actor_id__in=program_staff(reader))
    else:
        staff = Membership.objects.filter(
            program_id__in=reader.program_ids, user_id=OuterRef("actor_id")
        )
        by_staff = Q(Exists(staff))
    return AuditEvent.objects.filter(Q(participant_public_id__in=program_people(reader)) | by_staff)


def findable_participant(reader: Reader, public_id: UUID) -> Participant | None:
    """The participant a filter may name: one of the reader's programs' people, or (for an
    administrator) anyone. Someone else, or no one, is None: the same answer either way."""
    people = Participant.objects.filter(public_id=public_id)
    if not reader.everything:
        people = people.filter(episodes__program_id__in=reader.program_ids)
    return people.only("pk", "public_id").first()


@dataclass
class Sight:
    """What the reader may see of the participants met so far (on a page, or in a download's
    chunks: each person is looked up once)."""

    asked: set[UUID] = field(default_factory=set)
    in_programs: set[UUID] = field(default_factory=set)  # people of the reader's programs
    names: dict[UUID, str] = field(default_factory=dict)  # those the choke point shows, named

    def state(self, reader: Reader, public_id: UUID | None) -> str:
        """none | named | restricted | id (shown by public id only) | outside (not shown)."""
        if public_id is None:
            return "none"
        if public_id in self.names:
            return "named"
        if public_id in self.in_programs:
            return "restricted"
        return "id" if reader.everything else "outside"


def sight(reader: Reader, public_ids: Iterable[UUID | None], into: Sight | None = None) -> Sight:
    """Two queries at most, whatever the number of events: which of these people belong to
    the reader's programs, and which of those the read choke point shows them (with names).
    With `into`, only the people it has not met yet are looked up, and it is updated."""
    seen = Sight() if into is None else into
    wanted = {p for p in public_ids if p is not None} - seen.asked
    if not wanted or not reader.program_ids:
        return seen
    seen.asked |= wanted
    in_programs = set(
        Episode.objects.filter(
            program_id__in=reader.program_ids, participant__public_id__in=wanted
        ).values_list("participant__public_id", flat=True)
    )
    if not in_programs:
        return seen
    seen.in_programs |= in_programs
    seen_here = Episode.objects.visible_to(reader.user).filter(
        program_id__in=reader.program_ids, participant=OuterRef("pk")
    )
    visible = (
        Participant.objects.filter(public_id__in=in_programs)
        .filter(Exists(seen_here))
        .only("public_id", "preferred_name", "first_name", "last_name")
    )
    seen.names |= {p.public_id: p.display_name for p in visible}
    return seen
