"""Loading instruments, drafts, completion, immutability, corrections and safety alerts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from missioncj.assessments import services
from missioncj.assessments.history import change_for, latest_per_instrument
from missioncj.assessments.models import (
    Administration,
    Instrument,
    InstrumentVersion,
    SafetyAlert,
    VersionSource,
)
from missioncj.assessments.tests.factories import ON, give, phq9
from missioncj.care.alerts import alerts_for_user
from missioncj.core.audit import verify_chain
from missioncj.core.models import AuditEvent


def test_shipped_instruments_are_loaded_after_migrate_and_sync_is_idempotent(db):
    assert Instrument.objects.count() == 14
    assert InstrumentVersion.objects.filter(is_current=True).count() == 14
    before = InstrumentVersion.objects.count()
    assert {what for _, what in services.sync_instruments()} == {"unchanged"}
    assert InstrumentVersion.objects.count() == before
    phq = Instrument.objects.get(code="phq9").current
    assert phq is not None and phq.loinc == {"panel": "44249-1", "total": "44261-6"}


def test_changed_shipped_definition_is_a_new_version(db, monkeypatch):
    from missioncj.assessments import definitions

    original = definitions.shipped()

    def changed():
        specs = [dict(s) for s in original]
        gad = next(s for s in specs if s["code"] == "gad7")
        gad["definition"] = {**gad["definition"], "recall": "Changed wording"}
        return specs

    monkeypatch.setattr(services, "shipped", changed)
    assert ("gad7", "version 2") in services.sync_instruments()
    gad = Instrument.objects.get(code="gad7")
    assert gad.current is not None and gad.current.number == 2
    assert gad.versions.count() == 2
    assert services.sync_instruments().count(("gad7", "unchanged")) == 1


def test_program_correction_is_a_local_version_that_sync_keeps(world, monkeypatch):
    proxy = Instrument.objects.get(code="proxy")
    assert proxy.current is not None
    definition = dict(proxy.current.definition)
    definition["scoring"] = {
        **definition["scoring"],
        "bands": [
            {"min": 2, "max": 4, "code": "low", "label": "Low (local norm)"},
            {"min": 5, "max": 8, "code": "high", "label": "Full LSI-R (local norm)"},
        ],
    }
    with pytest.raises(ValidationError):
        services.publish_version(
            actor=world.user("director"), instrument=proxy, definition={"items": []}, note="x"
        )
    version = services.publish_version(
        actor=world.user("director"), instrument=proxy, definition=definition, note="Hawaii"
    )
    assert (version.number, version.source, version.is_current) == (2, VersionSource.LOCAL, True)
    assert AuditEvent.objects.filter(action="instrument.version.publish").exists()
    services.sync_instruments()
    assert Instrument.objects.get(code="proxy").current == version
    result = give(
        world.user("casemanager"),
        world.north_person,
        "proxy",
        {"age": 2, "first_arrest": 2, "priors": 0},
    )
    assert result.band_label == "Low (local norm)"


def test_draft_is_partial_then_completed_and_scored(world):
    cm = world.user("casemanager")
    draft = services.save_draft(
        actor=cm,
        participant=world.north_person,
        instrument=Instrument.objects.get(code="phq9"),
        responses={"q1": 2},
        administered_on=ON,
    )
    assert (draft.status, draft.scores, draft.total) == ("draft", None, None)
    with pytest.raises(ValidationError) as caught:
        services.complete(actor=cm, administration=draft)
    assert set(caught.value.message_dict) == {f"q{n}" for n in range(2, 10)}
    draft.refresh_from_db()
    assert draft.status == "draft"
    draft = services.save_draft(
        actor=cm,
        participant=world.north_person,
        administration=draft,
        responses=phq9(2, 2, 2, 2, 2, 0, 0, 0, 0),
        administered_on=ON,
    )
    done = services.complete(actor=cm, administration=draft)
    assert (done.status, done.total, done.band, done.band_label) == (
        "completed",
        10,
        "moderate",
        "Moderate depression",
    )
    actions = list(
        AuditEvent.objects.filter(subject_public_id=str(done.public_id)).values_list(
            "action", flat=True
        )
    )
    assert actions == ["assessment.draft", "assessment.draft.update", "assessment.complete"]
    assert verify_chain().ok


def test_draft_refuses_wrong_ids_and_values(world):
    with pytest.raises(ValidationError) as caught:
        services.save_draft(
            actor=world.user("casemanager"),
            participant=world.north_person,
            instrument=Instrument.objects.get(code="phq9"),
            responses={"q1": 9, "q99": 1},
            administered_on=ON,
        )
    assert set(caught.value.message_dict) == {"q1", "q99"}
    assert not Administration.objects.exists()


def test_completed_is_immutable_and_corrections_link_back(world):
    cm = world.user("casemanager")
    first = give(cm, world.north_person)
    with pytest.raises(ValidationError):
        services.save_draft(
            actor=cm,
            participant=world.north_person,
            administration=first,
            responses=phq9(),
            administered_on=ON,
        )
    with pytest.raises(ValidationError):
        services.complete(actor=cm, administration=first)
    correction = services.start_correction(actor=cm, administration=first)
    assert (correction.corrects, correction.status, correction.responses) == (
        first,
        "draft",
        first.responses,
    )
    with pytest.raises(ValidationError):
        services.start_correction(actor=cm, administration=first)  # one draft at a time
    fixed = services.complete(
        actor=cm, administration=correction, responses=phq9(3, 3, 3, 3, 3, 0, 0, 0, 0)
    )
    first.refresh_from_db()
    assert first.total == 6 and fixed.total == 15
    latest = latest_per_instrument(cm, world.north_person)
    assert latest == [fixed]  # the corrected one no longer counts


def test_change_from_previous_and_baseline(world):
    cm = world.user("casemanager")
    base = give(cm, world.north_person, responses=phq9(3, 3, 3, 3, 3, 3, 0, 0, 0), on=ON)
    mid = give(
        cm,
        world.north_person,
        responses=phq9(2, 2, 2, 2, 2, 2, 0, 0, 0),
        on=ON + dt.timedelta(days=14),
    )
    last = give(
        cm,
        world.north_person,
        responses=phq9(1, 1, 1, 1, 0, 0, 0, 0, 0),
        on=ON + dt.timedelta(days=28),
    )
    change = change_for(last, cm)
    assert (change.previous, change.baseline) == (mid, base)
    assert (change.from_previous, change.from_baseline) == (-8, -14)
    first = change_for(base, cm)
    assert (first.previous, first.from_previous) == (None, None)


def test_scope_decides_who_may_give_one(world):
    with pytest.raises(ValidationError):
        give(world.user("casemanager"), world.south_person)  # other team
    assert not Administration.objects.exists()
    give(world.user("supervisor"), world.south_person)  # program oversight


def test_future_date_refused(world):
    with pytest.raises(ValidationError) as caught:
        give(world.user("casemanager"), world.north_person, on=dt.date.today() + dt.timedelta(3))
    assert "administered_on" in caught.value.message_dict


# --- safety ---------------------------------------------------------------------------------


def _queue_kinds(user):
    return [a.kind for a in alerts_for_user(user)]


def test_phq9_item_9_raises_a_safety_alert_on_the_team_and_supervisor_queues(world):
    cm = world.user("casemanager")
    done = give(cm, world.north_person, responses=phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))
    alert = SafetyAlert.objects.get()
    assert (alert.administration, alert.participant, alert.acknowledged_at) == (
        done,
        world.north_person,
        None,
    )
    assert "Item 9" in alert.reason
    for name in ("casemanager", "peer", "supervisor", "director"):
        assert "safety_screen" in _queue_kinds(world.user(name)), name
    for name in ("cm.south", "outsider", "court"):
        assert "safety_screen" not in _queue_kinds(world.user(name)), name
    queued = next(a for a in alerts_for_user(cm) if a.kind == "safety_screen")
    assert queued.label == "Safety screen"
    assert str(done.public_id) in queued.url
    services.acknowledge_alert(actor=world.user("peer"), alert=alert)
    alert.refresh_from_db()
    assert alert.acknowledged_by == world.user("peer") and alert.acknowledged_at is not None
    assert "safety_screen" not in _queue_kinds(cm)
    assert "safety_screen" not in _queue_kinds(world.user("supervisor"))
    with pytest.raises(ValidationError):
        services.acknowledge_alert(actor=cm, alert=alert)


def test_a_positive_screen_at_referral_reaches_the_queue_too(world):
    """Screening happens before enrollment: the alert must not wait for it."""
    import datetime as dt

    from missioncj.participants import services as people

    cm = world.user("casemanager")
    referral = people.create_participant(
        actor=cm,
        program=world.drug,
        team=world.north,
        referral_date=dt.date(2026, 9, 20),
        first_name="Rae",
        last_name="Referral",
        date_of_birth=dt.date(1988, 1, 2),
    )
    give(cm, referral, responses=phq9(0, 0, 0, 0, 0, 0, 0, 0, 2))
    queued = [a for a in alerts_for_user(cm) if a.kind == "safety_screen"]
    assert [a.participant for a in queued] == [referral]
    assert "safety_screen" in _queue_kinds(world.user("supervisor"))
    # Referrals raise none of the enrollment-based kinds.
    assert {a.kind for a in alerts_for_user(cm) if a.participant == referral} == {"safety_screen"}


def test_no_alert_when_item_9_is_zero(world):
    give(world.user("casemanager"), world.north_person, responses=phq9(3, 3, 3, 3, 3, 3, 3, 3, 0))
    assert not SafetyAlert.objects.exists()


@pytest.mark.parametrize(
    ("responses", "alert"),
    [
        ({"q1": 0, "q2": 0, "q6": 0}, False),
        ({"q1": 1, "q2": 0, "q6": 0}, True),
        ({"q1": 0, "q2": 0, "q6": 1, "q6b": 0}, True),
        ({"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 1, "q6": 0}, True),
    ],
)
def test_cssrs_positive_screen_raises_an_alert(world, responses, alert):
    done = give(world.user("casemanager"), world.north_person, "cssrs", responses)
    assert SafetyAlert.objects.filter(administration=done).exists() is alert


def test_if_the_alert_cannot_be_written_nothing_is_saved(world, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "raise_safety_alert", broken)
    audit_before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        give(
            world.user("casemanager"), world.north_person, responses=phq9(0, 0, 0, 0, 0, 0, 0, 0, 2)
        )
    assert not Administration.objects.exists()
    assert not SafetyAlert.objects.exists()
    assert AuditEvent.objects.count() == audit_before


def test_completing_a_draft_when_the_alert_fails_leaves_the_draft(world, monkeypatch):
    cm = world.user("casemanager")
    draft = services.save_draft(
        actor=cm,
        participant=world.north_person,
        instrument=Instrument.objects.get(code="cssrs"),
        responses={"q1": 1, "q2": 0, "q6": 0},
        administered_on=ON,
    )

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "raise_safety_alert", broken)
    with pytest.raises(RuntimeError):
        services.complete(actor=cm, administration=draft)
    draft.refresh_from_db()
    assert (draft.status, draft.scores, draft.completed_at) == ("draft", None, None)
    assert not SafetyAlert.objects.exists()
