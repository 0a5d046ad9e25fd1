"""CTI transfer of care: does the support network cover the needs in the treatment plan?

In CTI's third phase the case manager hands the person over to their long-term network. A
plan need is *covered* when an active tie in the network plays a role that meets it, or is
linked to a directory service of a category that meets it. The mapping below is the whole
rule (documented in docs/linkage.md); it is pure data so a program can read it.

A need counts when the plan rates its domain moderate or high, or has an open goal in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from missioncj.care.models import PlanDomain
from missioncj.linkage.models import ServiceCategory, SupportRole

R = SupportRole
C = ServiceCategory

# Plan domain → (support roles that meet it, directory service categories that meet it).
COVERAGE: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    PlanDomain.SUBSTANCE_USE: (
        frozenset({R.SPONSOR, R.RECOVERY_COACH, R.HOME_GROUP, R.TREATMENT_PROVIDER}),
        frozenset({C.MAT, C.SUD_TREATMENT, C.RECOVERY_CENTER, C.RECOVERY_COACH}),
    ),
    PlanDomain.MENTAL_HEALTH: (frozenset({R.TREATMENT_PROVIDER}), frozenset({C.MENTAL_HEALTH})),
    PlanDomain.PHYSICAL_HEALTH: (
        frozenset({R.TREATMENT_PROVIDER}),
        frozenset({C.MEDICAL, C.DENTAL}),
    ),
    PlanDomain.HOUSING: (frozenset({R.HOUSING}), frozenset({C.SOBER_HOUSING, C.SHELTER})),
    PlanDomain.SCHOOL_WORK: (frozenset({R.EMPLOYER}), frozenset({C.EMPLOYMENT})),
    PlanDomain.INCOME: (frozenset({R.EMPLOYER}), frozenset({C.EMPLOYMENT, C.BENEFITS})),
    PlanDomain.BENEFITS: (frozenset(), frozenset({C.BENEFITS})),
    PlanDomain.LEGAL: (frozenset({R.PROBATION}), frozenset({C.LEGAL_AID})),
    PlanDomain.CRIMINAL_HISTORY: (frozenset({R.PROBATION}), frozenset({C.LEGAL_AID})),
    PlanDomain.FAMILY_MARITAL: (frozenset({R.FAMILY}), frozenset()),
    PlanDomain.FAMILY_SUPPORT: (frozenset({R.FAMILY, R.FRIEND}), frozenset()),
    PlanDomain.RECOVERY_SUPPORT: (
        frozenset({R.SPONSOR, R.RECOVERY_COACH, R.HOME_GROUP, R.FAITH, R.FRIEND}),
        frozenset({C.RECOVERY_CENTER, C.RECOVERY_COACH}),
    ),
    PlanDomain.LEISURE: (
        frozenset({R.FRIEND, R.FAITH, R.HOME_GROUP}),
        frozenset({C.RECOVERY_CENTER}),
    ),
    PlanDomain.ANTISOCIAL_ASSOCIATES: (
        frozenset({R.SPONSOR, R.HOME_GROUP, R.FRIEND, R.FAITH, R.RECOVERY_COACH}),
        frozenset({C.RECOVERY_CENTER}),
    ),
    PlanDomain.ANTISOCIAL_ATTITUDES: (
        frozenset({R.TREATMENT_PROVIDER, R.RECOVERY_COACH}),
        frozenset({C.MENTAL_HEALTH}),
    ),
    PlanDomain.ANTISOCIAL_PERSONALITY: (
        frozenset({R.TREATMENT_PROVIDER}),
        frozenset({C.MENTAL_HEALTH}),
    ),
}
NEED_LEVELS = ("moderate", "high")


@dataclass(frozen=True)
class TieFacts:
    """What coverage needs to know about one active tie."""

    role: str
    categories: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Gap:
    domain: str
    label: str
    roles: list[str]  # labels of roles that would cover it
    categories: list[str]  # labels of service categories that would cover it

    @property
    def hint(self) -> str:
        options = [*self.roles, *self.categories]
        return ("e.g. " + ", ".join(options[:4]).lower()) if options else ""


def plan_domains(needs: Iterable[tuple[str, str]], goals: Iterable[tuple[str, str]]) -> list[str]:
    """Domains the plan asks the network to cover: needs rated moderate/high and open goals;
    in the order of `PlanDomain`."""
    wanted = {domain for domain, level in needs if level in NEED_LEVELS}
    wanted |= {domain for domain, status in goals if status == "open"}
    return [d.value for d in PlanDomain if d.value in wanted]


def covers(domain: str, tie: TieFacts) -> bool:
    roles, categories = COVERAGE.get(domain, (frozenset(), frozenset()))
    return tie.role in roles or bool(tie.categories & categories)


def uncovered(domains: Iterable[str], ties: Iterable[TieFacts]) -> list[Gap]:
    tie_list = list(ties)
    gaps = []
    for domain in domains:
        if any(covers(domain, tie) for tie in tie_list):
            continue
        roles, categories = COVERAGE.get(domain, (frozenset(), frozenset()))
        gaps.append(
            Gap(
                domain=domain,
                label=PlanDomain(domain).label,
                roles=[str(r.label) for r in SupportRole if r.value in roles],
                categories=[str(c.label) for c in ServiceCategory if c.value in categories],
            )
        )
    return gaps
