"""How big each scale is: the targets the generator aims at (it lands within a few per cent).

Volumes are targets, not exact counts: contacts are drawn from a rate calibrated on the
simulated enrolment history so their expected total is the target, and the court calendar,
random testing and assessment schedules reach back as far as it takes (each program adopted
them at a different time) for their expected totals to be the targets. Audit reads fill up to
the audit target once every write has its event. `tiny` is for tests.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScaleSpec:
    name: str
    programs: int
    participants: int  # people; seeded duplicate records come on top of them
    contacts: int
    drug_tests: int
    docket_entries: int
    administrations: int
    referrals: int
    audit_events: int
    years: float  # how far back the oldest program started
    states: int = 1
    duplicate_share: float = 0.02
    caseload: int = 50  # open episodes per team (case manager + peer)
    heavy_contacts: int = 2000
    heavy_tests: int = 500
    heavy_hearings: int = 300
    heavy_years: float = 3.2
    postgres_only: bool = False
    group_share: float = 0.7  # weekly group sessions an enrolled participant is expected at
    reads_per_write: float = 0.0  # filled in by the audit target (see loader)


SCALES: dict[str, ScaleSpec] = {
    "tiny": ScaleSpec(
        name="tiny",
        programs=3,
        participants=90,
        contacts=3_000,
        drug_tests=600,
        docket_entries=500,
        administrations=400,
        referrals=100,
        audit_events=16_000,
        years=2.0,
        heavy_contacts=120,
        heavy_tests=40,
        heavy_hearings=30,
        heavy_years=1.0,
        duplicate_share=0.05,
    ),
    "state": ScaleSpec(
        name="state",
        programs=100,
        participants=50_000,
        contacts=3_000_000,
        drug_tests=330_000,
        docket_entries=250_000,
        administrations=260_000,
        referrals=60_000,
        audit_events=10_000_000,
        years=5.0,
    ),
    "national": ScaleSpec(
        name="national",
        programs=1_000,
        participants=500_000,
        contacts=30_000_000,
        drug_tests=3_300_000,
        docket_entries=2_500_000,
        administrations=2_600_000,
        referrals=600_000,
        audit_events=100_000_000,
        years=5.0,
        states=10,
        postgres_only=True,
    ),
}
# What `missioncj demo --scale` offers (tiny is for tests and stays off the help text).
PUBLIC_SCALES = ("small", "state", "national")
