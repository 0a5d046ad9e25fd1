"""Dose: curriculum sessions from group attendance (make-ups, absences), CTI contacts per phase,
collateral and vocational contacts, in a constant number of queries."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from missioncj.care.dose import dose, doses
from missioncj.care.models import (
    AttendanceStatus,
    Component,
    Curriculum,
    CurriculumKind,
    WithWhom,
)
from missioncj.care.tests.cti_factories import (
    attend,
    contact,
    curriculum,
    episode_of,
    group,
    local_noon,
)
from missioncj.conftest import make_participant
from missioncj.participants import services as people

NOW = dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.UTC)


def at(day: int, month: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, 15, 0, tzinfo=dt.UTC)


def test_seeded_curricula_give_the_denominators(world):
    item = dose(episode_of(world.north_person), now=NOW)
    assert [(s.label, s.completed, s.total) for s in item.session_list] == [
        ("DRT", 0, 13),
        ("Peer", 0, 11),
        ("Prosocial", 0, 10),
    ]


def test_defaults_without_curricula(world):
    Curriculum.objects.filter(program=world.drug).delete()
    item = dose(episode_of(world.north_person), now=NOW)
    assert (item.drt.completed, item.drt.total) == (0, 13)
    assert (item.peer.completed, item.peer.total) == (0, 11)
    assert (item.prosocial.completed, item.prosocial.total) == (0, 0)
    assert item.drt.text == "0/13" and item.prosocial.text == "0/—"


def test_sessions_count_distinct_numbers_from_present_and_makeup(world):
    cm = world.user("casemanager")
    episode = episode_of(world.north_person)
    drt = curriculum(world.drug, CurriculumKind.DRT)
    peer = curriculum(world.drug, CurriculumKind.PEER)
    curriculum(world.drug, CurriculumKind.PROSOCIAL)
    # DRT 1 present; DRT 2 absent, then made up individually (counts once, as session 2).
    attend(group(drt, 1, at(1), cm), episode, AttendanceStatus.PRESENT)
    attend(group(drt, 2, at(8), cm), episode, AttendanceStatus.ABSENT)
    attend(group(drt, 2, at(10), cm, makeup=True), episode, AttendanceStatus.MAKEUP)
    # DRT 3 present twice (a repeat cycle): still one session.
    attend(group(drt, 3, at(15), cm), episode, AttendanceStatus.PRESENT)
    attend(group(drt, 3, at(22), cm), episode, AttendanceStatus.PRESENT)
    # DRT 4 excused and DRT 5 absent: not completed.
    attend(group(drt, 4, at(23), cm), episode, AttendanceStatus.EXCUSED)
    attend(group(drt, 5, at(24), cm), episode, AttendanceStatus.ABSENT)
    # Peer: 1 and 2 present.
    attend(group(peer, 1, at(2), cm), episode, AttendanceStatus.PRESENT)
    attend(group(peer, 2, at(9), cm), episode, AttendanceStatus.MAKEUP)
    # Another member's attendance does not count for North.
    south = episode_of(world.south_person)
    attend(group(drt, 6, at(25), cm), south, AttendanceStatus.PRESENT)

    item = dose(episode, now=NOW)
    assert (item.drt.completed, item.drt.total) == (3, 13)
    assert (item.peer.completed, item.peer.total) == (2, 11)
    assert (item.prosocial.completed, item.prosocial.total) == (0, 10)
    assert dose(south, now=NOW).drt.completed == 1


def test_denominator_follows_the_programs_curriculum(world):
    curriculum(world.drug, CurriculumKind.DRT, sessions=16)
    curriculum(world.reentry, CurriculumKind.PEER, sessions=8)
    north = dose(episode_of(world.north_person), now=NOW)
    reentry = dose(episode_of(world.reentry_person), now=NOW)
    assert north.drt.total == 16 and north.peer.total == 11
    assert reentry.drt.total == 13 and reentry.peer.total == 8


def test_cti_contacts_per_phase_collateral_and_vocational(world):
    cm = world.user("casemanager")
    episode = episode_of(world.north_person)  # enrolled 5 Sep; transition to 5 Nov (weekly)
    collateral = people.add_collateral(
        actor=cm, participant=world.north_person, name="Aunt May", relationship="aunt"
    )
    program = world.drug
    # The world already logged one CTI contact on 10 Sep.
    contact(cm, episode, local_noon(program, dt.date(2026, 9, 20)))
    contact(cm, episode, local_noon(program, dt.date(2026, 10, 30)), int(Component.PEER))
    contact(
        cm,
        episode,
        local_noon(program, dt.date(2026, 11, 10)),
        int(Component.CTI | Component.VOCATIONAL),
    )
    contact(
        cm,
        episode,
        local_noon(program, dt.date(2026, 11, 12)),
        int(Component.VOCATIONAL),
        with_whom=WithWhom.COLLATERAL,
        collateral=collateral,
    )
    contact(
        cm,
        episode,
        local_noon(program, dt.date(2026, 11, 13)),
        with_whom=WithWhom.BOTH,
        collateral=collateral,
    )
    # A draft is not part of the record yet.
    contact(cm, episode, local_noon(program, dt.date(2026, 11, 14)), sign=False)

    item = dose(episode, now=NOW)  # 20 Nov: try-out, fortnightly, since 5 Nov
    transition, tryout, transfer = item.tallies
    assert (transition.made, transition.expected) == (2, 9)  # 61 days / 7 → 9
    assert (tryout.made, tryout.expected) == (2, 2)  # 5 to 20 Nov is 16 days → 2 blocks
    assert (transfer.made, transfer.expected) == (0, 0)
    assert item.collateral == 2
    assert item.vocational == 2
    assert item.current is not None and item.current.name == "Try-out"
    period = item.period
    assert period is not None
    assert (period.start, period.end) == (dt.date(2026, 11, 19), dt.date(2026, 12, 3))
    assert period.made == 0
    assert item.period_summary == "0 of 1 this fortnight — due by 2 Dec"


def test_contact_at_local_evening_counts_on_the_local_date(world):
    cm = world.user("casemanager")
    episode = episode_of(world.north_person)
    # 5 Nov 02:00 UTC is 4 Nov 21:00 in New York: the last day of transition, not try-out.
    contact(cm, episode, dt.datetime(2026, 11, 5, 2, 0, tzinfo=dt.UTC))
    item = dose(episode, now=NOW)
    assert item.tallies[0].made == 2
    assert item.tallies[1].made == 0


def test_batch_takes_constant_queries(world):
    cm = world.user("casemanager")
    drt = curriculum(world.drug, CurriculumKind.DRT)
    people_ = [make_participant(cm, world.drug, world.north, f"Batch{i}") for i in range(6)]
    for person in people_:
        attend(group(drt, 1, at(3), cm), episode_of(person), AttendanceStatus.PRESENT)

    def run(n: int) -> int:
        episodes = [episode_of(p) for p in people_[:n]]
        with CaptureQueriesContext(connection) as captured:
            result = doses(episodes, now=NOW)
        assert all(result[e.pk].drt.completed == 1 for e in episodes)
        return len(captured.captured_queries)

    assert run(1) == run(6) == 5
