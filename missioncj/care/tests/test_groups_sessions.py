"""Group sessions entered once: one attendance row per member, validation, corrections, scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from missioncj.accounts.models import Role
from missioncj.accounts.services import create_user, grant_role
from missioncj.care.models import COMPLETED, Attendance, Curriculum, GroupSession
from missioncj.care.services.groups import record_group_session, update_attendance
from missioncj.conftest import World, make_participant
from missioncj.core.models import AuditEvent
from missioncj.participants import services as people
from missioncj.participants.models import Episode, EpisodeStatus, Participant

WHEN = dt.datetime(2026, 10, 6, 22, 0, tzinfo=dt.UTC)  # 6 Oct, 6 pm in New York


def drt(program: Any) -> Curriculum:
    return Curriculum.objects.get(program=program, kind="drt")


def episode(person: Participant) -> Episode:
    return person.episodes.select_related("program", "team", "participant").get()


def counts() -> dict[str, int]:
    return {
        "groups": GroupSession.objects.count(),
        "attendance": Attendance.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def second_north(world: World) -> Participant:
    return make_participant(world.user("casemanager"), world.drug, world.north, "Second")


def record(world: World, actor: str = "casemanager", **overrides: Any) -> GroupSession:
    arguments: dict[str, Any] = {
        "actor": world.user(actor),
        "curriculum": drt(world.drug),
        "session_number": 4,
        "occurred_at": WHEN,
        "duration_minutes": 90,
        "location": "Courthouse room 2",
        "facilitators": [world.user(actor)],
        "attendance": [(episode(world.north_person), "present", "Shared a craving plan.")],
    }
    arguments.update(overrides)
    return record_group_session(**arguments)


def test_one_entry_gives_each_member_one_row_and_one_audit_event(world):
    second = second_north(world)
    before = counts()
    group = record(
        world,
        attendance=[
            (episode(world.north_person), "present", "Shared a craving plan."),
            (episode(second), "absent", ""),
        ],
    )
    assert counts() == {
        "groups": before["groups"] + 1,
        "attendance": before["attendance"] + 2,
        "audit": before["audit"] + 3,  # the session and one per member
    }
    assert group.curriculum_version == 1 and group.program == world.drug
    assert list(group.facilitators.all()) == [world.user("casemanager")]
    rows = {a.participant: a for a in group.attendance.all()}
    assert rows[world.north_person].status == "present"
    assert rows[world.north_person].note == "Shared a craving plan."
    assert rows[second].status == "absent"
    per_member = AuditEvent.objects.filter(action="attendance.create")
    assert {e.participant_public_id for e in per_member} == {
        world.north_person.public_id,
        second.public_id,
    }
    session_event = AuditEvent.objects.get(action="group_session.create")
    assert session_event.participant_public_id is None
    assert session_event.after is not None and session_event.after["members"] == 2


def test_the_curriculum_version_in_use_is_stored(world):
    from missioncj.care.services.curricula import current_sessions, revise_curriculum

    curriculum = drt(world.drug)
    sessions = current_sessions(curriculum)
    sessions[0]["title"] = "Welcome, again"
    revise_curriculum(actor=world.user("supervisor"), curriculum=curriculum, sessions=sessions)
    group = record(world, curriculum=drt(world.drug))
    assert group.curriculum_version == 2


def test_make_ups_count_toward_the_same_session_number(world):
    second = second_north(world)
    record(
        world,
        attendance=[(episode(world.north_person), "present", ""), (episode(second), "absent", "")],
    )
    record(
        world,
        occurred_at=WHEN + dt.timedelta(days=2),
        duration_minutes=30,
        attendance=[(episode(second), "makeup", "Caught up in the office.")],
        is_individual_makeup=True,
    )
    completed = Attendance.objects.filter(
        participant=second,
        status__in=COMPLETED,
        group_session__curriculum=drt(world.drug),
    )
    assert list(completed.values_list("group_session__session_number", flat=True)) == [4]
    assert completed.get().group_session.is_individual_makeup
    # Both members now have session 4 of DRT completed, one by group and one by make-up.
    done = Attendance.objects.filter(
        group_session__curriculum=drt(world.drug), status__in=COMPLETED
    )
    assert sorted(done.values_list("participant__last_name", "group_session__session_number")) == [
        ("North", 4),
        ("Second", 4),
    ]


def _discharged(world: World) -> Episode:
    person = make_participant(world.user("casemanager"), world.drug, world.north, "Gone")
    people.change_status(
        actor=world.user("casemanager"),
        episode=episode(person),
        status=EpisodeStatus.DISCHARGED,
        on=dt.date(2026, 10, 1),
        reason="graduated",
    )
    return episode(person)


def _referred(world: World) -> Episode:
    person = people.create_participant(
        actor=world.user("casemanager"),
        program=world.drug,
        team=world.north,
        referral_date=dt.date(2026, 9, 1),
        first_name="Just",
        last_name="Referred",
        date_of_birth=dt.date(1991, 1, 1),
    )
    return episode(person)


CASES: list[tuple[str, Any, str, str]] = [
    ("no such session", lambda w: {"session_number": 14}, "session_number", "no session 14"),
    (
        "future",
        lambda w: {"occurred_at": timezone.now() + dt.timedelta(days=1)},
        "occurred_at",
        "before it happens",
    ),
    ("zero minutes", lambda w: {"duration_minutes": 0}, "duration_minutes", "between 1 and 600"),
    ("too long", lambda w: {"duration_minutes": 601}, "duration_minutes", "between 1 and 600"),
    ("no place", lambda w: {"location": "  "}, "location", "Say where"),
    ("no facilitator", lambda w: {"facilitators": []}, "facilitators", "at least one"),
    (
        "court partner facilitates",
        lambda w: {"facilitators": [w.user("court")]},
        "facilitators",
        "staff of Drug Court",
    ),
    ("no members", lambda w: {"attendance": []}, "attendance", "at least one member"),
    (
        "member twice",
        lambda w: {
            "attendance": [
                (episode(w.north_person), "present", ""),
                (episode(w.north_person), "absent", ""),
            ]
        },
        "attendance",
        "listed twice",
    ),
    (
        "another team",
        lambda w: {
            "attendance": [
                (episode(w.north_person), "present", ""),
                (episode(w.south_person), "present", ""),
            ]
        },
        "attendance",
        "not on a caseload you work with",
    ),
    (
        "another program",
        lambda w: {"attendance": [(episode(w.reentry_person), "present", "")]},
        "attendance",
        "not on a caseload you work with",
    ),
    (
        "not enrolled yet",
        lambda w: {"attendance": [(_referred(w), "present", "")]},
        "attendance",
        "referred, not enrolled",
    ),
    (
        "discharged",
        lambda w: {"attendance": [(_discharged(w), "present", "")]},
        "attendance",
        "discharged, not enrolled",
    ),
    (
        "before enrollment",
        lambda w: {"occurred_at": dt.datetime(2026, 9, 2, 15, 0, tzinfo=dt.UTC)},
        "attendance",
        "was enrolled on 05 Sep 2026",
    ),
    (
        "unknown status",
        lambda w: {"attendance": [(episode(w.north_person), "late", "")]},
        "attendance",
        "choose present, absent, excused or make-up",
    ),
    (
        "long member note",
        lambda w: {"attendance": [(episode(w.north_person), "present", "x" * 301)]},
        "attendance",
        "under 300 characters",
    ),
    (
        "make-up of two",
        lambda w: {
            "is_individual_makeup": True,
            "attendance": [
                (episode(w.north_person), "makeup", ""),
                (episode(second_north(w)), "makeup", ""),
            ],
        },
        "attendance",
        "one person who attended",
    ),
    (
        "make-up absent",
        lambda w: {
            "is_individual_makeup": True,
            "attendance": [(episode(w.north_person), "absent", "")],
        },
        "attendance",
        "one person who attended",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_bad_input_is_refused_with_a_clear_message_and_saves_nothing(
    world, overrides, field, message
):
    arguments = overrides(world)  # may create people first; count after that
    before = counts()
    with pytest.raises(ValidationError) as caught:
        record(world, **arguments)
    assert field in caught.value.message_dict
    assert message in " ".join(caught.value.message_dict[field])
    assert counts() == before


def test_a_member_from_another_program_is_named_when_the_actor_works_in_both(world):
    user = create_user(actor=None, username="both", password="x" * 12, display_name="Both")
    grant_role(actor=None, user=user, program=world.drug, role=Role.DIRECTOR)
    grant_role(actor=None, user=user, program=world.reentry, role=Role.DIRECTOR)
    before = counts()
    with pytest.raises(ValidationError) as caught:
        record_group_session(
            actor=user,
            curriculum=drt(world.reentry),
            session_number=1,
            occurred_at=WHEN,
            duration_minutes=60,
            location="Jail classroom",
            facilitators=[user],
            attendance=[(episode(world.north_person), "present", "")],
        )
    assert "Test North is not in Re-entry" in caught.value.messages[0]
    assert counts() == before


def test_team_north_case_manager_cannot_add_a_team_south_member(world):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        record(world, attendance=[(episode(world.south_person), "present", "")])
    assert "not on a caseload you work with" in caught.value.messages[0]
    assert "South" not in caught.value.messages[0]  # does not name someone they cannot see
    assert counts() == before


def test_supervisor_records_a_group_across_teams(world):
    group = record(
        world,
        actor="supervisor",
        attendance=[
            (episode(world.north_person), "present", ""),
            (episode(world.south_person), "excused", "Court date"),
        ],
    )
    assert group.attendance.count() == 2
    assert GroupSession.objects.visible_to(world.user("casemanager")).filter(pk=group.pk).exists()
    assert GroupSession.objects.visible_to(world.user("cm.south")).filter(pk=group.pk).exists()
    assert not GroupSession.objects.visible_to(world.user("outsider")).filter(pk=group.pk).exists()


# --- corrections --------------------------------------------------------------------------------


def test_update_attendance_is_audited_with_before_and_after(world):
    group = record(world, attendance=[(episode(world.north_person), "absent", "")])
    update_attendance(
        actor=world.user("peer"),
        group_session=group,
        episode=episode(world.north_person),
        status="present",
        note="Arrived late",
    )
    row = group.attendance.get()
    assert (row.status, row.note) == ("present", "Arrived late")
    event = AuditEvent.objects.get(action="attendance.update")
    assert event.participant_public_id == world.north_person.public_id
    assert event.before == {"status": "absent", "note": ""}
    assert event.after == {"status": "present", "note": "Arrived late"}
    assert event.actor == world.user("peer")


def test_refused_corrections_change_nothing(world):
    group = record(
        world,
        actor="supervisor",
        attendance=[
            (episode(world.north_person), "present", ""),
            (episode(world.south_person), "present", ""),
        ],
    )
    makeup = record(
        world,
        occurred_at=WHEN + dt.timedelta(days=1),
        is_individual_makeup=True,
        attendance=[(episode(world.north_person), "makeup", "")],
    )
    attempts = [
        ("casemanager", group, world.south_person, "absent", "do not work with"),
        ("casemanager", group, second_north(world), "absent", "not on this group's attendance"),
        ("casemanager", group, world.north_person, "late", "Attendance is one of"),
        ("casemanager", group, world.north_person, "present", "Nothing was changed"),
        ("casemanager", makeup, world.north_person, "absent", "someone who attended"),
        ("court", group, world.north_person, "absent", "do not work with"),
    ]
    for username, target, person, status, message in attempts:
        before = (counts(), list(Attendance.objects.values_list("pk", "status", "note")))
        with pytest.raises(ValidationError) as caught:
            update_attendance(
                actor=world.user(username),
                group_session=target,
                episode=episode(person),
                status=status,
                note="",
            )
        assert message in " ".join(caught.value.messages), (username, status)
        assert (counts(), list(Attendance.objects.values_list("pk", "status", "note"))) == before
