"""The ratio of incentives to sanctions, per participant and per program, over a period of
decision dates (inclusive). Service adjustments are neither and are counted apart.

The target of 4 incentives to each sanction is the commonly cited figure (UNVERIFIED against the
current All Rise standards text); a deployment may set `COURT_INCENTIVE_SANCTION_TARGET` in its
Django settings. The ratio is shown rounded down to one decimal, so "4.0 : 1" always means at
least four; it is under target when incentives < target * sanctions (exact arithmetic)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db.models import Count, Q

from missioncj.court.models import CourtResponse, ResponseKind
from missioncj.programs.models import Program

TARGET_RATIO = Decimal(str(getattr(settings, "COURT_INCENTIVE_SANCTION_TARGET", 4)))


@dataclass(frozen=True)
class Ratio:
    incentives: int = 0
    sanctions: int = 0
    adjustments: int = 0
    target: Decimal = TARGET_RATIO

    @property
    def value(self) -> Decimal | None:
        if self.sanctions == 0:
            return None
        return (Decimal(self.incentives) / Decimal(self.sanctions)).quantize(
            Decimal("0.1"), rounding=ROUND_DOWN
        )

    @property
    def text(self) -> str:
        value = self.value
        return "no sanctions" if value is None else f"{value} : 1"

    @property
    def under_target(self) -> bool:
        return self.sanctions > 0 and self.incentives < self.target * self.sanctions

    @property
    def total(self) -> int:
        return self.incentives + self.sanctions + self.adjustments

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(
            self.incentives + other.incentives,
            self.sanctions + other.sanctions,
            self.adjustments + other.adjustments,
            self.target,
        )


def _counts() -> dict[str, Count]:
    return {
        "incentives": Count("pk", filter=Q(kind=ResponseKind.INCENTIVE)),
        "sanctions": Count("pk", filter=Q(kind=ResponseKind.SANCTION)),
        "adjustments": Count("pk", filter=Q(kind=ResponseKind.SERVICE_ADJUSTMENT)),
    }


def _period(start: dt.date | None, end: dt.date | None) -> Q:
    where = Q()
    if start is not None:
        where &= Q(decided_on__gte=start)
    if end is not None:
        where &= Q(decided_on__lte=end)
    return where


def episode_ratios(
    episode_ids: Iterable[int], start: dt.date | None = None, end: dt.date | None = None
) -> dict[int, Ratio]:
    """episode pk → its ratio in the period (one query; episodes without responses get 0s)."""
    ids = list(episode_ids)
    out = {pk: Ratio() for pk in ids}
    rows = (
        CourtResponse.objects.filter(_period(start, end), episode_id__in=ids)
        .order_by()
        .values("episode_id")
        .annotate(**_counts())
        .values_list("episode_id", *_counts())
    )
    for episode_id, incentives, sanctions, adjustments in rows:
        out[episode_id] = Ratio(incentives, sanctions, adjustments)
    return out


def program_ratio(
    program: Program, start: dt.date | None = None, end: dt.date | None = None
) -> Ratio:
    """Every response of the program's episodes in the period (one query)."""
    row = CourtResponse.objects.filter(_period(start, end), episode__program=program).aggregate(
        **_counts()
    )
    return Ratio(row["incentives"], row["sanctions"], row["adjustments"])
