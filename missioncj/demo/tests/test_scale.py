"""Scale data at its smallest (the hidden `tiny` scale): what the manifest promises is there, the
rows keep the rules the services keep, the audit chain verifies, the same seed gives the same
rows, and the database refusals are clear. (Page rendering: test_scale_pages.py; the events
against the services themselves: test_scale_parity.py.)"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.core.management import CommandError, call_command
from django.db import connection, models, transaction

from missioncj.accounts.models import Membership, Role, User
from missioncj.assessments import scoring
from missioncj.assessments.models import Administration
from missioncj.care.models import Attendance, Contact
from missioncj.core.audit import verify_chain
from missioncj.core.models import AuditEvent
from missioncj.court.drug_tests import outcome_of
from missioncj.court.hearing_times import to_utc
from missioncj.court.models import DocketEntry, DrugTest, Hearing
from missioncj.demo.scale import vocab
from missioncj.demo.scale.loader import WRITTEN, ScaleRefused, check_database, load_scale
from missioncj.demo.scale.manifest import manifest_path
from missioncj.demo.scale.spec import SCALES
from missioncj.participants.models import Episode, Participant

TODAY = dt.date(2026, 10, 15)
TINY = SCALES["tiny"]


@pytest.fixture(autouse=True)
def _fast(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load(seed: int = 7, workers: int = 1) -> dict[str, Any]:
    return load_scale(
        "tiny",
        seed=seed,
        password=settings.MISSIONCJ_DEMO_PASSWORD,
        today=TODAY,
        workers=workers,
    )


class _RollBack(Exception):
    pass


def digest_of_rows() -> str:
    """Every generated row of every table, in key order."""
    out = hashlib.sha256()
    tables: list[type[models.Model]] = [*WRITTEN, AuditEvent]
    for model in tables:
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model._base_manager.order_by("pk").values_list(*fields):
            out.update(repr(row).encode())
    return out.hexdigest()


@pytest.mark.django_db
def test_manifest_heavy_participant_duplicates_and_chain() -> None:
    manifest = load()
    assert json.loads(manifest_path().read_text()) == json.loads(json.dumps(manifest))
    for key in (
        "scale",
        "seed",
        "database",
        "seconds",
        "counts",
        "heavy_participant",
        "duplicates",
        "logins",
        "report_program",
        "docket",
        "group_session",
    ):
        assert manifest[key] is not None, key
    assert manifest["database"]["vendor"] == connection.vendor
    for model in WRITTEN:
        assert manifest["counts"][model._meta.db_table] == model._base_manager.count()
    assert manifest["counts"]["core_auditevent"] == AuditEvent.objects.count()
    # The heavy participant has exactly the contacts, tests and hearings the scale names.
    heavy = Participant.objects.get(public_id=manifest["heavy_participant"])
    assert Contact.objects.filter(participant=heavy).count() == TINY.heavy_contacts
    assert DrugTest.objects.filter(participant=heavy).count() == TINY.heavy_tests
    assert DocketEntry.objects.filter(participant=heavy).count() == TINY.heavy_hearings
    _check_duplicates(manifest["duplicates"])
    _check_logins(manifest)
    report = verify_chain()
    assert report.ok, report
    assert report.checked == AuditEvent.objects.count() >= TINY.audit_events * 0.8


def _close(one: str, other: str) -> bool:
    """One slip apart: a letter dropped, doubled, swapped or mistyped, or a known variant."""
    if {one, other} in [set(pair) for pair in vocab.SPELLINGS]:
        return True
    if len(one) == len(other):
        diffs = [i for i in range(len(one)) if one[i] != other[i]]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1)
    short, long = sorted((one, other), key=len)
    return len(long) - len(short) == 1 and any(
        long[:i] + long[i + 1 :] == short for i in range(len(long))
    )


def _check_duplicates(pairs: list[list[str]]) -> None:
    people = Participant.objects.count()
    assert len(pairs) == round((people - len(pairs)) * TINY.duplicate_share) or len(pairs) >= 2
    assert set(Counter(kind for *_, kind in pairs)) == {
        "typo",
        "nickname",
        "swapped",
        "transposed_dob",
    }
    for original_id, copy_id, kind in pairs:
        original = Participant.objects.get(public_id=original_id)
        copy = Participant.objects.get(public_id=copy_id)
        assert original.pk != copy.pk and original.sex == copy.sex
        assert copy.episodes.order_by("referral_date")[0].referral_date > (
            original.episodes.order_by("referral_date")[0].referral_date
        )
        if kind == "typo":
            assert copy.date_of_birth == original.date_of_birth
            names = [(copy.first_name, original.first_name), (copy.last_name, original.last_name)]
            changed = [(a, b) for a, b in names if a != b]
            assert len(changed) == 1 and _close(*changed[0]), names
        elif kind == "nickname":
            assert copy.first_name in vocab.NICKNAMES[original.first_name]
            assert copy.last_name == original.last_name
        elif kind == "swapped":
            assert (copy.first_name, copy.last_name) == (original.last_name, original.first_name)
        else:
            born = original.date_of_birth
            assert copy.date_of_birth == born.replace(month=born.day, day=born.month) != born


def _check_logins(manifest: dict[str, Any]) -> None:
    logins = manifest["logins"]
    roles = {
        "casemanager": Role.CASE_MANAGER,
        "director": Role.DIRECTOR,
        "supervisor": Role.SUPERVISOR,
        "court": Role.COURT_PARTNER,
    }
    for key, role in roles.items():
        user = User.objects.get(username=logins[key])
        stored = user.password
        assert not identify_hasher(stored).must_update(stored)
        assert user.check_password(settings.MISSIONCJ_DEMO_PASSWORD)
        # Signing in does not rehash (which would sign out the user's other sessions).
        assert User.objects.get(pk=user.pk).password == stored
        membership = Membership.objects.get(user=user, role=role)
        assert str(membership.program.public_id) == manifest["report_program"]
    team = Membership.objects.get(user__username=logins["casemanager"]).team
    caseload = Episode.objects.filter(team=team, status__in=["referred", "screening", "enrolled"])
    assert 10 <= caseload.count() <= 2 * TINY.caseload
    heavy = Participant.objects.get(public_id=manifest["heavy_participant"])
    assert caseload.filter(participant=heavy).exists()


@pytest.mark.django_db
def test_rows_keep_the_rules_the_services_keep() -> None:
    load()
    zones = {e.pk: e.program.zone for e in Episode.objects.select_related("program")}
    for episode in Episode.objects.all():
        days = [
            episode.referral_date,
            episode.screening_date,
            episode.enrolled_date,
            episode.closed_date,
        ]
        known = [d for d in days if d is not None]
        assert known == sorted(known) and known[-1] < TODAY, episode
        assert {
            "referred": (None, None, None),
            "screening": (episode.screening_date, None, None),
            "enrolled": (episode.screening_date, episode.enrolled_date, None),
            "discharged": (episode.screening_date, episode.enrolled_date, episode.closed_date),
            "not_enrolled": (episode.screening_date, None, episode.closed_date),
        }[episode.status] == (episode.screening_date, episode.enrolled_date, episode.closed_date)
        assert bool(episode.discharge_reason) == (episode.status == "discharged")
    for contact in Contact.objects.select_related("episode"):
        day = contact.occurred_at.astimezone(zones[contact.episode_id]).date()
        episode = contact.episode
        assert episode.referral_date <= day <= (episode.closed_date or TODAY)
        assert contact.participant_id == episode.participant_id
        assert contact.created_at >= contact.occurred_at
    for admin in Administration.objects.select_related("instrument_version", "participant"):
        scores = scoring.score(
            admin.instrument_version.definition, admin.responses, sex=admin.participant.sex
        )
        assert json.loads(json.dumps(scores)) == admin.scores
        assert (admin.total, admin.band) == (scores["total"], scores["band"] or "")
    for test in DrugTest.objects.prefetch_related("results").select_related("episode"):
        assert test.outcome == outcome_of(
            test.status, test.validity, test.resulted_at, list(test.results.all())
        )
        moment = test.collected_at or test.notified_at
        assert (
            moment is not None
            and test.local_date == moment.astimezone(zones[test.episode_id]).date()
        )
    for hearing in Hearing.objects.select_related("court__program"):
        zone = hearing.court.program.zone
        assert hearing.starts_at == to_utc(hearing.local_date, hearing.local_time, zone)
        resulted = hearing.entries.exclude(appearance="").exists()
        assert (hearing.status == "held") == resulted
    for row in Attendance.objects.select_related("group_session", "episode"):
        day = row.group_session.occurred_at.astimezone(zones[row.episode_id]).date()
        assert row.episode.enrolled_date is not None and row.episode.enrolled_date <= day
    _full_clean_samples()


def _full_clean_samples() -> None:
    """A few rows of every table pass the model's own validation."""
    for model in WRITTEN:
        for instance in model._base_manager.order_by("?")[:15]:
            # A NULL the service writes without validating (e.g. a revision's system editor).
            nulls = [
                f.name
                for f in model._meta.concrete_fields
                if f.null and getattr(instance, f.attname) is None
            ]
            instance.full_clean(exclude=nulls, validate_unique=False)


