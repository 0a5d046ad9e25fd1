"""The group-session list as a file (`?format=csv|xlsx` on the Groups page): every session the
user may see, with how many of the members they may see attended in each status. No names."""

from __future__ import annotations

from collections import Counter

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase

from missioncj.care.group_forms import session_titles
from missioncj.care.models import Attendance, GroupSession
from missioncj.core.exports import Table, columns, export_response
from missioncj.participants.models import Episode

COLUMNS = columns(
    ("id", "Session id"),
    ("program", "Program"),
    ("curriculum", "Curriculum"),
    ("number", "Session"),
    ("title", "Title"),
    ("date", "Date"),
    ("present", "Present"),
    ("absent", "Absent"),
    ("excused", "Excused"),
    ("make_up", "Make-up"),
)


def group_list_file(
    request: HttpRequest, groups: QuerySet[GroupSession], fmt: str
) -> HttpResponseBase:
    sessions = list(groups)
    visible = Episode.objects.visible_to(request.user)
    counts = Counter(
        Attendance.objects.filter(group_session__in=sessions, episode__in=visible).values_list(
            "group_session_id", "status"
        )
    )
    titles = session_titles((g.curriculum_id, g.session_number) for g in sessions)
    rows = (
        (
            str(g.public_id),
            g.program.name,
            g.curriculum.name,
            g.session_number,
            titles.get((g.curriculum_id, g.session_number), ""),
            g.occurred_at.astimezone(g.program.zone).date(),
            *(counts[(g.pk, status)] for status in ("present", "absent", "excused", "makeup")),
        )
        for g in sessions
    )
    programs = {g.program_id for g in sessions}
    return export_response(
        request,
        Table("Groups", COLUMNS, rows),
        fmt,
        program=sessions[0].program if len(programs) == 1 and sessions else None,
        name="care.groups",
        identified=False,
        participant_count=0,
    )
