"""A program full of identifiers, for the Safe Harbor and evaluator-isolation tests: two people
with names, addresses, ZIP codes, phones, e-mails, docket, booking and state ids, collateral
contacts, notes that name them, and real dates of birth, enrollment, contacts, tests, court
responses, phase moves, outcome events and referrals. `SECRETS` lists every value that must
never reach an extract; `real_dates` every real date of each
person, by sex (male and female are the two built here; the world's own people are "unknown"),
and `births` every date of birth."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from missioncj.assessments.tests.factories import give, phq9
from missioncj.care.models import Attendance, Component, GroupSession, Location, Modality
from missioncj.care.services import log_contact
from missioncj.conftest import World
from missioncj.court.services.courts import create_court
from missioncj.court.services.responses import record_response
from missioncj.court.tests import testing_factories as testing
from missioncj.linkage.tests.factories import referral
from missioncj.outcomes.services import record_outcome_event
from missioncj.participants import services as people
from missioncj.participants.models import EpisodeStatus, Participant

ET = dt.timezone(dt.timedelta(hours=-4))


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    born: dt.date
    referred: dt.date
    enrolled: dt.date
    contact: dt.datetime
    street: str
    city: str
    zip: str
    phone: str
    email: str
    docket: str
    booking: str
    state_id: str
    relative: str
    relative_phone: str
    relative_email: str
    ssn_note: str
    team: str
    sex: str


PEOPLE = [
    Person(
        "Zebediah", "Quillfeather", dt.date(1931, 2, 3), dt.date(2026, 3, 11),
        dt.date(2026, 3, 17), dt.datetime(2026, 4, 22, 10, 0, tzinfo=ET),
        "742 Evergreen Terrace", "Shelbyville", "62565", "(217) 555-0142",
        "zeb.q@example.org", "26CR-88231", "BK-4471902", "SID99812277",
        "Marguerite Quillfeather", "217-555-0199", "mq@example.org", "123-45-6789", "north", "male",
    ),
    Person(
        "Ottoline", "Brightwater", dt.date(1984, 7, 19), dt.date(2026, 5, 6),
        dt.date(2026, 5, 13), dt.datetime(2026, 6, 9, 15, 30, tzinfo=ET),
        "19 Larkspur Close", "Wintermoor", "60612", "312.555.0177",
        "otto.b@example.net", "26CR-55102", "BK-9920314", "SID55501234",
        "Ignatius Brightwater", "(312) 555-0123", "ib@example.net", "987-65-4320", "south",
        "female",
    ),
]  # fmt: skip


@dataclass
class Built:
    participants: list[Participant]
    secrets: list[str] = field(default_factory=list)
    real_dates: dict[str, set[dt.date]] = field(default_factory=dict)  # by sex (see PEOPLE)
    public_ids: list[str] = field(default_factory=list)
    births: set[dt.date] = field(default_factory=set)


def _dates_of(p: Person) -> set[dt.date]:
    return {
        p.born, p.referred, p.enrolled, p.contact.date(), p.enrolled + dt.timedelta(days=3),
        p.enrolled + dt.timedelta(days=10), p.enrolled + dt.timedelta(days=20),
        p.enrolled + dt.timedelta(days=30), p.enrolled + dt.timedelta(days=35),
    }  # fmt: skip


def _person(world: World, p: Person) -> Participant:
    team = world.north if p.team == "north" else world.south
    actor = world.user("director")
    person = people.create_participant(
        actor=actor,
        program=world.drug,
        team=team,
        referral_date=p.referred,
        referral_source=f"Officer mentioned {p.first} at {p.street}",
        first_name=p.first,
        last_name=p.last,
        date_of_birth=p.born,
        sex=p.sex,
        identifiers=[
            {"kind": "court_docket", "value": p.docket},
            {"kind": "booking", "value": p.booking},
            {"kind": "state_id", "value": p.state_id},
        ],
        phones=[{"number": p.phone, "label": "mobile"}],
    )
    people.add_address(
        actor=actor, participant=person, line1=p.street, city=p.city, state="Illinois",
        postal_code=p.zip,
    )  # fmt: skip
    people.add_collateral(
        actor=actor, participant=person, name=p.relative, relationship="sister",
        phone=p.relative_phone, email=p.relative_email, notes=f"SSN on file {p.ssn_note}",
    )  # fmt: skip
    episode = person.episodes.get()
    people.change_status(
        actor=actor, episode=episode, status=EpisodeStatus.SCREENING, on=p.referred
    )
    people.change_status(actor=actor, episode=episode, status=EpisodeStatus.ENROLLED, on=p.enrolled)
    return person


def _activity(world: World, p: Person, person: Participant, court: Any) -> None:
    actor = world.user("director")
    episode = person.episodes.select_related("program").get()
    log_contact(
        actor=actor, episode=episode, occurred_at=p.contact, duration_minutes=45,
        modality=Modality.IN_PERSON, location=Location.HOME, components=int(Component.CTI),
        note=f"Visited {p.first} {p.last} at {p.street}, {p.city} {p.zip}; called {p.phone}.",
    )  # fmt: skip
    curriculum = world.drug.curricula.get(kind="drt")
    session = GroupSession.objects.create(
        program=world.drug, curriculum=curriculum, curriculum_version=1, session_number=2,
        occurred_at=dt.datetime.combine(p.enrolled + dt.timedelta(days=3), dt.time(14), ET),
        duration_minutes=60, location=f"{p.street} basement", recorded_by=actor,
        note=f"{p.first} shared about {p.relative}",
    )  # fmt: skip
    Attendance.objects.create(
        group_session=session, episode=episode, participant=person, status="present",
        note=f"{p.first} arrived late",
    )  # fmt: skip
    give(actor, person, responses=phq9(), on=p.enrolled + dt.timedelta(days=10))
    test = testing.collected(
        actor, episode, dt.datetime.combine(p.enrolled + dt.timedelta(days=20), dt.time(9), ET)
    )
    testing.resulted(
        actor, test, dt.datetime.combine(p.enrolled + dt.timedelta(days=20), dt.time(16), ET),
        positives=("thc",),
    )  # fmt: skip
    record_response(
        actor=actor, episode=episode, kind="sanction", behaviour=f"{p.first} missed a test",
        response=f"Essay for Judge; call {p.relative}", magnitude="low",
        decided_on=p.enrolled + dt.timedelta(days=30), decided_by="Judge Hartwell",
    )  # fmt: skip
    phase = court.phases.first() or testing.phase(court, 1, "2")
    testing.move(episode, phase, p.enrolled + dt.timedelta(days=3), actor)
    record_outcome_event(
        actor=actor, episode=episode, kind="arrest", occurred_on=p.enrolled + dt.timedelta(days=35),
        source="court_record", detail=f"{p.first} arrested outside {p.street}",
        source_detail=f"Docket {p.docket}",
    )  # fmt: skip
    referral(
        actor, person, referred_on=p.enrolled + dt.timedelta(days=10),
        place_name=f"{p.relative}'s church", place_contact=p.relative_phone,
    )  # fmt: skip


def build(world: World) -> Built:
    court = create_court(actor=None, program=world.drug, name="Treatment Court Part B")
    built = Built([])
    for p in PEOPLE:
        person = _person(world, p)
        _activity(world, p, person, court)
        built.participants.append(person)
        built.secrets += [
            p.first, p.last, p.street, "Evergreen" if "Evergreen" in p.street else "Larkspur",
            p.city, p.zip, p.phone, p.email, p.docket, p.booking, p.state_id, p.relative,
            p.relative.split()[0], p.relative_phone, p.relative_email, p.ssn_note,
        ]  # fmt: skip
        built.real_dates[p.sex] = _dates_of(p)
    for person in Participant.objects.all():
        built.public_ids.append(str(person.public_id))
        built.secrets += [person.display_name, person.legal_name]
        built.secrets += list(person.identifiers.values_list("value", flat=True))
        built.births.add(person.date_of_birth)
        for episode in person.episodes.all():
            built.real_dates.setdefault(person.sex, set()).update(
                d for d in (episode.referral_date, episode.enrolled_date) if d
            )
            built.real_dates[person.sex].update(
                timezone.localdate(c.occurred_at, episode.program.zone)
                for c in episode.contacts.all()
            )
        for episode in person.episodes.all():
            built.public_ids.append(str(episode.public_id))
    built.secrets.append("Hartwell")
    return built


def date_forms(day: dt.date) -> list[str]:
    """A date as ISO and the usual US spellings."""
    return [
        day.isoformat(),
        day.strftime("%m/%d/%Y"),
        f"{day.month}/{day.day}/{day.year}",
        day.strftime("%m/%d/%y"),
        day.strftime("%Y%m%d"),
    ]
