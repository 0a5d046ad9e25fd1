"""The bulk rows against the services themselves: generated records are replayed through the real
service with the same inputs, and the service's audit events must carry what the generator
wrote (same kind, action, subject type and before/after), apart from the moment of entry and
the ids of the new rows. A service that changes what it records makes this test fail until the
generator follows."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

import pytest
from django.conf import settings

from missioncj.assessments.models import Administration
from missioncj.assessments.services import record_administration
from missioncj.care.models import Contact, GroupSession
from missioncj.care.services import log_contact
from missioncj.care.services.groups import record_group_session
from missioncj.core.models import AuditEvent
from missioncj.court.models import CourtCase, CourtResponse, DrugTest
from missioncj.court.services import cases, responses, testing
from missioncj.demo.scale.loader import load_scale
from missioncj.linkage.models import Referral
from missioncj.linkage.services.referrals import create_referral, record_step
from missioncj.outcomes.models import OutcomeEvent
from missioncj.outcomes.services import record_outcome_event
from missioncj.participants import services as people
from missioncj.participants.models import Episode, Participant

TODAY = dt.date(2026, 10, 15)
T = TypeVar("T")
ENTRY_TIMES = {"signed_at", "raised_at", "opted_in_at"}


@pytest.fixture(autouse=True)
def _fast(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def events(subject: Any, *actions: str) -> list[AuditEvent]:
    found = AuditEvent.objects.filter(subject_public_id=str(subject)).order_by("pk")
    return [e for e in found if not actions or e.action in actions]


def newest(count: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.order_by("-pk")[:count])[::-1]


def same(made: AuditEvent, replayed: AuditEvent, ignore: frozenset[str] = frozenset()) -> None:
    """The same event apart from entry times and `ignore`d keys ("participant": another
    person's record, so another participant id)."""
    assert (made.kind, made.action, made.subject_type) == (
        replayed.kind,
        replayed.action,
        replayed.subject_type,
    ), made.action
    if "participant" not in ignore:
        assert made.participant_public_id == replayed.participant_public_id
    for side in ("before", "after"):
        ours, theirs = getattr(made, side), getattr(replayed, side)
        if ours is None or theirs is None:
            assert ours == theirs, (made.action, side)
            continue
        skip = ENTRY_TIMES | ignore
        assert {k: v for k, v in ours.items() if k not in skip} == {
            k: v for k, v in theirs.items() if k not in skip
        }, (made.action, side)


def local(moment: dt.datetime | None, episode: Episode) -> dt.datetime:
    assert moment is not None
    return moment.astimezone(episode.program.zone)


def found(row: T | None) -> T:
    assert row is not None
    return row


@pytest.mark.django_db
def test_generated_events_match_the_services() -> None:
    manifest = load_scale("tiny", seed=3, password=settings.MISSIONCJ_DEMO_PASSWORD, today=TODAY)
    program = manifest["report_program"]
    enrolled = Episode.objects.filter(program__public_id=program, status="enrolled").select_related(
        "program", "team", "participant"
    )
    others = enrolled.exclude(participant__public_id=manifest["heavy_participant"])
    _participant(found(others.first()))
    contacts = Contact.objects.filter(episode__in=enrolled)
    _contact(found(contacts.filter(collateral__isnull=False).first() or contacts.first()))
    tests = DrugTest.objects.filter(episode__in=enrolled)
    resulted = tests.filter(status="collected").exclude(resulted_at=None)
    confirmed = resulted.filter(results__confirmation__in=["confirmed", "not_confirmed"])
    _drug_test(found(confirmed.first()))
    _drug_test(found(resulted.first()))
    _drug_test(found(tests.filter(status="missed").first()))
    _administration(found(Administration.objects.filter(episode__in=enrolled).first()))
    _referral(found(Referral.objects.filter(episode__in=enrolled).order_by("-pk").first()))
    _case(found(CourtCase.objects.filter(episode__in=enrolled).first()))
    _response(found(CourtResponse.objects.filter(episode__in=enrolled).first()))
    _outcome(found(OutcomeEvent.objects.filter(episode__in=enrolled).first()))
    sessions = GroupSession.objects.filter(program__public_id=program).order_by("-occurred_at")
    _group(found(sessions.first()))


def about(person: Participant) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(participant_public_id=person.public_id).order_by("pk"))


