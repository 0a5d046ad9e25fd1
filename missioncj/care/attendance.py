"""Group attendance of episodes between two local dates, for other apps (court phase criteria)
that must not read care's tables themselves. One query for any number of episodes."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass

from missioncj.care.models import COMPLETED, Attendance, AttendanceStatus


@dataclass(frozen=True)
class AttendanceTally:
    attended: int  # present or make-up
    recorded: int  # attended + absent (excused sessions are left out)
    excused: int


def attendance_between(
    windows: Mapping[int, tuple[dt.date, dt.date]], zones: Mapping[int, zoneinfo.ZoneInfo]
) -> dict[int, AttendanceTally]:
    """episode pk → tally of its attendance rows whose session's local date (in the episode's
    program zone, `zones`) is within the inclusive window (first day, last day)."""
    if not windows:
        return {}
    earliest = min(start for start, _ in windows.values()) - dt.timedelta(days=1)
    rows = Attendance.objects.filter(
        episode_id__in=list(windows),
        group_session__occurred_at__gte=dt.datetime.combine(earliest, dt.time(), tzinfo=dt.UTC),
    ).values_list("episode_id", "status", "group_session__occurred_at")
    counts: dict[int, list[int]] = {pk: [0, 0, 0] for pk in windows}
    for episode_id, status, occurred_at in rows:
        start, end = windows[episode_id]
        day = occurred_at.astimezone(zones[episode_id]).date()
        if not start <= day <= end:
            continue
        tally = counts[episode_id]
        if status == AttendanceStatus.EXCUSED:
            tally[2] += 1
            continue
        tally[1] += 1
        if status in COMPLETED:
            tally[0] += 1
    return {pk: AttendanceTally(*values) for pk, values in counts.items()}
