"""Demo data: deterministic, complete, chained in the audit trail, never mixed with real data.

A demo load takes seconds, so the suite loads it three times in all: through the `demo` command
with its default seed (checked in detail, then rolled back to an empty database), through
`load_demo` with the same seed and anchor date (which must give the same people, episodes and
contacts), and once with another seed (every stage of the program must still be shown).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count

from missioncj.accounts.models import Membership, Role, User
from missioncj.care.models import Contact
from missioncj.core.audit import verify_chain
from missioncj.core.models import AuditEvent
from missioncj.demo.generator import DemoRefused, demo_loaded, holds_real_data, load_demo
from missioncj.demo.personas import PERSONAS
from missioncj.participants.models import Episode, EpisodeStatus, Participant
from missioncj.programs.models import Organization, Program
from missioncj.programs.services import create_organization

SEED = 2026  # the `demo` command's default: what people see
OTHER_SEED = 1
TODAY = dt.date(2026, 10, 15)

# username -> (role, program name starts with, team) ; None role: system administrator
EXPECTED_ROLES: dict[str, tuple[str | None, str, str | None]] = {
    "director": (Role.DIRECTOR, "Harbor County Drug Court", None),
    "supervisor": (Role.SUPERVISOR, "Harbor County Drug Court", None),
    "casemanager": (Role.CASE_MANAGER, "Harbor County Drug Court", "Team North"),
    "peer": (Role.PEER, "Harbor County Drug Court", "Team North"),
    "clinician": (Role.CLINICIAN, "Harbor County Drug Court", "Team North"),
    "court": (Role.COURT_PARTNER, "Harbor County Drug Court", None),
    "evaluator": (Role.EVALUATOR, "Harbor County Drug Court", None),
    "admin": (None, "", None),
    "outsider": (Role.CASE_MANAGER, "Harbor County Jail Re-entry", "Re-entry Team"),
}
ALL_STAGES = {
    EpisodeStatus.REFERRED,
    EpisodeStatus.SCREENING,
    EpisodeStatus.ENROLLED,
    EpisodeStatus.DISCHARGED,
    EpisodeStatus.NOT_ENROLLED,
}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class _RollBack(Exception):
    """Raised to undo a demo load and get the empty database back."""


def counts() -> dict[str, int]:
    return {
        "organizations": Organization.objects.count(),
        "programs": Program.objects.count(),
        "users": User.objects.count(),
        "participants": Participant.objects.count(),
        "episodes": Episode.objects.count(),
        "contacts": Contact.objects.count(),
        "events": AuditEvent.objects.count(),
    }


def snapshot() -> dict[str, Any]:
    """Everything a demo load decides, without database keys or random public ids."""
    return {
        "people": list(
            Participant.objects.order_by("pk").values_list(
                "last_name", "first_name", "preferred_name", "date_of_birth", "sex", "race"
            )
        ),
        "episodes": list(
            Episode.objects.order_by("pk").values_list(
                "participant__last_name",
                "participant__first_name",
                "program__name",
                "team__name",
                "status",
                "referral_date",
                "screening_date",
                "enrolled_date",
                "closed_date",
                "discharge_reason",
            )
        ),
        "contacts_per_person": list(
            Participant.objects.order_by("pk")
            .annotate(n=Count("contacts"))
            .values_list("last_name", "first_name", "n")
        ),
        "contacts": list(
            Contact.objects.order_by("pk").values_list(
                "occurred_at",
                "duration_minutes",
                "modality",
                "location",
                "note",
                "author__username",
            )
        ),
        "identifiers": sorted(
            Participant.objects.values_list("identifiers__kind", "identifiers__value")
        ),
        "staff": list(
            User.objects.order_by("username").values_list(
                "username", "display_name", "is_superuser"
            )
        ),
        "audit_actions": list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)),
    }


@contextlib.contextmanager
def unordered_rows_reversed() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA reverse_unordered_selects = ON")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA reverse_unordered_selects = OFF")


def check_complete_demo(password: str, output: str) -> None:
    # Personas, with the right roles, signing in with the demo password.
    for username, (role, program_prefix, team) in EXPECTED_ROLES.items():
        user = User.objects.get(username=username)
        assert user.check_password(password), username
        memberships = list(Membership.objects.filter(user=user).select_related("program", "team"))
        if role is None:
            assert user.is_superuser
            assert memberships == []
        else:
            assert not user.is_superuser, username
            assert len(memberships) == 1, username
            membership = memberships[0]
            assert membership.role == role, username
            assert membership.active
            assert membership.program.name.startswith(program_prefix), username
            assert (membership.team.name if membership.team else None) == team, username
        assert f"  {username:<12}" in output
    assert {p.username for p in PERSONAS} == set(EXPECTED_ROLES)
    assert f"Demo logins (password: {password}):" in output

    # About sixty people in every stage of the program.
    participants = Participant.objects.count()
    assert participants == 60
    statuses = Counter(Episode.objects.values_list("status", flat=True))
    assert set(statuses) == ALL_STAGES, statuses
    assert statuses[EpisodeStatus.ENROLLED] >= 20
    contacts = Contact.objects.count()
    assert contacts > 500
    assert f"Demo loaded: 2 programs, {participants} participants, {contacts} contacts." in output
    # Nothing dated after the anchor day.
    assert not Episode.objects.filter(referral_date__gt=TODAY).exists()
    assert all(c.date() <= TODAY for c in Contact.objects.values_list("occurred_at", flat=True))

    # Marked as demo, and every write is in an intact audit chain ending with the load itself.
    assert demo_loaded()
    assert not holds_real_data()
    assert list(Organization.objects.values_list("is_demo", flat=True)) == [True]
    report = verify_chain()
    assert report.ok, report
    assert report.checked == AuditEvent.objects.count()
    assert AuditEvent.objects.filter(action="contact.create").count() == contacts
    assert AuditEvent.objects.filter(action="participant.create").count() == participants
    last = AuditEvent.objects.order_by("-pk").first()
    assert last is not None
    assert last.action == "demo.load"
    assert last.after == {"seed": SEED, "today": str(TODAY), "participants": participants}


def test_demo_is_complete_deterministic_and_loads_once(db: Any, settings: Any) -> None:
    password = settings.MISSIONCJ_DEMO_PASSWORD
    empty = counts()
    assert empty["users"] == 0 and empty["participants"] == 0

    # First load: the `demo` command, checked in detail, then rolled back.
    try:
        with transaction.atomic():
            out = StringIO()
            call_command("demo", f"--today={TODAY}", stdout=out)  # the default seed
            check_complete_demo(password, out.getvalue())
            first = snapshot()

            # A second load is refused and writes nothing.
            loaded = counts()
            with pytest.raises(DemoRefused, match="already loaded"):
                load_demo(password=password, seed=SEED, today=TODAY)
            with pytest.raises(CommandError, match="already loaded"):
                call_command("demo", f"--seed={SEED}", f"--today={TODAY}", stdout=StringIO())
            assert counts() == loaded
            assert verify_chain().ok
            raise _RollBack
    except _RollBack:
        pass
    assert counts() == empty

    # Second load into the empty database: the same seed and day give the same data, whatever
    # order the database returns unordered rows in (PostgreSQL's changes as its tables are
    # vacuumed): on SQLite this load reads them in reverse.
    with unordered_rows_reversed():
        result = load_demo(password=password, seed=SEED, today=TODAY)
    assert result.participants == 60
    assert result.contacts == Contact.objects.count()
    assert [p.name for p in result.programs] == list(
        Program.objects.order_by("pk").values_list("name", flat=True)
    )
    second = snapshot()
    for key in first:
        assert second[key] == first[key], key
    assert verify_chain().ok


def test_demo_refuses_a_database_with_real_data(db: Any, settings: Any) -> None:
    create_organization(actor=None, name="Real County Treatment Court")
    assert holds_real_data()
    before = counts()
    with pytest.raises(DemoRefused, match="real"):
        load_demo(password=settings.MISSIONCJ_DEMO_PASSWORD, seed=SEED, today=TODAY)
    with pytest.raises(CommandError, match="real"):
        call_command("demo", f"--seed={SEED}", f"--today={TODAY}", stdout=StringIO())
    assert counts() == before
    assert not demo_loaded()
    assert not User.objects.exists()
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["organization.create"]
    assert verify_chain().ok


def test_run_is_only_for_demo_mode(db: Any, settings: Any) -> None:
    settings.MISSIONCJ_DEMO = False
    with pytest.raises(CommandError, match="demo"):
        call_command("run", stdout=StringIO())
    assert counts()["organizations"] == 0


def test_demo_shows_every_stage_whatever_the_seed(db: Any, settings: Any) -> None:
    """`demo --seed N` must still show referrals, screenings and the rest, not only by luck."""
    result = load_demo(password=settings.MISSIONCJ_DEMO_PASSWORD, seed=OTHER_SEED, today=TODAY)
    assert result.participants == 60
    statuses = Counter(Episode.objects.values_list("status", flat=True))
    assert set(statuses) == ALL_STAGES, statuses
    assert Contact.objects.count() > 500
    assert verify_chain().ok
