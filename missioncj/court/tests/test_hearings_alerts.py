"""Work-queue kinds from the docket: a court hearing within two local days, and a past hearing
with no appearance recorded; one query per kind whatever the number of entries."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from missioncj.care.alerts import alerts_for_user, visible_open
from missioncj.conftest import make_participant
from missioncj.court import hearings_alerts
from missioncj.court.models import HearingKind
from missioncj.court.services import docket_entries as services
from missioncj.court.tests.hearings_helpers import hearing, today

NOW = dt.datetime(2026, 12, 9, 15, 0, tzinfo=dt.UTC)  # Wednesday 10:00 in New York


def _kinds(alerts, kind):
    return [a for a in alerts if a.kind == kind]


def test_hearing_soon_uses_local_dates(world, court):
    supervisor = world.user("supervisor")
    thursday = hearing(court, supervisor, dt.date(2026, 12, 10), dt.time(9))
    friday_late = hearing(court, supervisor, dt.date(2026, 12, 11), dt.time(23, 30))
    saturday_late = hearing(court, supervisor, dt.date(2026, 12, 12), dt.time(23, 30))
    staffing = hearing(court, supervisor, dt.date(2026, 12, 10), dt.time(8), kind="staffing")
    for row in (thursday, friday_late, saturday_late, staffing):
        services.add_to_docket(actor=supervisor, hearing=row, participant=world.north_person)
    alerts = _kinds(alerts_for_user(world.user("casemanager"), NOW), "hearing_soon")
    # Saturday is three local days away (its UTC date is Sunday); staffing is not a hearing.
    assert [a.due for a in alerts] == [dt.date(2026, 12, 10), dt.date(2026, 12, 11)]
    assert "tomorrow at 09:00" in alerts[0].message
    assert alerts[0].label == "Court hearing soon"
    assert _kinds(alerts_for_user(world.user("cm.south"), NOW), "hearing_soon") == []


def test_result_missing_until_recorded(world, court):
    supervisor = world.user("supervisor")
    day = today(court) - dt.timedelta(days=3)
    past = hearing(court, supervisor, day, dt.time(9))
    meeting = hearing(
        court, supervisor, day - dt.timedelta(days=1), dt.time(14), kind=HearingKind.STAFFING
    )
    entry = services.add_to_docket(actor=supervisor, hearing=past, participant=world.north_person)
    services.add_to_docket(actor=supervisor, hearing=meeting, participant=world.north_person)
    [alert] = _kinds(alerts_for_user(world.user("peer")), "hearing_result_missing")
    assert alert.due == day and alert.action == "Record the result"
    assert str(entry.public_id) in alert.url
    services.record_hearing_result(actor=supervisor, entry=entry, appearance="appeared")
    assert _kinds(alerts_for_user(world.user("peer")), "hearing_result_missing") == []


def test_providers_query_once_per_kind(world, court):
    supervisor = world.user("supervisor")
    row = hearing(court, supervisor, dt.date(2026, 12, 10), dt.time(9))
    past = hearing(court, supervisor, dt.date(2026, 12, 3), dt.time(9))
    services.add_to_docket(actor=supervisor, hearing=row, participant=world.north_person)

    def measure() -> int:
        episodes = list(visible_open(supervisor))
        with CaptureQueriesContext(connection) as queries:
            hearings_alerts.hearing_soon(episodes, NOW)
            hearings_alerts.hearing_result_missing(episodes, NOW)
        return len(queries)

    small = measure()
    for index in range(4):
        person = make_participant(supervisor, world.drug, world.north, f"Queue{index}")
        services.add_to_docket(actor=supervisor, hearing=row, participant=person)
        services.add_to_docket(actor=supervisor, hearing=past, participant=person)
    assert measure() == small == 2
