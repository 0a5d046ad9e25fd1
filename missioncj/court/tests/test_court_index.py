"""The Court page in the main navigation: the courts of the user's programs, with today's
docket, the calendar, the next staffing meeting and the phases one tap away."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from missioncj.court.services.hearings import schedule_hearing
from missioncj.participants.services import local_today


def test_court_index_lists_each_users_courts(world, login, court, reentry_court):
    day = local_today(world.drug) + dt.timedelta(days=3)
    schedule_hearing(
        actor=world.user("supervisor"),
        court=court,
        kind="staffing",
        local_date=day,
        local_time=dt.time(14, 0),
    )
    url = reverse("court:index")
    seen = {}
    for name in ("supervisor", "casemanager", "peer", "outsider", "court", "evaluator", "admin"):
        seen[name] = login(name).get(url).content.decode()
    for name in ("supervisor", "casemanager", "peer"):
        assert court.name in seen[name] and reentry_court.name not in seen[name]
        assert reverse("court:docket_today", args=[court.public_id]) in seen[name]
        staffing = reverse("court:staffing", args=[court.public_id, day])
        assert staffing in seen[name] and "Next staffing" in seen[name]
    assert reentry_court.name in seen["outsider"] and court.name not in seen["outsider"]
    for name in ("court", "evaluator", "admin"):
        assert "No court calendar in your programs." in seen[name]
        assert court.name not in seen[name]


def test_court_link_in_the_navigation(world, login):
    html = login("peer").get(reverse("care:caseload")).content.decode()
    assert f'href="{reverse("court:index")}"' in html
