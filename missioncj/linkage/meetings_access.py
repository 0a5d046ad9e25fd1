"""Who works with meetings and the finder: the staff of the program that owns the source
(directors and supervisors through `scope_of`, team staff of that program through their
membership). Court partners, evaluators and everyone outside the program get a 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from missioncj.accounts.scope import scope_of
from missioncj.linkage.models import Meeting
from missioncj.participants.restricted import staff_program_ids
from missioncj.programs.models import Program


def linkage_program_ids(user: Any) -> set[int]:
    scope = scope_of(user)
    return set(scope.program_ids) | (staff_program_ids(user) & set(scope.member_program_ids))


def program_for(user: Any, program_id: UUID) -> Program:
    return get_object_or_404(
        Program.objects.filter(pk__in=linkage_program_ids(user)), public_id=program_id
    )


def program_meetings(program: Program) -> QuerySet[Meeting]:
    return Meeting.objects.filter(source__program=program).select_related("source")


def meeting_for(program: Program, meeting_id: UUID) -> Meeting:
    return get_object_or_404(program_meetings(program), public_id=meeting_id)