def _participant(episode: Episode) -> None:
    person = episode.participant
    made = about(person)[: 2 + person.identifiers.count() + person.phones.count()]
    created = people.create_participant(
        actor=made[0].actor,
        program=episode.program,
        team=episode.team,
        referral_date=episode.referral_date,
        referral_source=episode.referral_source,
        identifiers=[
            {"kind": i.kind, "value": i.value, "issuer": i.issuer}
            for i in person.identifiers.order_by("pk")
        ],
        phones=[
            {"number": p.number, "label": p.label, "consent_to_text": p.consent_to_text}
            for p in person.phones.order_by("pk")
        ],
        **{f: getattr(person, f) for f in people.PERSON_FIELDS},
    )
    replayed = about(created)
    assert [e.action for e in made] == [e.action for e in replayed]
    for ours, theirs in zip(made, replayed, strict=True):
        same(ours, theirs, frozenset({"participant"}))
    copy = created.episodes.get()
    steps = events(episode.public_id, "episode.screening", "episode.enrolled")
    for step, status, day in zip(
        steps,
        ["screening", "enrolled"],
        [episode.screening_date, episode.enrolled_date],
        strict=True,
    ):
        people.change_status(actor=step.actor, episode=copy, status=status, on=found(day))
        same(step, newest(1)[0], frozenset({"participant"}))


def _contact(contact: Contact) -> None:
    episode = Episode.objects.select_related("program", "team").get(pk=contact.episode_id)
    log_contact(
        actor=contact.author,
        episode=episode,
        occurred_at=local(contact.occurred_at, episode),
        duration_minutes=contact.duration_minutes,
        modality=contact.modality,
        location=contact.location,
        components=contact.components,
        note=contact.note,
        with_whom=contact.with_whom,
        collateral=contact.collateral,
    )
    same(events(contact.public_id)[0], newest(1)[0])


def _drug_test(test: DrugTest) -> None:
    episode = Episode.objects.select_related("program", "team").get(pk=test.episode_id)
    made = events(test.public_id)
    actor = made[0].actor
    copy = testing.record_notice(
        actor=actor, episode=episode, notified_at=local(test.notified_at, episode)
    )
    if test.status == "missed":
        testing.record_missed(actor=actor, test=copy, reason=test.note)
    else:
        copy = testing.record_collection(
            actor=actor,
            test=copy,
            collected_at=local(test.collected_at, episode),
            specimen=test.specimen,
            observed=test.observed,
            panel=test.panel,
        )
        rows = list(test.results.order_by("analyte"))
        sent = [r for r in rows if r.confirmation]
        testing.record_results(
            actor=actor,
            test=copy,
            resulted_at=local(test.resulted_at, episode),
            validity=test.validity,
            results=[
                {
                    "analyte": r.analyte,
                    "result": r.result,
                    "level": int(r.level) if r.level is not None else None,
                    "cutoff": int(r.cutoff) if r.cutoff is not None else None,
                    "confirmation": "pending" if r.confirmation else "",
                }
                for r in rows
            ],
        )
        for row in sent:
            if row.confirmed_at:
                testing.record_confirmation(
                    actor=actor,
                    test=copy,
                    analyte=row.analyte,
                    confirmed=row.confirmation == "confirmed",
                    confirmed_at=local(row.confirmed_at, episode),
                )
    replayed = events(copy.public_id)
    assert len(replayed) == len(made)
    for ours, theirs in zip(made, replayed, strict=True):
        same(ours, theirs)