@pytest.mark.django_db
def test_same_seed_same_rows_another_seed_other_rows() -> None:
    """Drawn in a forked process or in this one, the same seed gives the same rows."""
    digests = []
    for seed, workers in ((11, 1), (11, 0), (12, 1)):
        try:
            with transaction.atomic():
                load(seed, workers)
                digests.append(digest_of_rows())
                raise _RollBack
        except _RollBack:
            pass
    assert digests[0] == digests[1] != digests[2]
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_refuses_a_database_with_participants() -> None:
    load()
    before = AuditEvent.objects.count()
    with pytest.raises(ScaleRefused, match=r"already holds \d+ participants"):
        load()
    with pytest.raises(CommandError, match="already holds"):
        call_command("demo", "--scale", "tiny", "--quiet")
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_national_is_for_postgresql() -> None:
    if connection.vendor == "sqlite":
        with pytest.raises(ScaleRefused, match="is for PostgreSQL"):
            check_database(SCALES["national"])
        with pytest.raises(CommandError, match="is for PostgreSQL"):
            call_command("demo", "--scale", "national", "--quiet")
    else:
        check_database(SCALES["national"])  # an empty PostgreSQL database is accepted
    assert not Participant.objects.exists()


def test_scale_choices() -> None:
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("demo", "--scale", "county")
