"""Funder profile exports: a program's completed funder interviews (CSAT GPRA, SUPRT-A,
SUPRT-C) in a date range, one row per interview, one column per item code of the interview's
definition, keyed by the program's client identifier — never the name.

Rows come from the read choke point (`Episode.objects.visible_to`); a correction replaces the
interview it corrects. The client identifier is the participant's identifier of the kind the
program chose on the export form (SPARS wants the grantee's own client id, not a name or an
SSN); an interview whose participant has none is listed with the id empty and counted on the
page, so it can be fixed before the file is sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from missioncj.assessments.models import (
    Administration,
    AdministrationStatus,
    Instrument,
    InstrumentVersion,
)
from missioncj.core.exports import Column, Table
from missioncj.core.routers import reads_replica
from missioncj.participants.models import Episode, Identifier
from missioncj.programs.models import Program

FUNDER_INSTRUMENTS = {
    "gpra": "CSAT GPRA Client Outcome Measures",
    "suprt_a": "SUPRT-A (administrative form)",
    "suprt_c": "SUPRT-C (client self-report)",
}
LEAD = [Column("client_id", "client_id"), Column("interview_date", "interview_date")]


@dataclass
class FunderRows:
    instrument: Instrument
    item_codes: list[str]
    interviews: list[Administration]
    client_ids: dict[int, str]

    @property
    def missing_client_id(self) -> int:
        return sum(1 for a in self.interviews if not self.client_ids.get(a.participant_id))

    @property
    def participant_count(self) -> int:
        return len({a.participant_id for a in self.interviews})

    def table(self) -> Table:
        cols = LEAD + [Column(code, code) for code in self.item_codes]
        return Table(self.instrument.code, cols, self._rows())

    def _rows(self) -> Iterator[dict[str, Any]]:
        for a in self.interviews:
            yield {
                **{code: a.responses.get(code) for code in self.item_codes},
                "client_id": self.client_ids.get(a.participant_id, ""),
                "interview_date": a.administered_on,
            }


def item_codes(versions: list[InstrumentVersion]) -> list[str]:
    """Item codes of the current version, then any only older versions had, in order."""
    codes: list[str] = []
    for version in sorted(versions, key=lambda v: (not v.is_current, -v.number)):
        codes += [item["id"] for item in version.items if item["id"] not in codes]
    return codes


@reads_replica
def funder_rows(
    user: Any,
    program: Program,
    code: str,
    start: dt.date,
    end: dt.date,
    id_kind: str,
) -> FunderRows:
    instrument = Instrument.objects.get(code=code)
    episodes: QuerySet[Episode] = Episode.objects.visible_to(user).filter(program=program)
    interviews = list(
        Administration.objects.filter(
            episode__in=episodes,
            instrument_version__instrument=instrument,
            status=AdministrationStatus.COMPLETED,
            administered_on__range=(start, end),
        )
        .exclude(corrections__status=AdministrationStatus.COMPLETED)
        .order_by("administered_on", "pk")
    )
    people = {a.participant_id for a in interviews}
    client_ids: dict[int, str] = {}
    for row in Identifier.objects.filter(participant_id__in=people, kind=id_kind).order_by("pk"):
        client_ids.setdefault(row.participant_id, row.value)
    versions = list(InstrumentVersion.objects.filter(instrument=instrument))
    return FunderRows(instrument, item_codes(versions), interviews, client_ids)
