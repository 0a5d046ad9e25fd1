"""Duplicate search against the database: recall on realistic re-entries among a few thousand
people, precision, scope, the audit event, a fixed number of queries, and the trigram index
kept in step with the table."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from missioncj.conftest import World
from missioncj.core.models import AuditEvent
from missioncj.participants import name_index
from missioncj.participants import services as people
from missioncj.participants.duplicates import find_candidates
from missioncj.participants.models import Episode, EpisodeStatus, Identifier, Participant
from missioncj.participants.tests.synthetic_people import (
    KINDS,
    Person,
    make_people,
    seeded_duplicates,
)

POPULATION = 3000


def load(world: World, population: list[Person]) -> list[Participant]:
    """Bulk-load people into the drug court (Team South), as a big import would."""
    stored = Participant.objects.bulk_create(
        Participant(
            first_name=p.first_name,
            last_name=p.last_name,
            date_of_birth=p.date_of_birth,
            sex=p.sex,
        )
        for p in population
    )
    Episode.objects.bulk_create(
        Episode(
            participant=s,
            program=world.drug,
            team=world.south,
            status=EpisodeStatus.ENROLLED,
            referral_date=dt.date(2025, 1, 6),
            enrolled_date=dt.date(2025, 1, 9),
        )
        for s in stored
    )
    return stored


def search(user, person: Person, **extra) -> list:
    return find_candidates(
        user,
        first_name=person.first_name,
        last_name=person.last_name,
        date_of_birth=person.date_of_birth,
        **extra,
    )


def test_recall_on_realistic_re_entries(world: World):
    population = make_people(POPULATION, seed=11)
    stored = load(world, population)
    director = world.user("director")
    seeded = seeded_duplicates(population, per_kind=20, seed=12)
    assert Counter(kind for _, kind, _ in seeded) == dict.fromkeys(KINDS, 20)
    misses = []
    likely_others = 0
    for index, kind, re_entered in seeded:
        found = search(director, re_entered)
        ids = [c.participant.pk for c in found]
        if stored[index].pk not in ids:
            misses.append((kind, re_entered, population[index]))
        likely_others += any(c.score >= 80 and c.participant.pk != stored[index].pk for c in found)
    recall = 1 - len(misses) / len(seeded)
    assert recall >= 0.98, misses
    # Precision: a re-entry rarely brings up someone else as a likely match.
    assert likely_others <= len(seeded) * 0.05


def test_unrelated_person_is_not_a_candidate(world: World):
    population = make_people(500, seed=21)
    stored = load(world, population)
    director = world.user("director")
    someone = population[7]
    unrelated = Person("Zebulon", "Quackenbush", dt.date(1949, 2, 14), "male")
    assert search(director, unrelated) == []
    found = search(director, someone)
    assert found[0].participant.pk == stored[7].pk
    assert found[0].score == 100
    for candidate in found[1:]:
        assert candidate.score < 100 and candidate.reasons


def test_found_by_birth_date_when_the_name_is_badly_misspelt(world: World):
    load(world, make_people(300, seed=31))
    target = Participant.objects.create(
        first_name="Oluwaseun", last_name="Adeyemi", date_of_birth=dt.date(1979, 6, 30)
    )
    Episode.objects.create(
        participant=target, program=world.drug, team=world.south, referral_date=dt.date(2025, 1, 1)
    )
    found = search(world.user("director"), Person("Olusegun", "Adayemy", dt.date(1979, 6, 30), ""))
    assert [c.participant.pk for c in found][:1] == [target.pk]
    assert "same date of birth" in found[0].reasons


def test_found_by_identifier(world: World):
    person = world.south_person
    docket = person.identifiers.get().value
    found = find_candidates(
        world.user("supervisor"),
        first_name="Someone",
        last_name="Else",
        date_of_birth=dt.date(1970, 1, 1),
        identifiers=[docket.lower()],
    )
    assert [c.participant for c in found] == [person]
    assert found[0].reasons[0] == "same court docket number"


def test_only_people_in_scope_are_candidates(world: World):
    north, south, reentry = world.north_person, world.south_person, world.reentry_person

    def found_by(username: str, target: Participant) -> bool:
        candidates = find_candidates(
            world.user(username),
            first_name=target.first_name,
            last_name=target.last_name,
            date_of_birth=target.date_of_birth,
            identifiers=[i.value for i in target.identifiers.all()],
            limit=50,
        )
        return target in [c.participant for c in candidates]

    # All three are "Test …" born 1990-05-17: name, birth date and docket all point at them.
    assert found_by("casemanager", north) and not found_by("casemanager", south)
    assert not found_by("casemanager", reentry)
    assert found_by("supervisor", south) and not found_by("supervisor", reentry)
    assert found_by("outsider", reentry) and not found_by("outsider", north)
    for nobody in ("court", "evaluator", "admin"):
        assert not found_by(nobody, north)
    # A restricted record is seen only by its own team, not program-wide.
    Participant.objects.filter(pk=south.pk).update(restricted=True)
    assert found_by("cm.south", south)
    assert not found_by("supervisor", south)


def test_the_search_is_recorded_with_who_was_shown(world: World):
    before = AuditEvent.objects.count()
    found = find_candidates(
        world.user("casemanager"),
        first_name="Test",
        last_name="Nort",
        date_of_birth=dt.date(1990, 5, 17),
    )
    assert [c.participant for c in found] == [world.north_person]
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.after is not None
    assert AuditEvent.objects.count() == before + 1
    assert event.kind == "search" and event.action == "participant.duplicates"
    assert event.actor == world.user("casemanager")
    assert event.after["shown"] == [str(world.north_person.public_id)]
    assert event.after["query"] == "Test Nort"
    assert event.after["date_of_birth"] == "1990-05-17"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"last_name": "  "}, "last_name", "Enter the last name"),
        ({"first_name": ""}, "first_name", "Enter the first name"),
        ({"last_name": "12345"}, "last_name", "at least one letter"),
        ({"date_of_birth": dt.date(2999, 1, 1)}, "date_of_birth", "in the future"),
        ({"date_of_birth": dt.date(1890, 1, 1)}, "date_of_birth", "110 years"),
        ({"identifiers": ["x" * 65]}, "identifiers", "longer than 64"),
        ({"limit": 0}, "limit", "between 1 and 50"),
    ],
)
def test_bad_input_is_refused_and_reads_nothing(world: World, fields, field, message):
    arguments = {"first_name": "Test", "last_name": "North", "date_of_birth": None, **fields}
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        find_candidates(world.user("casemanager"), **arguments)
    assert message in " ".join(refused.value.message_dict[field])
    assert AuditEvent.objects.count() == before


def test_queries_do_not_grow_with_the_number_of_candidates(world: World):
    director = world.user("director")
    born = {"Whitfield": dt.date(1975, 4, 3), "Okonjo": dt.date(1966, 9, 21)}
    first = {"Whitfield": "Marcus", "Okonjo": "Tobias"}

    def add(count: int, surname: str) -> None:
        for n in range(count):
            person = Participant.objects.create(
                first_name=first[surname], last_name=surname, date_of_birth=born[surname]
            )
            Episode.objects.create(
                participant=person,
                program=world.drug,
                team=world.north,
                referral_date=dt.date(2025, 1, 1),
            )
            Identifier.objects.create(participant=person, kind="booking", value=f"B-{surname}-{n}")

    def queries_for(surname: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            found = find_candidates(
                director,
                first_name=first[surname],
                last_name=surname,
                date_of_birth=born[surname],
                identifiers=[f"B-{surname}-0"],
                limit=50,
            )
        return len(found), len(ctx.captured_queries)

    add(1, "Whitfield")
    add(30, "Okonjo")
    find_candidates(director, first_name="Warm", last_name="Up")  # the user's scope, cached
    one, few_queries = queries_for("Whitfield")
    many, many_queries = queries_for("Okonjo")
    assert (one, many) == (1, 30)
    assert few_queries == many_queries


def test_the_name_index_follows_renames_and_deletes(world: World):
    casemanager = world.user("casemanager")
    person = world.north_person

    def names_found(first: str, last: str) -> list[Participant]:
        return [
            c.participant for c in find_candidates(casemanager, first_name=first, last_name=last)
        ]

    assert names_found("Test", "North") == [person]
    people.update_participant(actor=casemanager, participant=person, last_name="Hargreave")
    assert names_found("Test", "Hargreave") == [person]
    assert names_found("Test", "North") == []
    assert Participant.objects.filter(pk=person.pk).values_list("name_key", flat=True).get() == (
        "test hargreave"
    )


def test_index_is_in_place_and_repaired_after_a_table_rebuild(world: World):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name_index.PG_INDEX]
            )
            assert "gin_trgm_ops" in cursor.fetchone()[0]
            assert name_index.ensure(connection) is False
            return
        # SQLite: what a Django table rebuild does to the triggers, then the repair.
        cursor.execute("DROP TRIGGER participants_name_trigram_insert")
        cursor.execute("DROP TRIGGER participants_name_trigram_update")
        Participant.objects.filter(pk=world.north_person.pk).update(last_name="Quillfeather")
        assert name_index.ensure(connection) is True
        assert name_index.ensure(connection) is False
        cursor.execute("SELECT count(*) FROM participants_name_trigram")
        assert cursor.fetchone()[0] == Participant.objects.count()
    found = find_candidates(world.user("casemanager"), first_name="Test", last_name="Quillfeather")
    assert [c.participant for c in found] == [world.north_person]


def test_bulk_load_builds_the_index_once_at_the_end(world: World):
    population = make_people(200, seed=41)
    with name_index.bulk_load(connection):
        stored = load(world, population)
    found = search(world.user("director"), population[5])
    assert found[0].participant.pk == stored[5].pk
    renamed = stored[6]
    people.update_participant(
        actor=world.user("director"), participant=renamed, last_name="Featherstonehaugh"
    )
    found = find_candidates(
        world.user("director"), first_name=renamed.first_name, last_name="Featherstonehaugh"
    )
    assert [c.participant.pk for c in found][:1] == [renamed.pk]
