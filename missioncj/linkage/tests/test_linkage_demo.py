"""The demo's networks and referrals: every closed-loop status appears, through the services,
and the same seed gives the same record."""

from __future__ import annotations

import datetime as dt
import random

from missioncj.conftest import make_participant
from missioncj.core.models import AuditEvent
from missioncj.demo.linkage_referrals import add_linkage_referrals
from missioncj.linkage.models import Referral, ReferralStatus, SupportTie
from missioncj.linkage.tests.factories import directory_service

TODAY = dt.date(2026, 11, 1)


def test_demo_referrals_in_every_status_and_networks(world):
    supervisor = world.user("supervisor")
    for index in range(6):
        make_participant(supervisor, world.drug, world.north, f"Demo{index}")
    clinic = directory_service(world.drug, "Harbor Clinic", ["mental_health"])
    ties, referrals = add_linkage_referrals(random.Random(11), TODAY, world.drug, supervisor)
    assert referrals >= 8 and ties > 0
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in ReferralStatus}
    assert AuditEvent.objects.filter(action="referral.create").count() == referrals
    assert SupportTie.objects.count() == ties
    for row in Referral.objects.all():
        assert row.steps.count() >= 1
        steps = list(row.steps.values_list("on", flat=True))
        assert steps == sorted(steps) and steps[-1] <= TODAY
        if row.need == "mental_health":
            assert row.service == clinic
    shape = sorted(Referral.objects.values_list("need", "status", "referred_on"))
    Referral.objects.all().delete()
    SupportTie.objects.all().delete()
    add_linkage_referrals(random.Random(11), TODAY, world.drug, supervisor)
    assert sorted(Referral.objects.values_list("need", "status", "referred_on")) == shape
