"""Synthetic people for duplicate-search tests and measurements: realistic name frequencies
(a few very common names, a long tail of rarer ones) and the ways staff re-enter someone who
is already on file (typos, nicknames, names swapped, day and month of birth swapped)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    "James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel "
    "Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy "
    "Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin "
    "Scott Brandon Benjamin Samuel Gregory Alexander Frank Patrick Raymond Jack Dennis Jerry "
    "Tyler Aaron Jose Adam Nathan Henry Douglas Zachary Peter Kyle Walter Ethan Jeremy Harold "
    "Terry Sean Carl Arthur Lawrence Dylan Jesse Jordan Bryan Billy Joe Bruce Gabriel Logan "
    "Albert Willie Alan Juan Wayne Elijah Randy Roy Vincent Ralph Eugene Russell Bobby Mason "
    "Philip Louis Carlos Luis Miguel Jorge Pedro Francisco Manuel Alejandro Ricardo Roberto "
    "Javier Fernando Eduardo Raul Sergio Enrique Rafael Jesus Guadalupe Ignacio Salvador Marcus "
    "Tyrone Darnell DeShawn Jamal Malik Terrell Andre Reginald Cedric "
    "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty "
    "Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah "
    "Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma "
    "Nicole Helen Samantha Katherine Christine Debra Rachel Carolyn Janet Catherine Maria "
    "Heather Diane Ruth Julie Olivia Joyce Virginia Victoria Kelly Lauren Christina Joan Evelyn "
    "Judith Megan Andrea Cheryl Hannah Jacqueline Martha Gloria Teresa Ann Sara Madison Frances "
    "Kathryn Janice Jean Abigail Alice Judy Sophia Grace Denise Amber Doris Marilyn Danielle "
    "Beverly Isabella Theresa Diana Natalie Brittany Charlotte Marie Kayla Alexis Lori Rosa "
    "Guadalupe Carmen Juana Margarita Veronica Yolanda Dolores Esperanza Graciela Leticia "
    "Araceli Consuelo Mercedes Soledad Rocio Ximena Lupita Keisha Tasha Latoya Shanice Monique"
)

COMMON_LAST_NAMES = _words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris "
    "Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen "
    "Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez "
    "Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy "
    "Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox "
    "Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price "
    "Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell "
    "Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero "
    "Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole "
    "Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall "
    "Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman "
    "Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw "
    "Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone "
    "Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto "
    "Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen "
    "Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane "
    "Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards "
    "Contreras Willis Carpenter Lawrence Sandoval Guerrero George Chapman Rios Estrada Ortega "
    "Watkins Greene Nunez Wheeler Valdez Harper Burke Larson Santiago Maldonado Morrison"
)

# A long tail of rarer surnames, built from pieces (Ashford, Brantley, Coldwell …).
_HEADS = _words(
    "Ash Brant Cold Dal Elm Fair Gold Hart Ivy Kel Lang Mar Nor Oak Pem Quin Red Sher Thorn "
    "Upton Vale Wex Yar Zell Ald Bell Cart Dray Ever Fitz Gar Hol Kings Lock Mont Pres Rut Stan "
    "Tal Wim Bar Cor Dun Fen Hal Kirk Lin Mor Pen Ros Sel Tre Wil Ab Ber Cas Del Es Fal Gal Lam"
)
_TAILS = _words(
    "ford ley well ton by wick worth ham field man stead ridge more wood burn croft dale lock "
    "er ley son ick stone bury ing ett ard ow ins ey ero ante ez illo ina"
)


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    date_of_birth: dt.date
    sex: str
    identifier: str = ""


def _weights(count: int, flatten: int) -> list[float]:
    """Cumulative weights falling off with rank like real name frequencies: 1 / (rank +
    flatten). With flatten 5 the top first name is about 5 % of people; with 10 and 300
    surnames, Smith is about 1 % once the long tail takes its share."""
    total = 0.0
    cumulative = []
    for rank in range(1, count + 1):
        total += 1 / (rank + flatten)
        cumulative.append(total)
    return cumulative


def make_people(count: int, seed: int = 1) -> list[Person]:
    rng = random.Random(seed)
    women_from = FIRST_NAMES.index("Mary")
    men, women = FIRST_NAMES[:women_from], FIRST_NAMES[women_from:]
    men_weights, women_weights = _weights(len(men), 5), _weights(len(women), 5)
    common_weights = _weights(len(COMMON_LAST_NAMES), 10)
    # The long tail: two-piece names (Ashford) and three-piece ones (Ashbelford), rarer.
    tail = [h + t for h in _HEADS for t in _TAILS]
    tail += [h + m.lower() + t for h in _HEADS for m in _HEADS[:12] for t in _TAILS]
    people = []
    for number in range(count):
        sex = "male" if rng.random() < 0.7 else "female"  # justice-involved people: mostly men
        if sex == "male":
            first = rng.choices(men, cum_weights=men_weights)[0]
        else:
            first = rng.choices(women, cum_weights=women_weights)[0]
        if rng.random() < 0.45:
            last = rng.choices(COMMON_LAST_NAMES, cum_weights=common_weights)[0]
        else:
            last = rng.choice(tail)
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))
        people.append(Person(first, last, born, sex, f"SYN-{seed}-{number:07d}"))
    return people


_NICKNAMES = {
    "William": ["Bill", "Billy", "Will", "Guillermo"],
    "Robert": ["Bob", "Bobby", "Rob", "Beto"],
    "Richard": ["Rick", "Dick", "Ricky"],
    "James": ["Jim", "Jimmy", "Jaime"],
    "John": ["Jack", "Johnny", "Juan"],
    "Joseph": ["Joe", "Joey", "Jose"],
    "Michael": ["Mike", "Mikey", "Miguel"],
    "Thomas": ["Tom", "Tommy"],
    "Charles": ["Charlie", "Chuck"],
    "Christopher": ["Chris"],
    "Daniel": ["Danny", "Dan"],
    "Anthony": ["Tony"],
    "Edward": ["Ed", "Eddie", "Ted"],
    "Francisco": ["Paco", "Pancho", "Frank"],
    "Jose": ["Pepe", "Joseph"],
    "Jesus": ["Chuy"],
    "Ignacio": ["Nacho"],
    "Alejandro": ["Alex"],
    "Roberto": ["Beto"],
    "Eduardo": ["Lalo"],
    "Guadalupe": ["Lupe"],
    "Elizabeth": ["Liz", "Beth", "Betty"],
    "Margaret": ["Maggie", "Peggy"],
    "Katherine": ["Kate", "Kathy"],
    "Patricia": ["Pat", "Patty", "Trish"],
    "Jennifer": ["Jen", "Jenny"],
    "Rebecca": ["Becky"],
    "Dolores": ["Lola"],
    "Consuelo": ["Chelo"],
}

_KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"


def typo(word: str, rng: random.Random) -> str:
    """One slip of the keyboard or the ear: a letter dropped, doubled, swapped with the next,
    or replaced by a neighbouring key or another vowel."""
    if len(word) < 3:
        return word + word[-1]
    i = rng.randrange(1, len(word))  # people rarely get the first letter wrong
    kind = rng.choice(("drop", "double", "swap", "replace"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap" and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    letter = word[i].lower()
    if letter in "aeiou":
        new = rng.choice([v for v in "aeiouy" if v != letter])
    else:
        at = _KEYBOARD.index(letter) if letter in _KEYBOARD else 0
        new = _KEYBOARD[(at + rng.choice((-1, 1))) % len(_KEYBOARD)]
    return word[:i] + new + word[i + 1 :]


def re_entered(person: Person, kind: str, rng: random.Random) -> Person:
    """The same person as staff might enter them again."""
    if kind == "typo_first":
        return replace(person, first_name=typo(person.first_name, rng))
    if kind == "typo_last":
        return replace(person, last_name=typo(person.last_name, rng))
    if kind == "nickname":
        return replace(person, first_name=rng.choice(_NICKNAMES[person.first_name]))
    if kind == "swapped":
        return replace(person, first_name=person.last_name, last_name=person.first_name)
    if kind == "transposed_dob":
        born = person.date_of_birth
        return replace(person, date_of_birth=born.replace(month=born.day, day=born.month))
    if kind == "typo_and_transposed":
        moved = re_entered(person, "transposed_dob", rng)
        return replace(moved, last_name=typo(person.last_name, rng))
    if kind == "dob_digit":
        born = person.date_of_birth
        day = next(
            d
            for d in (born.day + 1, born.day - 1, born.day + 10, born.day - 10)
            if 1 <= d <= 28
            and sum(a != b for a, b in zip(f"{d:02d}", f"{born.day:02d}", strict=True)) == 1
        )
        return replace(person, date_of_birth=born.replace(day=day))
    raise ValueError(kind)


KINDS = (
    "typo_first",
    "typo_last",
    "nickname",
    "swapped",
    "transposed_dob",
    "typo_and_transposed",
    "dob_digit",
)


def can_re_enter(person: Person, kind: str) -> bool:
    born = person.date_of_birth
    if kind in ("transposed_dob", "typo_and_transposed"):
        return born.day <= 12 and born.day != born.month
    if kind == "nickname":
        return person.first_name in _NICKNAMES
    return True


def seeded_duplicates(
    people: list[Person], per_kind: int, seed: int = 2
) -> list[tuple[int, str, Person]]:
    """(index of the person on file, kind, the re-entered person), `per_kind` of each kind."""
    rng = random.Random(seed)
    out: list[tuple[int, str, Person]] = []
    for kind in KINDS:
        chosen = 0
        for index in rng.sample(range(len(people)), len(people)):
            if chosen == per_kind:
                break
            if can_re_enter(people[index], kind):
                out.append((index, kind, re_entered(people[index], kind, rng)))
                chosen += 1
    return out
