"""What the benchmark looks at: the logins, the normal and the heavy participant, the report
program, a busy docket day, a group session and the seeded duplicates.

A scale load (`missioncj demo --scale state|national`) leaves them in
`<MISSIONCJ_DATA_DIR>/scale-manifest.json`; the small demo has no manifest, so the same facts
are read from the database (the heavy participant is the one with the most contacts, the logins
are the demo personas, the docket day is the one with the most people on it, …)."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q

from missioncj.accounts.models import PROGRAM_ROLES, Membership, Role, User
from missioncj.care.models import Attendance, Contact, GroupSession
from missioncj.court.models import Court, DocketEntry
from missioncj.demo.personas import PERSONAS
from missioncj.participants.models import Episode, EpisodeStatus, Participant
from missioncj.programs.models import Program

MANIFEST = "scale-manifest.json"
OPEN = (EpisodeStatus.REFERRED, EpisodeStatus.SCREENING, EpisodeStatus.ENROLLED)
# Who looks at a participant when the preferred logins cannot: overseers first.
ROLE_ORDER = (Role.DIRECTOR, Role.SUPERVISOR, Role.CASE_MANAGER, Role.PEER, Role.CLINICIAN)


class BenchError(Exception):
    """The benchmark cannot run as asked; the message says why and what to do."""


@dataclass
class Facts:
    scale: str
    source: str  # "manifest" or "database"
    logins: dict[str, str]  # role word -> username
    normal_participant: UUID
    heavy_participant: UUID
    report_program: UUID
    docket_program: UUID
    docket_date: dt.date
    group_session: UUID | None
    duplicates: list[tuple[UUID, UUID, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "scale": self.scale,
            "source": self.source,
            "logins": self.logins,
            "normal_participant": str(self.normal_participant),
            "heavy_participant": str(self.heavy_participant),
            "report_program": str(self.report_program),
            "docket": {"program": str(self.docket_program), "date": str(self.docket_date)},
            "group_session": str(self.group_session) if self.group_session else None,
            "duplicates": len(self.duplicates),
        }


def manifest_path() -> Path:
    return Path(settings.DATA_DIR) / MANIFEST


def read_manifest() -> dict[str, Any] | None:
    """The scale manifest when it describes the configured database, else None."""
    path = manifest_path()
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise BenchError(f"{path} is not a readable scale manifest ({exc}).") from exc
    database = manifest.get("database") or {}
    here = {"vendor": connection.vendor, "name": str(connection.settings_dict["NAME"])}
    if database.get("vendor") != here["vendor"] or not _same_database(
        str(database.get("name")), here["name"]
    ):
        return None
    heavy = manifest.get("heavy_participant")
    if not heavy or not Participant.objects.filter(public_id=heavy).exists():
        return None  # written by a load this database no longer holds
    return manifest


def _same_database(name: str, here: str) -> bool:
    """Database names; SQLite's are paths, the same file however they are spelled."""
    if connection.vendor == "sqlite" and os.path.exists(name) and os.path.exists(here):
        return os.path.samefile(name, here)
    return name == here


def loaded_scale(manifest: dict[str, Any] | None) -> str:
    return str(manifest["scale"]) if manifest else "small"


# --- who may look -----------------------------------------------------------------------------


def user(username: str) -> User:
    found = User.objects.filter(username=username, is_active=True).first()
    if found is None:
        raise BenchError(f"The login “{username}” is not in this database (or is inactive).")
    return found


def sees(viewer: User, public_id: UUID) -> bool:
    return Participant.objects.visible_to(viewer).filter(public_id=public_id).exists()


def overseer(program: Program, preferred: list[str]) -> User:
    """A director (else supervisor) of the program: one of `preferred` when they are."""
    rows = Membership.objects.filter(program=program, active=True, role__in=PROGRAM_ROLES)
    for name in preferred:
        if rows.filter(user__username=name).exists():
            return user(name)
    found = rows.select_related("user").order_by("role", "pk").first()
    if found is None:
        raise BenchError(f"No director or supervisor works in “{program.name}”.")
    return found.user


