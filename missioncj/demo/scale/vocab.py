"""Words the scale generator draws from: people's names with their real-world frequencies (Faker's
census-weighted lists, drawn with our own seeded random), nicknames, places and note texts.

Name frequencies are what make duplicate search realistic: a few surnames are very common
(Smith, Garcia, Johnson …) and most are rare, so the generator's people share names the way a
state's caseload does.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence

from faker.providers.address.en_US import Provider as UsAddress
from faker.providers.person.en_US import Provider as UsPerson
from faker.providers.person.es_MX import Provider as MxPerson

from missioncj.demo.generator import NOTES as DEMO_NOTES


class Weighted:
    """Draw from a list with weights in O(log n) (cumulative weights, bisect)."""

    def __init__(self, items: Sequence[str], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random) -> str:
        return self.items[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def _merge(primary: dict[str, float], extra: Sequence[str], share: float) -> Weighted:
    """Primary names with their weights, plus `extra` names sharing `share` of the total."""
    names = dict(primary)
    total = sum(primary.values())
    each = total * share / (1 - share) / max(1, len(extra))
    for name in extra:
        names[name] = names.get(name, 0.0) + each
    return Weighted(list(names), list(names.values()))


# Hispanic names are about a fifth of the people, as in many state caseloads.
LAST_NAMES = _merge(dict(UsPerson.last_names), list(MxPerson.last_names), 0.2)
MALE_FIRST = _merge(dict(UsPerson.first_names_male), list(MxPerson.first_names_male), 0.2)
FEMALE_FIRST = _merge(dict(UsPerson.first_names_female), list(MxPerson.first_names_female), 0.2)
MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTW"

# Formal name -> the names people are also known by (intake often writes the nickname down).
NICKNAMES: dict[str, tuple[str, ...]] = {
    "William": ("Bill", "Will", "Billy"),
    "Robert": ("Bob", "Bobby", "Rob"),
    "Richard": ("Rick", "Dick", "Rich"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "John": ("Jack", "Johnny"),
    "Michael": ("Mike", "Mikey"),
    "Joseph": ("Joe", "Joey"),
    "Thomas": ("Tom", "Tommy"),
    "Anthony": ("Tony",),
    "Christopher": ("Chris", "Topher"),
    "Daniel": ("Dan", "Danny"),
    "Charles": ("Chuck", "Charlie"),
    "Edward": ("Ed", "Eddie", "Ted"),
    "Andrew": ("Andy", "Drew"),
    "Matthew": ("Matt",),
    "Nicholas": ("Nick",),
    "Samuel": ("Sam", "Sammy"),
    "Benjamin": ("Ben", "Benny"),
    "Jonathan": ("Jon",),
    "Steven": ("Steve",),
    "Timothy": ("Tim",),
    "Gregory": ("Greg",),
    "Raymond": ("Ray",),
    "Lawrence": ("Larry",),
    "Gerald": ("Jerry",),
    "Donald": ("Don", "Donnie"),
    "Ronald": ("Ron", "Ronnie"),
    "Kenneth": ("Ken", "Kenny"),
    "Elizabeth": ("Liz", "Beth", "Betty"),
    "Margaret": ("Maggie", "Peggy"),
    "Katherine": ("Kate", "Kathy"),
    "Jennifer": ("Jen", "Jenny"),
    "Patricia": ("Pat", "Patty", "Trish"),
    "Rebecca": ("Becky",),
    "Deborah": ("Debbie", "Deb"),
    "Susan": ("Sue", "Susie"),
    "Victoria": ("Vicky", "Tori"),
    "Kimberly": ("Kim",),
    "Jessica": ("Jess",),
    "Christina": ("Tina", "Chris"),
    "José": ("Pepe", "Chepe"),
    "Francisco": ("Paco", "Pancho"),
    "Jesús": ("Chuy",),
    "Guadalupe": ("Lupe",),
    "Alejandro": ("Alex", "Alejo"),
    "Eduardo": ("Lalo",),
    "Ignacio": ("Nacho",),
    "Alberto": ("Beto",),
    "Roberto": ("Beto",),
    "Enrique": ("Kike",),
    "Manuel": ("Manny",),
    "Rosario": ("Chayo",),
}
# Spelling variants a clerk might type for a surname, both ways round.
SPELLINGS = [
    ("Smith", "Smyth"),
    ("Johnson", "Jonson"),
    ("Thompson", "Thomson"),
    ("Stephens", "Stevens"),
    ("Rodriguez", "Rodrigues"),
    ("Hernandez", "Hernandes"),
    ("Gonzalez", "Gonzales"),
    ("Martinez", "Martines"),
    ("Reid", "Reed"),
    ("Philips", "Phillips"),
    ("Nielsen", "Nielson"),
    ("Meyer", "Meier"),
]

COUNTIES = [
    "Adams",
    "Allen",
    "Ashland",
    "Belmont",
    "Benton",
    "Boone",
    "Brown",
    "Butler",
    "Carroll",
    "Cedar",
    "Clark",
    "Clay",
    "Clinton",
    "Crawford",
    "Cumberland",
    "Dallas",
    "Decatur",
    "Delaware",
    "Douglas",
    "Elk",
    "Fairfield",
    "Fayette",
    "Franklin",
    "Fulton",
    "Garfield",
    "Grant",
    "Greene",
    "Hamilton",
    "Hancock",
    "Harbor",
    "Hardin",
    "Harrison",
    "Henry",
    "Highland",
    "Howard",
    "Huron",
    "Jackson",
    "Jasper",
    "Jefferson",
    "Knox",
    "Lake",
    "Lawrence",
    "Lee",
    "Lincoln",
    "Logan",
    "Madison",
    "Marion",
    "Marshall",
    "Mercer",
    "Miami",
    "Monroe",
    "Montgomery",
    "Morgan",
    "Noble",
    "Ottawa",
    "Perry",
    "Pike",
    "Polk",
    "Putnam",
    "Randolph",
    "Richland",
    "Ross",
    "Scott",
    "Shelby",
    "Stark",
    "Summit",
    "Union",
    "Van Buren",
    "Warren",
    "Washington",
    "Wayne",
    "Wood",
    "Wyandot",
]
# (state, abbreviation, time zone, area codes): the states a national installation spans.
STATES = [
    ("Ohio", "OH", "America/New_York", ("614", "216", "513", "419", "330", "937")),
    ("Texas", "TX", "America/Chicago", ("512", "214", "713", "210", "817", "915")),
    ("Arizona", "AZ", "America/Phoenix", ("602", "480", "520", "928")),
    ("Oregon", "OR", "America/Los_Angeles", ("503", "541", "971")),
    ("Georgia", "GA", "America/New_York", ("404", "706", "912", "478")),
    ("Minnesota", "MN", "America/Chicago", ("612", "651", "218", "507")),
    ("Colorado", "CO", "America/Denver", ("303", "719", "970")),
    ("Florida", "FL", "America/New_York", ("305", "407", "813", "904")),
    ("Washington", "WA", "America/Los_Angeles", ("206", "509", "253")),
    ("Illinois", "IL", "America/Chicago", ("312", "217", "309", "618")),
]
TOWN_ENDINGS = ["", "ville", " City", " Falls", "ton", " Springs", " Heights"]
STREET_SUFFIXES = [s for s in UsAddress.street_suffixes if len(s) <= 9]
HOUSING_KINDS = ["home", "home", "home", "family", "sober house", "shelter", "apartment"]

NOTES = [
    *DEMO_NOTES,
    "Texted a reminder about tomorrow's treatment appointment; confirmed by reply.",
    "Drove to the benefits office; SNAP application submitted.",
    "Met at the clinic after the MAT appointment; dose stable, no cravings reported.",
    "Checked in after the weekend; one lapse reported, plan reviewed with the peer.",
    "Court day: sat together before the hearing; judge acknowledged progress.",
    "Visited the sober house; talked with the house manager about rent and chores.",
    "No answer at the last known number; left a message with the emergency contact.",
    "Helped fill in the state ID application; birth certificate request mailed.",
    "Reviewed the week's schedule: groups, work shifts, probation check-in.",
    "Talked through an argument at home; agreed on a time-out plan.",
]
REFERRAL_SOURCES = [
    "Public defender",
    "Prosecutor",
    "Judge",
    "Jail classification",
    "Probation",
    "Pretrial services",
    "Treatment provider",
    "Family",
    "Self",
]
JUDGE_TITLES = ["Hon."]
ATTORNEY_OFFICES = ["Office of the Public Defender", "Conflict counsel", "Private counsel"]
