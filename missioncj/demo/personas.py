"""The demo logins, one per role, plus an outsider in another program."""

from __future__ import annotations

from dataclasses import dataclass

from missioncj.accounts.models import Role


@dataclass(frozen=True)
class Persona:
    username: str
    display_name: str
    role: Role | None  # None: system administrator without a program role
    program: str  # "drug" or "reentry"
    team: str | None = None


PERSONAS = [
    Persona("director", "Dana Director", Role.DIRECTOR, "drug"),
    Persona("supervisor", "Sam Supervisor", Role.SUPERVISOR, "drug"),
    Persona("casemanager", "Casey Manager", Role.CASE_MANAGER, "drug", "Team North"),
    Persona("peer", "Pat Peer", Role.PEER, "drug", "Team North"),
    Persona("clinician", "Chris Clinician", Role.CLINICIAN, "drug", "Team North"),
    Persona("court", "Corey Coordinator", Role.COURT_PARTNER, "drug"),
    Persona("evaluator", "Evan Evaluator", Role.EVALUATOR, "drug"),
    Persona("admin", "Alex Admin", None, "drug"),
    Persona("outsider", "Olive Outsider", Role.CASE_MANAGER, "reentry", "Re-entry Team"),
]
# Staff who are not demo logins but fill out the second drug-court team and the re-entry team.
EXTRA_STAFF = [
    Persona("cm.south", "Morgan South", Role.CASE_MANAGER, "drug", "Team South"),
    Persona("peer.south", "Jordan South", Role.PEER, "drug", "Team South"),
    Persona("peer.reentry", "Riley Reentry", Role.PEER, "reentry", "Re-entry Team"),
]