def viewer_for(public_id: UUID, preferred: list[str]) -> User:
    """Someone who may open the participant: one of `preferred` (in order) when they can,
    else someone working in one of the participant's programs (overseers first)."""
    for name in preferred:
        candidate = User.objects.filter(username=name, is_active=True).first()
        if candidate is not None and sees(candidate, public_id):
            return candidate
    programs = Episode.objects.filter(participant__public_id=public_id).values("program_id")
    staff = (
        Membership.objects.filter(program_id__in=programs, active=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    )
    rank: dict[str, int] = {str(role): n for n, role in enumerate(ROLE_ORDER)}
    for membership in sorted(staff, key=lambda m: (rank.get(m.role, 99), m.pk)):
        if sees(membership.user, public_id):
            return membership.user
    raise BenchError(f"No login in this database may open participant {public_id}.")


# --- facts -------------------------------------------------------------------------------------


def persona(role: Role) -> str:
    return next(p.username for p in PERSONAS if p.role == role)


def _login(role: Role, word: str, manifest: dict[str, Any] | None) -> str:
    if manifest and manifest.get("logins", {}).get(word):
        return str(manifest["logins"][word])
    name = persona(role)
    if User.objects.filter(username=name).exists():
        return name
    found = (
        Membership.objects.filter(role=role, active=True).select_related("user").order_by("pk")
    ).first()
    if found is None:
        raise BenchError(f"This database has no {role.label.lower()} login to measure with.")
    return found.user.username


def normal_participant(casemanager: User) -> UUID:
    """The participant with the median number of contacts on the case manager's caseload."""
    rows = list(
        Episode.objects.visible_to(casemanager)
        .filter(status__in=OPEN)
        .values("participant__public_id")
        .annotate(n=Count("contacts"))
        .order_by("n", "participant__public_id")
        .values_list("participant__public_id", flat=True)
    )
    if not rows:
        raise BenchError(f"“{casemanager.username}” has no one on their caseload.")
    return rows[len(rows) // 2]


def heavy_participant() -> UUID:
    top = (
        Contact.objects.values("participant_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "participant_id")
        .first()
    )
    if top is None:
        raise BenchError("This database holds no contacts to benchmark the participant page.")
    return Participant.objects.get(pk=top["participant_id"]).public_id


def busy_docket(program: Program) -> tuple[Program, dt.date]:
    """The local date with the most people on a docket (the program's own courts first)."""
    entries = DocketEntry.objects.all()
    own = entries.filter(hearing__court__program=program)
    chosen = own if own.exists() else entries
    top = (
        chosen.values("hearing__court__program_id", "hearing__local_date")
        .annotate(n=Count("pk"))
        .order_by("-n", "-hearing__local_date")
        .first()
    )
    if top is None:
        raise BenchError("This database holds no hearing with anyone on its docket.")
    return Program.objects.get(pk=top["hearing__court__program_id"]), top["hearing__local_date"]


def busy_group(program: Program) -> UUID | None:
    rows = GroupSession.objects.filter(program=program).annotate(n=Count("attendance"))
    top = rows.filter(n__gt=0).order_by("-n", "-occurred_at").first()
    if top is None:
        top = GroupSession.objects.annotate(n=Count("attendance")).order_by("-n").first()
    return top.public_id if top else None


def gather(scale: str, manifest: dict[str, Any] | None) -> Facts:
    logins = {
        "casemanager": _login(Role.CASE_MANAGER, "casemanager", manifest),
        "director": _login(Role.DIRECTOR, "director", manifest),
        "supervisor": _login(Role.SUPERVISOR, "supervisor", manifest),
        "court": _login(Role.COURT_PARTNER, "court", manifest),
    }
    casemanager = user(logins["casemanager"])
    normal = normal_participant(casemanager)
    if manifest:
        program = Program.objects.get(public_id=manifest["report_program"])
        docket = manifest.get("docket")
        if docket:
            docket_program = Program.objects.get(public_id=docket["program"])
            docket_date = dt.date.fromisoformat(docket["date"])
        else:
            docket_program, docket_date = busy_docket(program)
        duplicates = [(UUID(a), UUID(b), str(kind)) for a, b, kind in manifest["duplicates"]]
        group = manifest.get("group_session")
        return Facts(
            scale=scale,
            source="manifest",
            logins=logins,
            normal_participant=normal,
            heavy_participant=UUID(manifest["heavy_participant"]),
            report_program=program.public_id,
            docket_program=docket_program.public_id,
            docket_date=docket_date,
            group_session=UUID(group) if group else busy_group(program),
            duplicates=duplicates,
        )
    works_in = (
        Program.objects.filter(
            Q(memberships__user=casemanager) & Q(memberships__role=Role.CASE_MANAGER)
        )
        .order_by("pk")
        .first()
    )
    if works_in is None:
        raise BenchError(f"“{casemanager.username}” works in no program.")
    program = works_in
    docket_program, docket_date = busy_docket(program)
    return Facts(
        scale=scale,
        source="database",
        logins=logins,
        normal_participant=normal,
        heavy_participant=heavy_participant(),
        report_program=program.public_id,
        docket_program=docket_program.public_id,
        docket_date=docket_date,
        group_session=busy_group(program),
    )


def docket_court(program_id: UUID, day: dt.date) -> Court:
    """The program's court with the most people on its docket that day."""
    top = (
        Court.objects.filter(program__public_id=program_id, hearings__local_date=day)
        .annotate(n=Count("hearings__entries"))
        .order_by("-n", "pk")
        .first()
    )
    if top is None:
        raise BenchError(f"No court of program {program_id} sits on {day}.")
    return top


def attendance_rows(group: UUID) -> int:
    return Attendance.objects.filter(group_session__public_id=group).count()
