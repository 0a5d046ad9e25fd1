"""Time to linkage (per referral, median and mean per program, across a month boundary) and
stuck referrals on the work queue (exactly N days is fine, N + 1 is stuck)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from missioncj.care.alerts import alerts_for_episodes
from missioncj.core.models import AuditEvent
from missioncj.linkage.models import LinkageSettings
from missioncj.linkage.report import program_report
from missioncj.linkage.services.referrals import record_step, update_settings
from missioncj.linkage.stats import days_to_attendance, stuck_since, summarise
from missioncj.linkage.tests.factories import episode_of, referral


def at(day: dt.date, hour: int = 17) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC)


def stuck(world, now: dt.datetime) -> list:
    alerts = alerts_for_episodes([episode_of(world.north_person)], now)
    return [a for a in alerts if a.kind == "stuck_referral"]


def test_days_to_attendance_across_month_and_year_ends():
    assert days_to_attendance(dt.date(2026, 9, 28), dt.date(2026, 10, 3)) == 5
    assert days_to_attendance(dt.date(2026, 12, 30), dt.date(2027, 1, 2)) == 3
    assert days_to_attendance(dt.date(2028, 2, 28), dt.date(2028, 3, 1)) == 2  # leap year
    assert days_to_attendance(dt.date(2026, 10, 1), None) is None


def test_summary_median_mean_and_waiting():
    summary = summarise([5, 0, None, 10, 3], waiting=2)
    assert (summary.linked, summary.waiting) == (4, 2)
    assert summary.median_days == 4.0
    assert summary.mean_days == 4.5
    assert summarise([None], waiting=1).median_days is None


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 10, 8), None),  # 7 days in status: exactly the limit
        (dt.date(2026, 10, 9), dt.date(2026, 10, 9)),  # 8 days: stuck from today
        (dt.date(2026, 10, 20), dt.date(2026, 10, 9)),
    ],
)
def test_stuck_since_boundary(today, expected):
    assert stuck_since("referred", dt.date(2026, 10, 1), today, {"referred": 7}) == expected
    assert stuck_since("engaged", dt.date(2026, 10, 1), today, {"referred": 7}) is None


def test_program_report_time_to_linkage(world):
    peer = world.user("peer")
    person = world.north_person
    made = []
    for referred, attended in [
        (dt.date(2026, 9, 28), dt.date(2026, 10, 3)),  # 5 days, across the month end
        (dt.date(2026, 10, 1), dt.date(2026, 10, 1)),  # same day: 0
        (dt.date(2026, 10, 2), dt.date(2026, 10, 12)),  # 10
        (dt.date(2026, 10, 5), dt.date(2026, 10, 8)),  # 3
    ]:
        row = referral(peer, person, referred)
        record_step(actor=peer, referral=row, status="attended", on=attended, confirmed_by="peer")
        made.append(row)
    record_step(
        actor=peer,
        referral=made[2],
        status="engaged",
        on=dt.date(2026, 10, 20),
        confirmed_by="peer",
    )
    referral(peer, person, dt.date(2026, 10, 10))  # still referred: waiting
    no_show = referral(peer, person, dt.date(2026, 10, 10))
    record_step(
        actor=peer,
        referral=no_show,
        status="scheduled",
        on=dt.date(2026, 10, 11),
        confirmed_by="peer",
    )
    record_step(
        actor=peer,
        referral=no_show,
        status="no_show",
        on=dt.date(2026, 10, 14),
        confirmed_by="peer",
    )
    declined = referral(peer, person, dt.date(2026, 10, 10))
    record_step(
        actor=peer,
        referral=declined,
        status="declined",
        on=dt.date(2026, 10, 11),
        confirmed_by="participant",
    )
    # A referral in another team of the program counts for the supervisor too.
    referral(world.user("cm.south"), world.south_person, dt.date(2026, 10, 12))

    report = program_report(world.user("supervisor"), world.drug, today=dt.date(2026, 10, 31))
    assert report.summary.linked == 4
    assert report.summary.median_days == 4.0
    assert report.summary.mean_days == 4.5
    assert report.summary.waiting == 3  # two referred, one no-show; declined is not waiting
    counts = {g.status: len(g.rows) for g in report.groups}
    assert counts == {
        "referred": 2,
        "scheduled": 0,
        "attended": 3,
        "engaged": 1,
        "declined": 1,
        "no_show": 1,
        "ineligible": 0,
        "closed": 0,
    }
    per_referral = {r.referral.pk: r.days_to_attendance for g in report.groups for r in g.rows}
    assert [per_referral[r.pk] for r in made] == [5, 0, 10, 3]
    # The re-entry program's report sees none of these.
    assert program_report(world.user("outsider"), world.reentry).count == 0


def test_stuck_referral_on_the_work_queue_at_exactly_n_and_n_plus_one(world):
    peer = world.user("peer")
    row = referral(peer, world.north_person, dt.date(2026, 10, 1))
    assert stuck(world, at(dt.date(2026, 10, 8))) == []
    # 23:00 in New York on the 8th is already the 9th in UTC: still day 7 locally.
    assert stuck(world, dt.datetime(2026, 10, 9, 3, 0, tzinfo=dt.UTC)) == []
    alerts = stuck(world, at(dt.date(2026, 10, 9)))
    assert len(alerts) == 1
    assert alerts[0].due == dt.date(2026, 10, 9)
    assert "referred for 8 days (threshold 7)" in alerts[0].message
    assert str(row.public_id) in alerts[0].url
    # Scheduling it clears the alert; the scheduled threshold (14 days) starts again.
    record_step(
        actor=peer, referral=row, status="scheduled", on=dt.date(2026, 10, 9), confirmed_by="peer"
    )
    assert stuck(world, at(dt.date(2026, 10, 23))) == []
    assert len(stuck(world, at(dt.date(2026, 10, 24)))) == 1
    record_step(
        actor=peer, referral=row, status="declined", on=dt.date(2026, 10, 24), confirmed_by="peer"
    )
    assert stuck(world, at(dt.date(2026, 12, 24))) == []


def test_program_settings_change_the_threshold(world):
    supervisor = world.user("supervisor")
    referral(world.user("peer"), world.north_person, dt.date(2026, 10, 1))
    update_settings(actor=supervisor, program=world.drug, stuck_days={"referred": "3"})
    assert stuck(world, at(dt.date(2026, 10, 4))) == []
    assert len(stuck(world, at(dt.date(2026, 10, 5)))) == 1
    update_settings(actor=supervisor, program=world.drug, stuck_days={"referred": ""})
    assert stuck(world, at(dt.date(2027, 1, 5))) == []  # blank: never stuck when referred
    event = AuditEvent.objects.filter(action="linkage.settings").latest("pk")
    assert event.before == {"stuck_days": {"referred": 3}}


def test_settings_refuse_bad_values_and_team_staff(world):
    before = (LinkageSettings.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as caught:
        update_settings(
            actor=world.user("supervisor"),
            program=world.drug,
            stuck_days={"referred": "0", "scheduled": "x", "closed": "3"},
        )
    assert set(caught.value.message_dict) == {"referred", "scheduled", "closed"}
    with pytest.raises(ValidationError):
        update_settings(
            actor=world.user("casemanager"), program=world.drug, stuck_days={"referred": "3"}
        )
    with pytest.raises(ValidationError):
        update_settings(
            actor=world.user("supervisor"), program=world.reentry, stuck_days={"referred": "3"}
        )
    assert (LinkageSettings.objects.count(), AuditEvent.objects.count()) == before