def _administration(admin: Administration) -> None:
    made = events(admin.public_id)
    record_administration(
        actor=admin.administered_by,
        participant=admin.participant,
        instrument=admin.instrument_version.instrument,
        responses=admin.responses,
        administered_on=admin.administered_on,
        episode=admin.episode,
    )
    for ours, theirs in zip(made, newest(2), strict=True):
        same(ours, theirs)


def _referral(referral: Referral) -> None:
    made = events(referral.public_id)
    copy = create_referral(
        actor=made[0].actor,
        participant=referral.participant,
        need=referral.need,
        referred_on=referral.referred_on,
        place_name=referral.place_name,
        place_contact=referral.place_contact,
        urgency=referral.urgency,
        warm_handoff=referral.warm_handoff,
        episode=referral.episode,
    )
    for step in referral.steps.order_by("on", "pk")[1:]:
        record_step(
            actor=made[0].actor,
            referral=copy,
            status=step.status,
            on=step.on,
            confirmed_by=step.confirmed_by,
            confirmer_name=step.confirmer_name,
        )
    replayed = events(copy.public_id)
    assert len(replayed) == len(made)
    for ours, theirs in zip(made, replayed, strict=True):
        same(ours, theirs)


def _case(case: CourtCase) -> None:
    made = events(case.public_id, "court.case.open")
    charges = list(case.charges.order_by("order"))
    copy = cases.open_case(
        actor=case.recorded_by,
        participant=case.participant,
        court=case.court,
        docket_number=case.docket_number + "A",
        status=found(made[0].after)["status"],
        opened_on=case.opened_on,
        judge=case.judge,
        episode=case.episode,
        charges=[
            {
                "statute": c.statute,
                "description": c.description,
                "level": c.level,
                "degree": c.degree,
            }
            for c in charges
        ],
        **{f: getattr(case, f) for f in cases.CONTACT_FIELDS},
    )
    same(made[0], events(copy.public_id)[0], frozenset({"docket_number"}))
    for charge, theirs in zip(charges, copy.charges.order_by("order"), strict=True):
        same(events(charge.public_id)[0], events(theirs.public_id)[0], frozenset({"case"}))


def _response(response: CourtResponse) -> None:
    made = events(response.public_id)[0]
    responses.record_response(
        actor=response.recorded_by,
        episode=response.episode,
        kind=response.kind,
        behaviour=response.behaviour,
        response=response.response,
        magnitude=response.magnitude,
        decided_on=response.decided_on,
        decided_by=response.decided_by,
        delivered_on=found(made.after)["delivered_on"] and response.delivered_on,
        jail_days=response.jail_days,
        hearing=response.hearing,
    )
    same(made, newest(1)[0])


def _outcome(event: OutcomeEvent) -> None:
    record_outcome_event(
        actor=event.recorded_by,
        episode=event.episode,
        kind=event.kind,
        occurred_on=event.occurred_on,
        ended_on=event.ended_on,
        source=event.source,
        detail=event.detail,
    )
    same(events(event.public_id)[0], newest(1)[0])


def _group(session: GroupSession) -> None:
    """Replayed with the members still enrolled (the service takes only enrolled members)."""
    rows = [
        r
        for r in session.attendance.select_related(
            "episode__program", "episode__team", "participant"
        )
        if r.episode.status == "enrolled"
    ]
    assert rows
    made = events(session.public_id)
    copy = record_group_session(
        actor=session.recorded_by,
        curriculum=session.curriculum,
        session_number=session.session_number,
        occurred_at=session.occurred_at.astimezone(session.program.zone),
        duration_minutes=session.duration_minutes,
        location=session.location,
        facilitators=list(session.facilitators.all()),
        attendance=[(r.episode, r.status, r.note) for r in rows],
    )
    replayed = events(copy.public_id)
    same(made[0], replayed[0], frozenset({"members"}))
    by_person = {e.participant_public_id: e for e in made[1:]}
    for theirs in replayed[1:]:
        same(by_person[theirs.participant_public_id], theirs)
    assert Participant.objects.filter(public_id__in=list(by_person)).count() == len(by_person)
