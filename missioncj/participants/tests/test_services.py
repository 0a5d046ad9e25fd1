"""Unit tests of the participant services: episodes, transitions, updates and their audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from missioncj.conftest import World
from missioncj.core.models import AuditEvent
from missioncj.participants import services
from missioncj.participants.models import (
    Address,
    Episode,
    EpisodeStatus,
    Identifier,
    Participant,
    Phone,
)

S = EpisodeStatus
REFERRAL = dt.date(2026, 10, 1)
STEP_DATES = {
    S.SCREENING: dt.date(2026, 10, 2),
    S.ENROLLED: dt.date(2026, 10, 5),
    S.DISCHARGED: dt.date(2026, 10, 20),
    S.NOT_ENROLLED: dt.date(2026, 10, 3),
}
# The day a transition under test is attempted: after every step above, before today.
ON = dt.date(2026, 10, 25)


def counts() -> dict[str, int]:
    return {
        "participants": Participant.objects.count(),
        "episodes": Episode.objects.count(),
        "identifiers": Identifier.objects.count(),
        "phones": Phone.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def episode_row(episode: Episode) -> dict[str, Any]:
    return dict(Episode.objects.filter(pk=episode.pk).values().get())


def new_person(world: World, last: str = "Service", **extra: Any) -> Participant:
    return services.create_participant(
        actor=world.user("casemanager"),
        program=world.drug,
        team=world.north,
        referral_date=REFERRAL,
        first_name="Sam",
        last_name=last,
        date_of_birth=dt.date(1984, 6, 1),
        **extra,
    )


def episode_in(world: World, status: EpisodeStatus) -> Episode:
    """A fresh participant whose only episode has reached `status` the ordinary way."""
    actor = world.user("casemanager")
    episode = new_person(world, f"In{status.value.title()}").episodes.get()
    path = {
        S.REFERRED: [],
        S.SCREENING: [S.SCREENING],
        S.ENROLLED: [S.SCREENING, S.ENROLLED],
        S.DISCHARGED: [S.SCREENING, S.ENROLLED, S.DISCHARGED],
        S.NOT_ENROLLED: [S.SCREENING, S.NOT_ENROLLED],
    }[status]
    for step in path:
        services.change_status(
            actor=actor,
            episode=episode,
            status=step,
            on=STEP_DATES[step],
            reason="graduated" if step == S.DISCHARGED else "",
        )
    episode.refresh_from_db()
    assert episode.status == status
    return episode


# --- the transition table -----------------------------------------------------------------------

ALLOWED = {
    (S.REFERRED, S.SCREENING),
    (S.REFERRED, S.ENROLLED),
    (S.REFERRED, S.NOT_ENROLLED),
    (S.SCREENING, S.ENROLLED),
    (S.SCREENING, S.NOT_ENROLLED),
    (S.ENROLLED, S.DISCHARGED),
}
ALL_PAIRS = [(a, b) for a in S for b in S]
DATE_FIELD = {
    S.SCREENING: "screening_date",
    S.ENROLLED: "enrolled_date",
    S.DISCHARGED: "closed_date",
    S.NOT_ENROLLED: "closed_date",
}


@pytest.mark.parametrize(
    ("current", "target"),
    [p for p in ALL_PAIRS if p in ALLOWED],
    ids=[f"{a.value}->{b.value}" for a, b in ALL_PAIRS if (a, b) in ALLOWED],
)
def test_allowed_transition(world, current, target):
    episode = episode_in(world, current)
    actor = world.user("casemanager")
    before = AuditEvent.objects.count()
    services.change_status(
        actor=actor,
        episode=episode,
        status=target,
        on=ON,
        reason="withdrew" if target == S.DISCHARGED else "",
        note="closing words" if target in (S.DISCHARGED, S.NOT_ENROLLED) else "",
    )
    episode.refresh_from_db()
    assert episode.status == target
    assert getattr(episode, DATE_FIELD[target]) == ON
    if target == S.DISCHARGED:
        assert (episode.discharge_reason, episode.closing_note) == ("withdrew", "closing words")
    if target == S.NOT_ENROLLED:
        assert (episode.discharge_reason, episode.closing_note) == ("", "closing words")
    assert episode.is_open == (target in (S.SCREENING, S.ENROLLED))

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("pk")
    assert event.action == f"episode.{target.value}"
    assert event.kind == "transition"
    assert event.actor == actor
    assert event.subject_public_id == str(episode.public_id)
    assert event.before is not None and event.after is not None
    assert (event.before["status"], event.after["status"]) == (current.value, target.value)
    assert event.after[DATE_FIELD[target]] == ON.isoformat()


@pytest.mark.parametrize(
    ("current", "target"),
    [p for p in ALL_PAIRS if p not in ALLOWED],
    ids=[f"{a.value}->{b.value}" for a, b in ALL_PAIRS if (a, b) not in ALLOWED],
)
def test_refused_transition(world, current, target):
    episode = episode_in(world, current)
    row = episode_row(episode)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.change_status(
            actor=world.user("casemanager"),
            episode=episode,
            status=target,
            on=ON,
            reason="graduated",
        )
    assert "status" in caught.value.message_dict
    message = caught.value.message_dict["status"][0]
    assert f"cannot become {target.label.lower()}" in message
    assert episode_row(episode) == row
    assert AuditEvent.objects.count() == before


def test_the_table_covers_every_pair():
    assert len(ALL_PAIRS) == len(S) ** 2 == 25
    assert len(ALLOWED) == 6


# --- transition details -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "target", "on", "earliest"),
    [
        (S.REFERRED, S.SCREENING, dt.date(2026, 9, 30), "01 Oct 2026"),
        (S.REFERRED, S.ENROLLED, dt.date(2026, 9, 30), "01 Oct 2026"),
        (S.SCREENING, S.ENROLLED, dt.date(2026, 10, 1), "02 Oct 2026"),
        (S.SCREENING, S.NOT_ENROLLED, dt.date(2026, 10, 1), "02 Oct 2026"),
        (S.ENROLLED, S.DISCHARGED, dt.date(2026, 10, 4), "05 Oct 2026"),
    ],
)
def test_a_step_cannot_predate_the_step_before(world, current, target, on, earliest):
    episode = episode_in(world, current)
    row = episode_row(episode)
    with pytest.raises(ValidationError) as caught:
        services.change_status(
            actor=world.user("casemanager"), episode=episode, status=target, on=on, reason="other"
        )
    assert caught.value.message_dict["on"] == [f"This date is before {earliest}, an earlier step."]
    assert episode_row(episode) == row


def test_a_step_cannot_be_in_the_future(world):
    episode = episode_in(world, S.REFERRED)
    row = episode_row(episode)
    tomorrow = services.local_today(world.drug) + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        services.change_status(
            actor=world.user("casemanager"), episode=episode, status=S.SCREENING, on=tomorrow
        )
    assert "on" in caught.value.message_dict
    assert episode_row(episode) == row


def test_discharge_needs_a_known_reason(world):
    episode = episode_in(world, S.ENROLLED)
    row = episode_row(episode)
    for reason in ("", "bored"):
        with pytest.raises(ValidationError) as caught:
            services.change_status(
                actor=world.user("casemanager"),
                episode=episode,
                status=S.DISCHARGED,
                on=ON,
                reason=reason,
            )
        assert caught.value.message_dict == {"reason": ["Choose a discharge reason."]}
    assert episode_row(episode) == row


def test_enrolling_needs_a_team(world):
    director = world.user("director")
    person = services.create_participant(
        actor=director,
        program=world.drug,
        team=None,
        referral_date=REFERRAL,
        first_name="No",
        last_name="Team",
        date_of_birth=dt.date(1979, 1, 1),
    )
    episode = person.episodes.get()
    with pytest.raises(ValidationError) as caught:
        services.change_status(actor=director, episode=episode, status=S.ENROLLED, on=ON)
    assert caught.value.message_dict == {"team": ["Assign a team before enrolling."]}
    assert episode_row(episode)["status"] == "referred"

    services.change_status(
        actor=director, episode=episode, status=S.ENROLLED, on=ON, team=world.south
    )
    episode.refresh_from_db()
    assert (episode.status, episode.team) == (S.ENROLLED, world.south)


def test_a_team_role_cannot_move_an_episode_to_another_team(world):
    episode = episode_in(world, S.REFERRED)
    row = episode_row(episode)
    with pytest.raises(ValidationError) as caught:
        services.change_status(
            actor=world.user("casemanager"),
            episode=episode,
            status=S.ENROLLED,
            on=ON,
            team=world.south,
        )
    assert "team" in caught.value.message_dict
    assert episode_row(episode) == row


# --- episodes: re-enrollment and the one-open-episode rule --------------------------------------


def test_re_enrollment_after_discharge_opens_a_second_episode(world):
    actor = world.user("casemanager")
    first = episode_in(world, S.DISCHARGED)
    person = first.participant
    second = services.open_episode(
        actor=actor,
        participant=person,
        program=world.drug,
        team=world.north,
        referral_date=ON,
        referral_source="Judge again",
    )
    assert second.pk != first.pk
    assert person.episodes.count() == 2
    first.refresh_from_db()
    assert (first.status, first.closed_date) == (S.DISCHARGED, STEP_DATES[S.DISCHARGED])
    assert (second.status, second.referral_date, second.referral_source) == (
        S.REFERRED,
        ON,
        "Judge again",
    )
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.subject_public_id) == ("episode.open", str(second.public_id))

    # The new episode runs its own course; the old one keeps its history.
    services.change_status(actor=actor, episode=second, status=S.ENROLLED, on=ON)
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.status == S.ENROLLED
    assert first.status == S.DISCHARGED
    assert set(Episode.objects.visible_to(actor).filter(participant=person)) == {first, second}


def test_re_referral_after_not_enrolled_opens_a_second_episode(world):
    closed = episode_in(world, S.NOT_ENROLLED)
    again = services.open_episode(
        actor=world.user("casemanager"),
        participant=closed.participant,
        program=world.drug,
        team=world.north,
        referral_date=ON,
    )
    assert closed.participant.episodes.count() == 2
    assert again.is_open


@pytest.mark.parametrize("status", [S.REFERRED, S.SCREENING, S.ENROLLED])
def test_second_open_episode_in_the_same_program_is_refused(world, status):
    episode = episode_in(world, status)
    before = counts()
    for actor, team in [
        (world.user("casemanager"), world.north),
        (world.user("director"), world.south),  # another team of the same program too
    ]:
        with pytest.raises(ValidationError) as caught:
            services.open_episode(
                actor=actor,
                participant=episode.participant,
                program=world.drug,
                team=team,
                referral_date=ON,
            )
        assert caught.value.message_dict == {
            "program": ["This person already has an open episode in this program."]
        }
    assert counts() == before


def test_the_database_also_refuses_two_open_episodes(world):
    episode = episode_in(world, S.ENROLLED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.create(
            participant=episode.participant,
            program=world.drug,
            team=world.north,
            referral_date=ON,
        )
    assert episode.participant.episodes.count() == 1


def test_open_episodes_in_two_programs_are_fine(world):
    person = world.north_person
    other = services.open_episode(
        actor=world.user("outsider"),
        participant=person,
        program=world.reentry,
        team=world.reentry_team,
        referral_date=ON,
    )
    assert other.is_open
    assert person.episodes.filter(status__in=[S.REFERRED, S.SCREENING, S.ENROLLED]).count() == 2


def test_opening_an_episode_needs_write_scope(world):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.open_episode(
            actor=world.user("casemanager"),
            participant=world.south_person,
            program=world.reentry,
            team=world.reentry_team,
            referral_date=ON,
        )
    assert "team" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.open_episode(
            actor=world.user("director"),
            participant=world.north_person,
            program=world.reentry,
            team=world.north,  # a drug-court team for a re-entry episode
            referral_date=ON,
        )
    assert caught.value.message_dict == {"team": ["That team belongs to a different program."]}
    assert counts() == before


# --- create_participant -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "team", "field"),
    [
        ("casemanager", "south", "team"),
        ("casemanager", "reentry_team", "team"),
        ("court", "north", "team"),
        ("evaluator", "north", "team"),
        ("admin", "north", "team"),
        ("outsider", "north", "team"),
    ],
)
def test_create_participant_needs_write_scope(world, username, team, field):
    before = counts()
    team_obj = getattr(world, team)
    with pytest.raises(ValidationError) as caught:
        services.create_participant(
            actor=world.user(username),
            program=team_obj.program,
            team=team_obj,
            referral_date=REFERRAL,
            first_name="No",
            last_name="Scope",
            date_of_birth=dt.date(1990, 1, 1),
        )
    assert field in caught.value.message_dict
    assert counts() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date_of_birth": "tomorrow"}, "date_of_birth"),
        ({"date_of_birth": dt.date(1900, 1, 1)}, "date_of_birth"),
        ({"referral_date": "tomorrow"}, "referral_date"),
        ({"last_name": ""}, "last_name"),
        ({"sex": "robot"}, "sex"),
    ],
)
def test_create_participant_refuses_bad_values(world, change, field):
    tomorrow = timezone.now().date() + dt.timedelta(days=2)
    arguments: dict[str, Any] = {
        "first_name": "Bad",
        "last_name": "Value",
        "date_of_birth": dt.date(1990, 1, 1),
        "referral_date": REFERRAL,
    }
    arguments.update({k: tomorrow if v == "tomorrow" else v for k, v in change.items()})
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.create_participant(
            actor=world.user("casemanager"), program=world.drug, team=world.north, **arguments
        )
    assert field in caught.value.message_dict
    assert counts() == before


def test_duplicate_identifiers_roll_the_whole_referral_back(world):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        new_person(
            world,
            "Twice",
            identifiers=[
                {"kind": "booking", "value": "BK-9"},
                {"kind": "booking", "value": " BK-9 "},  # the same once trimmed
            ],
            phones=[{"number": "555-0000"}],
        )
    assert "value" in caught.value.message_dict
    assert counts() == before
    assert not Participant.objects.filter(last_name="Twice").exists()


def test_same_identifier_for_two_people_is_allowed(world):
    # Uniqueness is per person: two people can share, e.g., a jail booking number format clash.
    first = new_person(world, "One", identifiers=[{"kind": "booking", "value": "BK-1"}])
    second = new_person(world, "Two", identifiers=[{"kind": "booking", "value": "BK-1"}])
    assert first.identifiers.get().value == second.identifiers.get().value == "BK-1"


# --- update_participant -------------------------------------------------------------------------


def last_update() -> AuditEvent:
    return AuditEvent.objects.filter(action="participant.update").latest("pk")


def test_update_audit_holds_only_the_changed_fields(world):
    person = world.north_person
    actor = world.user("casemanager")
    services.update_participant(
        actor=actor,
        participant=person,
        first_name="Test",  # unchanged
        last_name="Northcott",
        preferred_language="Spanish",
        date_of_birth=dt.date(1990, 5, 18),
        veteran_status="unknown",  # unchanged
    )
    event = last_update()
    assert event.actor == actor
    assert event.kind == "update"
    assert event.participant_public_id == person.public_id
    assert event.before == {
        "last_name": "North",
        "preferred_language": "English",
        "date_of_birth": "1990-05-17",
    }
    assert event.after == {
        "last_name": "Northcott",
        "preferred_language": "Spanish",
        "date_of_birth": "1990-05-18",
    }
    stored = Participant.objects.get(pk=person.pk)
    assert (stored.last_name, stored.preferred_language) == ("Northcott", "Spanish")


def test_update_with_nothing_changed_records_empty_before_and_after(world):
    services.update_participant(
        actor=world.user("casemanager"), participant=world.north_person, last_name="North"
    )
    event = last_update()
    assert (event.before, event.after) == ({}, {})


def test_update_refuses_fields_it_does_not_own(world):
    person = world.north_person
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.update_participant(
            actor=world.user("casemanager"), participant=person, created_by=None, last_name="X"
        )
    assert set(caught.value.message_dict) == {"created_by"}
    assert Participant.objects.get(pk=person.pk).last_name == "North"
    assert counts() == before


def test_update_with_a_future_birth_date_saves_nothing(world):
    person = world.north_person
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.update_participant(
            actor=world.user("casemanager"),
            participant=Participant.objects.get(pk=person.pk),
            last_name="Changed",
            date_of_birth=timezone.now().date() + dt.timedelta(days=3),
        )
    assert "date_of_birth" in caught.value.message_dict
    stored = Participant.objects.get(pk=person.pk)
    assert (stored.last_name, stored.date_of_birth) == ("North", dt.date(1990, 5, 17))
    assert counts() == before


def test_update_through_the_edit_page_audits_only_the_change(world, login):
    from django.urls import reverse

    person = world.north_person
    data = {
        "first_name": "Test",
        "middle_name": "",
        "last_name": "North",
        "preferred_name": "Nora",
        "date_of_birth": "1990-05-17",
        "sex": person.sex,
        "gender_identity": "",
        "race": person.race,
        "ethnicity": person.ethnicity,
        "veteran_status": person.veteran_status,
        "preferred_language": "English",
    }
    response = login("casemanager").post(
        reverse("participants:edit", kwargs={"public_id": person.public_id}), data
    )
    assert response.status_code == 302
    event = last_update()
    assert (event.before, event.after) == ({"preferred_name": ""}, {"preferred_name": "Nora"})


# --- the locator --------------------------------------------------------------------------------


def test_a_new_current_address_replaces_the_old_one(world):
    actor = world.user("casemanager")
    person = world.north_person
    services.add_address(
        actor=actor, participant=person, line1="1 Old Rd", city="Springfield", state="IL"
    )
    services.add_address(
        actor=actor, participant=person, line1="2 New Ave", city="Springfield", state="IL"
    )
    current = Address.objects.filter(participant=person, is_current=True)
    assert [a.line1 for a in current] == ["2 New Ave"]
    assert Address.objects.filter(participant=person).count() == 2


def test_phone_consent_time_is_recorded_only_with_consent(world):
    actor = world.user("casemanager")
    person = world.north_person
    yes = services.add_phone(
        actor=actor, participant=person, number=" 555-0101 ", consent_to_text=True
    )
    no = services.add_phone(actor=actor, participant=person, number="555-0102")
    assert yes.number == "555-0101"
    assert yes.consent_recorded_at is not None
    assert no.consent_recorded_at is None
