"""Scale data through the pages: every login in the manifest signs in with the demo password and
sees its pages: the case manager's caseload (the heavy participant on it) and every participant
page on it, the director every participant of the report program, the docket and group session
the manifest names, and the court partner's home."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from missioncj.court.models import Court, DocketEntry
from missioncj.demo.scale.loader import load_scale
from missioncj.participants.models import Participant

TODAY = dt.date(2026, 10, 15)


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MISSIONCJ_MFA_REQUIRED = False  # the scale logins are demo logins
    settings.MISSIONCJ_TASKS = "inline"


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=settings.MISSIONCJ_DEMO_PASSWORD)
    return client


@pytest.mark.django_db
def test_every_page_of_the_manifest_logins_renders() -> None:
    manifest = load_scale("tiny", seed=5, password=settings.MISSIONCJ_DEMO_PASSWORD, today=TODAY)
    logins = manifest["logins"]
    heavy = manifest["heavy_participant"]

    casemanager = signed_in(logins["casemanager"])
    caseload = casemanager.get(reverse("care:caseload"))
    assert caseload.status_code == 200
    assert heavy in caseload.content.decode()
    mine = Participant.objects.filter(
        episodes__team__members__user__username=logins["casemanager"],
        episodes__status__in=["referred", "screening", "enrolled"],
    ).distinct()
    assert mine.count() >= 10
    for participant in mine:
        page = casemanager.get(reverse("participants:detail", args=[participant.public_id]))
        assert page.status_code == 200, participant
        assert participant.last_name in page.content.decode()

    director = signed_in(logins["director"])
    report = Participant.objects.filter(
        episodes__program__public_id=manifest["report_program"]
    ).distinct()
    assert report.count() > mine.count()
    for participant in report:
        page = director.get(reverse("participants:detail", args=[participant.public_id]))
        assert page.status_code == 200, participant

    supervisor = signed_in(logins["supervisor"])
    page = supervisor.get(reverse("participants:detail", args=[heavy]))
    assert page.status_code == 200
    docket = manifest["docket"]
    court = Court.objects.get(program__public_id=docket["program"])
    day = dt.date.fromisoformat(docket["date"])
    court_day = supervisor.get(reverse("court:docket", args=[court.public_id, day]))
    assert court_day.status_code == 200
    entry = DocketEntry.objects.filter(hearing__court=court, hearing__local_date=day).first()
    assert entry is not None
    assert entry.participant.last_name in court_day.content.decode()
    group = supervisor.get(reverse("care:group_detail", args=[manifest["group_session"]]))
    assert group.status_code == 200

    partner = signed_in(logins["court"])
    home = partner.get("/", follow=True)
    assert home.status_code == 200
