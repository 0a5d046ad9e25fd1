"""Date checks shared by the linkage services: messages name the field and the bound."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from missioncj.programs.models import Program


def local_today(program: Program) -> dt.date:
    return timezone.now().astimezone(program.zone).date()


def fmt(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def not_future(day: dt.date, program: Program, what: str) -> str:
    today = local_today(program)
    if day > today:
        return f"{what} cannot be in the future (today is {fmt(today)})."
    return ""
