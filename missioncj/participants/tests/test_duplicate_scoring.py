"""Scoring a stored person against a searched-for one: names, nicknames, sound-alikes, swapped
names, birth-date slips and identifiers (no database)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from missioncj.participants import nicknames
from missioncj.participants.duplicate_scoring import Probe, birth_part, identifier_key, score
from missioncj.participants.names import fold, soundex

BORN = dt.date(1984, 3, 11)


def person(first: str, last: str, born: dt.date = BORN, preferred: str = "") -> SimpleNamespace:
    return SimpleNamespace(
        first_name=first, last_name=last, preferred_name=preferred, date_of_birth=born
    )


def scored(probe: Probe, stored: SimpleNamespace, identifiers=()) -> tuple[int, list[str]]:
    part = score(probe, stored, identifiers)
    return int(part.similarity), part.reasons


def test_fold_and_soundex():
    assert fold("  José  O'Brien-Díaz ") == "jose obrien diaz"
    assert fold("ÑANDÚ") == "nandu"
    assert soundex("Smith") == soundex("Smyth") == "S530"
    assert soundex("Robert") == soundex("Rupert") == "R163"
    assert soundex("Ashcraft") == "A261"  # h does not separate s and c
    assert soundex("Lee") == "L000"
    assert soundex("123") == ""


def test_nickname_table():
    assert nicknames.same_person_names("bill", "william")
    assert nicknames.same_person_names("william", "bill")
    assert nicknames.same_person_names("pepe", "jose")
    assert nicknames.same_person_names("chuy", "jesus")  # accents folded: Jesús
    assert nicknames.same_person_names("beto", "roberto")
    assert nicknames.same_person_names("beto", "alberto")
    assert not nicknames.same_person_names("bill", "robert")
    assert not nicknames.same_person_names("william", "william")
    assert nicknames.alternatives("bill")[0] == "william"
    assert nicknames.alternatives("zebediah") == []


def test_same_person_scores_100():
    points, reasons = scored(Probe("John", "Smith", BORN), person("John", "Smith"))
    assert points == 100
    assert reasons == ["same date of birth", "same name"]


def test_typo_with_same_birth_date_is_a_likely_match():
    points, reasons = scored(Probe("Jon", "Smith", BORN), person("John", "Smith"))
    assert points >= 85
    assert "same date of birth" in reasons
    assert any(r.startswith("first name") and "(Jon / John)" in r for r in reasons)


def test_last_name_sounds_alike():
    points, reasons = scored(Probe("Mary", "Smyth", BORN), person("Mary", "Smith"))
    assert points >= 85
    assert "last name sounds alike (Smyth / Smith)" in reasons


def test_nickname():
    points, reasons = scored(Probe("Bill", "Jones", BORN), person("William", "Jones"))
    assert points >= 85
    assert "first name is a nickname (Bill / William)" in reasons
    points, reasons = scored(Probe("Pepe", "García", BORN), person("José", "Garcia"))
    assert points >= 85
    assert "first name is a nickname (Pepe / José)" in reasons
    _, reasons = scored(Probe("Guillermo", "Ruiz", BORN), person("William", "Ruiz"))
    assert "first names are forms of one name (Guillermo / William)" in reasons


def test_preferred_name_counts_as_a_first_name():
    points, _ = scored(Probe("Tasha", "Brown", BORN), person("Natasha", "Brown", preferred="Tasha"))
    assert points == 100


def test_swapped_names():
    points, reasons = scored(Probe("Smith", "John", BORN), person("John", "Smith"))
    assert points >= 85
    assert reasons[-1].startswith("first and last names swapped")


def test_compound_last_name():
    points, reasons = scored(Probe("Ana", "García López", BORN), person("Ana", "García"))
    assert points >= 80
    assert "shares a last name (García López / García)" in reasons


def test_birth_dates():
    assert birth_part(BORN, BORN).reasons == ["same date of birth"]
    swapped = birth_part(dt.date(1984, 11, 3), BORN)
    assert swapped.similarity == 0.85
    assert swapped.reasons == ["day and month of birth swapped (1984-11-03 / 1984-03-11)"]
    digit = birth_part(dt.date(1984, 3, 12), BORN)
    assert digit.reasons == ["date of birth one digit off (1984-03-12 / 1984-03-11)"]
    assert birth_part(dt.date(1994, 3, 11), BORN).similarity == 0.7  # the decade digit
    assert birth_part(dt.date(1985, 3, 11), BORN).similarity == 0.7  # one digit too
    assert birth_part(dt.date(1989, 3, 11), BORN).similarity == 0.7
    assert birth_part(dt.date(1980, 3, 11), BORN).similarity == 0.7
    assert birth_part(dt.date(1979, 3, 11), BORN).similarity == 0.0  # three digits
    assert birth_part(dt.date(1990, 3, 11), BORN).similarity == 0.0
    assert birth_part(dt.date(1983, 3, 11), BORN).reasons == [
        "date of birth one digit off (1983-03-11 / 1984-03-11)"
    ]
    assert birth_part(dt.date(1980, 3, 11), dt.date(1979, 3, 11)).reasons == [
        "same birthday, year one off (1980-03-11 / 1979-03-11)"
    ]
    assert birth_part(dt.date(1961, 7, 22), BORN).similarity == 0.0


def test_same_name_other_birth_date_is_possible_not_likely():
    points, reasons = scored(Probe("John", "Smith", dt.date(1990, 8, 25)), person("John", "Smith"))
    assert 45 <= points < 80
    assert reasons == ["same name"]


def test_unrelated_person_scores_low_even_with_the_same_birth_date():
    points, _ = scored(Probe("Keisha", "Okonkwo", BORN), person("Robert", "Lindqvist"))
    assert points < 40
    points, _ = scored(Probe("Keisha", "Okonkwo", dt.date(1961, 1, 1)), person("Robert", "Smith"))
    assert points < 20


def test_same_first_name_and_birth_date_with_a_new_last_name():
    points, reasons = scored(Probe("Maria", "Delgado", BORN), person("Maria", "Okafor"))
    assert points == 50
    assert reasons == ["same date of birth"]


def test_shared_identifier_lifts_the_score():
    probe = Probe("Jon", "Smithe", dt.date(1990, 1, 1), ("24 cr-0012",))
    without, _ = scored(probe, person("John", "Smith"))
    points, reasons = scored(probe, person("John", "Smith"), [("Court docket number", "24CR0012")])
    assert points > without + 20
    assert reasons[0] == "same court docket number"
    assert identifier_key("24 cr-0012") == "24CR0012"


def test_no_birth_date_searched():
    points, reasons = scored(Probe("John", "Smith"), person("John", "Smith"))
    assert points == 80
    assert reasons == ["same name"]


names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzáéñ '-", min_size=1, max_size=20)
dates = st.dates(min_value=dt.date(1915, 1, 1), max_value=dt.date(2025, 12, 31))


@given(names, names, dates, names, names, dates)
def test_score_is_between_0_and_100(first, last, born, other_first, other_last, other_born):
    points, reasons = scored(Probe(first, last, born), person(other_first, other_last, other_born))
    assert 0 <= points <= 100
    assert all(isinstance(r, str) and r for r in reasons)


@given(names, names, dates)
def test_a_person_matches_themself_best(first, last, born):
    probe = Probe(first, last, born)
    itself, _ = scored(probe, person(first, last, born))
    assert itself >= scored(probe, person(first + "x", last, born))[0]
    assert itself >= scored(probe, person(first, last, born + dt.timedelta(days=400)))[0]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Jon", "John"), ("Micheal", "Michael"), ("Steven", "Stephen"), ("Cristina", "Christina")],
)
def test_common_spelling_slips(typed, stored):
    points, _ = scored(Probe(typed, "Reyes", BORN), person(stored, "Reyes"))
    assert points >= 85
