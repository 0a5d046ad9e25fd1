"""The program's reminder report starts from the read choke point: a restricted participant's
messages and unreachable number are neither counted nor named for a supervisor off the team,
and are for someone who directs the program and works on the participant's team."""

from __future__ import annotations

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils import timezone

from missioncj.accounts.models import Role
from missioncj.accounts.services import create_user, grant_role
from missioncj.notify.models import OptIn
from missioncj.notify.tests.conftest import make_hearing
from missioncj.privacy.services.restricted import restrict_participant


def test_restricted_record_is_not_counted_or_named_off_its_team(
    world, login, court, docket, north_sms
):
    docket(make_hearing(court), world.north_person)  # two reminders queued for North
    OptIn.objects.filter(pk=north_sms.pk).update(failures=2, unreachable_since=timezone.now())
    restrict_participant(
        actor=world.user("director"), participant=world.north_person, reason="Staff relative"
    )
    lead = create_user(actor=None, username="lead.north", password="x" * 12)
    grant_role(actor=None, user=lead, program=world.drug, role=Role.SUPERVISOR)
    grant_role(actor=None, user=lead, program=world.drug, role=Role.CASE_MANAGER, team=world.north)
    TOTP.activate(lead, generate_totp_secret())
    world.users["lead.north"] = lead
    url = reverse("notify:program_reminders", args=[world.drug.public_id])
    html = login("supervisor").get(url).content.decode()
    assert "Messages in the last 30 days (0)" in html
    assert "Test North" not in html and "+15550142000" not in html
    html = login("lead.north").get(url).content.decode()
    assert "Messages in the last 30 days (2)" in html
    assert "Test North" in html and "+15550142000" in html
