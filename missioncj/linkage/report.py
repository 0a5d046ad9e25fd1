"""The program referral report: referrals by status, time from referral to first attendance
per referral, the program's median and mean, and how many are still waiting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from missioncj.linkage.models import TRANSITIONS, Referral, ReferralStatus
from missioncj.linkage.policies import settings_for, visible_referrals
from missioncj.linkage.services._dates import local_today
from missioncj.linkage.stats import LinkageSummary, days_to_attendance, stuck_since, summarise
from missioncj.programs.models import Program


@dataclass(frozen=True)
class ReportRow:
    referral: Referral
    days_to_attendance: int | None
    days_in_status: int
    stuck_since: dt.date | None


@dataclass(frozen=True)
class StatusGroup:
    status: str
    label: str
    rows: list[ReportRow]


@dataclass(frozen=True)
class ProgramReport:
    program: Program
    today: dt.date
    groups: list[StatusGroup]
    summary: LinkageSummary
    stuck_days: dict[str, int | None]

    @property
    def count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


def limits_for(program: Program) -> dict[str, int | None]:
    row = settings_for(program)
    return {s.value: row.days_for(s.value) for s in ReferralStatus if TRANSITIONS[s.value]}


def is_waiting(referral: Referral) -> bool:
    """Still open and never attended: counted as 'still waiting' for linkage."""
    return referral.first_attended_on is None and referral.status in (
        "referred",
        "scheduled",
        "no_show",
    )


def program_report(user: Any, program: Program, today: dt.date | None = None) -> ProgramReport:
    today = today or local_today(program)
    limits = limits_for(program)
    referrals = list(
        visible_referrals(user)
        .filter(episode__program=program)
        .select_related("participant", "service", "episode")
        .order_by("referred_on", "pk")
    )
    by_status: dict[str, list[ReportRow]] = {s.value: [] for s in ReferralStatus}
    for referral in referrals:
        by_status[referral.status].append(
            ReportRow(
                referral,
                days_to_attendance(referral.referred_on, referral.first_attended_on),
                (today - referral.status_on).days,
                stuck_since(referral.status, referral.status_on, today, limits),
            )
        )
    groups = [StatusGroup(s.value, str(s.label), by_status[s.value]) for s in ReferralStatus]
    summary = summarise(
        (days_to_attendance(r.referred_on, r.first_attended_on) for r in referrals),
        waiting=sum(1 for r in referrals if is_waiting(r)),
    )
    return ProgramReport(program, today, groups, summary, limits)
