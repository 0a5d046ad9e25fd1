"""The database refuses to change a completed administration (and, on PostgreSQL, to delete one)
and to edit an instrument version's definition (migration 0003_completed_guard)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from missioncj.assessments import services
from missioncj.assessments.models import Administration, Instrument, InstrumentVersion
from missioncj.assessments.tests.factories import ON, give, phq9


def draft(world):
    return services.save_draft(
        actor=world.user("casemanager"),
        participant=world.north_person,
        instrument=Instrument.objects.get(code="phq9"),
        responses={"q1": 1},
        administered_on=ON,
    )


def test_orm_update_save_and_delete_of_a_completed_one_are_refused(world):
    done = give(world.user("casemanager"), world.north_person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Administration.objects.filter(pk=done.pk).update(total=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Administration.objects.filter(pk=done.pk).update(status="draft", completed_at=None)
    done.band = "minimal"
    with pytest.raises(IntegrityError), transaction.atomic():
        done.save()
    if connection.vendor == "postgresql":
        fresh = Administration.objects.get(pk=done.pk)
        with pytest.raises(IntegrityError), transaction.atomic():
            fresh.delete()
    stored = Administration.objects.get(pk=done.pk)
    assert (stored.status, stored.total, stored.band) == ("completed", 6, "mild")


def test_a_bulk_update_touching_a_completed_one_changes_no_row(world):
    done = give(world.user("casemanager"), world.north_person)
    open_one = draft(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Administration.objects.filter(pk__in=[done.pk, open_one.pk]).update(band_label="x")
    assert set(Administration.objects.values_list("band_label", flat=True)) == {
        "Mild depression",
        "",
    }


def test_a_draft_stays_editable_deletable_and_completable(world):
    editable = draft(world)
    Administration.objects.filter(pk=editable.pk).update(responses={"q1": 2})
    editable.refresh_from_db()
    assert editable.responses == {"q1": 2}
    done = services.complete(
        actor=world.user("casemanager"), administration=editable, responses=phq9()
    )
    assert (done.status, done.total) == ("completed", 6)
    assert Administration.objects.get(pk=done.pk).status == "completed"

    doomed = draft(world)
    doomed.delete()
    assert not Administration.objects.filter(pk=doomed.pk).exists()


def test_completing_by_raw_update_from_draft_passes_but_not_back(world):
    row = draft(world)
    now = timezone.now()
    Administration.objects.filter(pk=row.pk).update(status="completed", completed_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Administration.objects.filter(pk=row.pk).update(status="draft")
    assert Administration.objects.get(pk=row.pk).status == "completed"


def test_an_instrument_versions_definition_and_digest_never_change(db):
    version = InstrumentVersion.objects.get(instrument__code="gad7", is_current=True)
    definition = version.definition
    with pytest.raises(IntegrityError), transaction.atomic():
        InstrumentVersion.objects.filter(pk=version.pk).update(
            definition={**definition, "recall": "edited"}
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        InstrumentVersion.objects.filter(pk=version.pk).update(digest="0" * 64)
    version.refresh_from_db()
    assert version.definition == definition
    assert version.digest == services.digest(definition)


def test_an_instrument_versions_other_columns_stay_changeable(db):
    version = InstrumentVersion.objects.get(instrument__code="gad7", is_current=True)
    InstrumentVersion.objects.filter(pk=version.pk).update(is_current=False)
    version.refresh_from_db()
    assert version.is_current is False
    version.is_current = True
    version.note = "re-saved whole"
    version.save()  # writes definition and digest unchanged
    version.refresh_from_db()
    assert (version.is_current, version.note) == (True, "re-saved whole")


def trigger_names() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_flush_empties_completed_ones_and_leaves_the_guard_in_place(world):
    """Transactional tests and `manage.py flush` empty every table, completed assessments too
    (SQLite: the guard refuses updates only; PostgreSQL's TRUNCATE fires no row trigger)."""
    give(world.user("casemanager"), world.north_person)
    guards = trigger_names()
    assert {
        "assessments_instrumentversion_frozen",
        "assessments_administration_completed_no_update"
        if connection.vendor == "sqlite"
        else "assessments_administration_completed_guard",
    } <= guards
    call_command("flush", interactive=False, verbosity=0)
    assert not Administration.objects.exists()
    assert trigger_names() == guards
    version = InstrumentVersion.objects.get(instrument__code="phq9", is_current=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        InstrumentVersion.objects.filter(pk=version.pk).update(digest="0" * 64)
