"""Meeting Guide import: days, keys, idempotence, retiring, all-or-nothing with precise messages,
and the `missioncj meetings import` command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from missioncj.core.models import AuditEvent
from missioncj.linkage.models import Meeting, Source
from missioncj.linkage.services.meeting_import import FeedRejected, import_meeting_guide


def rec(slug: str, day: Any = 2, **extra: Any) -> dict[str, Any]:
    return {
        "name": f"Meeting {slug}",
        "slug": slug,
        "day": day,
        "time": "19:00",
        "end_time": "20:00",
        "location": "St. Mark's",
        "address": "10 Church St",
        "city": "Newport",
        "state": "RI",
        "postal_code": "02840",
        "latitude": 41.49,
        "longitude": -71.31,
        "types": ["O", "D"],
        **extra,
    }


def run(world: Any, feed: Any, fellowship: str | None = "aa", source: str = "Intergroup"):
    return import_meeting_guide(
        actor=world.user("supervisor"),
        program=world.drug,
        source_name=source,
        feed=feed,
        fellowship=fellowship,
    )


def test_days_become_weekdays_and_arrays_become_one_meeting_per_day(world):
    result = run(world, [rec("a", day=0), rec("b", day=[1, 6])])
    assert result.created == 3
    rows = {m.source_key: m for m in Meeting.objects.all()}
    assert sorted(rows) == ["a", "b:1", "b:6"]
    assert rows["a"].weekday == 6  # Sunday
    assert rows["b:1"].weekday == 0  # Monday
    assert rows["b:6"].weekday == 5  # Saturday
    a = rows["a"]
    assert (a.start_time, a.end_time, a.time_zone) == (dt.time(19), dt.time(20), "America/New_York")
    assert (a.location_name, a.state_province, a.fellowship) == ("St. Mark's", "RI", "aa")


def test_reimport_is_idempotent_and_one_event_per_import(world):
    feed = [rec("a"), rec("b", day=[1, 3])]
    run(world, feed)
    keys = set(Meeting.objects.values_list("pk", "source_key"))
    again = run(world, feed)
    assert (again.created, again.updated, again.unchanged, again.retired) == (0, 0, 3, 0)
    assert set(Meeting.objects.values_list("pk", "source_key")) == keys
    assert AuditEvent.objects.filter(action="meeting.import").count() == 2
    changed = run(world, [rec("a", time="19:30"), rec("b", day=[1, 3])])
    assert (changed.updated, changed.unchanged) == (1, 2)
    assert Meeting.objects.get(source_key="a").start_time == dt.time(19, 30)


def test_meetings_gone_from_the_feed_are_retired_and_come_back(world):
    run(world, [rec("a"), rec("b")])
    result = run(world, [rec("a")])
    assert result.retired == 1
    assert not Meeting.objects.get(source_key="b").active
    back = run(world, [rec("a"), rec("b")])
    assert back.restored == 1 and Meeting.objects.get(source_key="b").active
    event = AuditEvent.objects.filter(action="meeting.import").order_by("-pk").first()
    assert event is not None and event.after is not None
    assert event.after["restored"] == 1


def test_a_malformed_feed_is_rejected_whole_with_precise_messages(world):
    run(world, [rec("keep")])
    before = (Meeting.objects.count(), AuditEvent.objects.count())
    feed = [
        rec("ok"),
        rec("bad-day", day=7),
        rec("bad-time", time="7pm"),
        rec("bad-zone", timezone="Eastern"),
        {k: v for k, v in rec("x").items() if k != "slug"},
        rec("bad-url", conference_url="ftp://example.org/x"),
        rec("bad-lat", latitude=123),
        "not an object",
        rec("ok"),
    ]
    with pytest.raises(FeedRejected) as caught:
        run(world, feed)
    found = [(p.index, p.field) for p in caught.value.problems]
    assert found == [
        (1, "day"),
        (2, "time"),
        (3, "timezone"),
        (4, "slug"),
        (5, "conference_url"),
        (6, "latitude"),
        (7, "record"),
        (8, "slug"),
    ]
    messages = {p.index: p.message for p in caught.value.problems}
    assert "0 = Sunday … 6 = Saturday; 7" in messages[1]
    assert "HH:MM" in messages[2]
    assert "IANA" in messages[3]
    assert "https://" in messages[5]
    assert "already used" in messages[8]
    assert (Meeting.objects.count(), AuditEvent.objects.count()) == before
    assert Meeting.objects.get().source_key == "keep"  # nothing retired either


def test_not_an_array_and_a_failed_import_creates_no_source(world):
    with pytest.raises(FeedRejected) as caught:
        run(world, {"meetings": []}, source="New feed")
    assert (
        str(caught.value.problems[0])
        == "file, file: A Meeting Guide feed is a JSON array of meetings."
    )
    assert not Source.objects.filter(name="New feed").exists()


def test_fellowship_from_types_when_the_import_names_none(world):
    run(world, [rec("a", types=["O", "NA"]), rec("b", types=["SMART"])], fellowship=None)
    assert dict(Meeting.objects.values_list("source_key", "fellowship")) == {
        "a": "na",
        "b": "smart",
    }
    with pytest.raises(FeedRejected) as caught:
        run(world, [rec("c", types=["O"])], fellowship=None)
    assert caught.value.problems[0].field == "types"


def test_the_command_imports_and_reports_problems(world, tmp_path: Path, capsys):
    good = tmp_path / "feed.json"
    good.write_text(json.dumps([rec("a"), rec("b", day=[0, 1])]))
    args = ["import", "--program", str(world.drug.public_id), "--source", "Intergroup"]
    call_command("meetings", *args, "--fellowship", "aa", str(good))
    assert "3 new" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([rec("a", day="monday")]))
    with pytest.raises(CommandError, match="Nothing imported: 1 problem"):
        call_command("meetings", *args, "--fellowship", "aa", str(bad))
    assert "record 0, day" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("[{")
    with pytest.raises(CommandError):
        call_command("meetings", *args, str(broken))
    assert Meeting.objects.count() == 3
