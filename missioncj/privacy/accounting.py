"""The accounting of disclosures (42 CFR 2.25): what left the program about one participant in a
period — by default the last three years — for the page, its CSV and the API. Reading it is
audited; rows come from `Disclosure`, which is never changed after it is written."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from missioncj.core.audit import record
from missioncj.core.exports import Column
from missioncj.core.models import AuditKind
from missioncj.participants.models import Participant
from missioncj.privacy.models import Category, Disclosure

LOOK_BACK_YEARS = 3
CSV_HEADER = [
    "occurred_at",
    "recipient",
    "channel",
    "purpose",
    "categories",
    "consents",
    "made_by",
    "description",
    "notice",
    "consent_copy",
    "sha256",
    "size_bytes",
    "id",
]
CSV_COLUMNS = [Column(key, key) for key in CSV_HEADER]


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    zone: zoneinfo.ZoneInfo

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start 00:00, day after end 00:00) in the program's time zone."""
        low = dt.datetime.combine(self.start, dt.time.min, tzinfo=self.zone)
        high = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=self.zone)
        return low, high


def default_start(today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year - LOOK_BACK_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - LOOK_BACK_YEARS, day=28)


def period(
    start: dt.date | None, end: dt.date | None, today: dt.date, zone: zoneinfo.ZoneInfo
) -> Period:
    end = end or today
    start = start or default_start(end)
    if start > end:
        raise ValidationError({"to": "The end of the period must not be before its start."})
    return Period(start, end, zone)


def disclosures(participant: Participant, within: Period) -> QuerySet[Disclosure]:
    low, high = within.bounds
    return (
        Disclosure.objects.filter(
            participant=participant, occurred_at__gte=low, occurred_at__lt=high
        )
        .select_related("actor")
        .prefetch_related("consents")
        .order_by("-occurred_at", "-pk")
    )


def category_labels(values: list[str]) -> list[str]:
    return [Category(v).label if v in Category.values else v for v in values]


def row(d: Disclosure, zone: zoneinfo.ZoneInfo) -> dict[str, Any]:
    return {
        "id": d.public_id,
        "occurred_at": d.occurred_at.astimezone(zone),
        "recipient": d.recipient_label,
        "channel": d.channel,
        "channel_label": d.get_channel_display(),
        "purpose": d.purpose,
        "categories": list(d.categories),
        "category_labels": category_labels(list(d.categories)),
        "consents": [c.public_id for c in d.consents.all()],
        "made_by": d.actor.username,
        "description": d.description,
        "notice": d.notice,
        "consent_copy": d.consent_copy,
        "sha256": d.sha256,
        "size_bytes": d.size_bytes,
    }


def csv_row(r: dict[str, Any]) -> list[str]:
    return [
        r["occurred_at"].isoformat(),
        r["recipient"],
        r["channel_label"],
        r["purpose"],
        "; ".join(r["category_labels"]),
        " ".join(str(c) for c in r["consents"]),
        r["made_by"],
        r["description"],
        r["notice"],
        "yes" if r["consent_copy"] else "no",
        r["sha256"],
        str(r["size_bytes"]),
        str(r["id"]),
    ]


def record_accounting_read(
    *, actor: Any, participant: Participant, action: str, within: Period, shown: list[Any]
) -> None:
    record(
        kind=AuditKind.READ,
        action=action,
        actor=actor,
        participant=participant,
        subject=participant,
        after={
            "from": within.start.isoformat(),
            "to": within.end.isoformat(),
            "shown": [str(s) for s in shown],
        },
    )
