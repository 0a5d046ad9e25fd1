"""Bad input through the web forms: field errors next to the field, and nothing saved."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from missioncj.care.models import Component, Contact, ContactAddendum, Location, Modality
from missioncj.care.services import log_contact
from missioncj.conftest import World
from missioncj.core.models import AuditEvent
from missioncj.participants import services as people
from missioncj.participants.models import (
    Address,
    CollateralContact,
    Episode,
    EpisodeStatus,
    Identifier,
    Participant,
    Phone,
)

NEW_YORK = ZoneInfo("America/New_York")


def counts() -> dict[str, int]:
    return {
        "participants": Participant.objects.count(),
        "episodes": Episode.objects.count(),
        "identifiers": Identifier.objects.count(),
        "phones": Phone.objects.count(),
        "addresses": Address.objects.count(),
        "collaterals": CollateralContact.objects.count(),
        "contacts": Contact.objects.count(),
        "addenda": ContactAddendum.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def field_errors(response: Any, field: str) -> str:
    """The text of the error container the form template puts under one field."""
    page = response.content.decode()
    match = re.search(
        rf'<div class="field-errors" id="id_{field}_errors" role="alert">(.*?)</div>',
        page,
        re.DOTALL,
    )
    assert match, f"no error shown for {field}"
    # The surrounding field wrapper is marked too, for styling and screen readers.
    start = page.rfind('<div class="field', 0, match.start())
    assert "has-error" in page[start : match.start()].split(">", 1)[0]
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", match.group(1)))


def flashed(response: Any) -> list[str]:
    """Messages queued by the request (shown on the page the redirect leads to)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def all_field_errors(response: Any) -> set[str]:
    return set(re.findall(r'id="id_(\w+)_errors"', response.content.decode()))


def detail_url(participant: Participant) -> str:
    return reverse("participants:detail", kwargs={"public_id": participant.public_id})


def today_in(program: Any) -> dt.date:
    return people.local_today(program)


# --- new referral -------------------------------------------------------------------------------


def referral(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": "Robin",
        "middle_name": "",
        "last_name": "Formtest",
        "preferred_name": "",
        "date_of_birth": "1991-07-04",
        "sex": "unknown",
        "gender_identity": "",
        "race": "unknown",
        "ethnicity": "unknown",
        "veteran_status": "unknown",
        "preferred_language": "English",
        "team": world.north.pk,
        "referral_date": "2026-10-01",
        "referral_source": "Public defender",
        "identifier_kind": "court_docket",
        "identifier_value": "26CR-FORM",
        "phone": "555-0199",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_valid_referral_is_created(world, login):
    # The control for the refusals below: the same form, valid, does save.
    response = login("casemanager").post(reverse("participants:create"), referral(world))
    person = Participant.objects.get(last_name="Formtest")
    assert response.status_code == 302
    assert response["Location"] == detail_url(person)
    assert person.identifiers.get().value == "26CR-FORM"
    assert person.phones.get().number == "555-0199"
    assert person.episodes.get().team == world.north


def _future() -> str:
    return (timezone.now().date() + dt.timedelta(days=5)).isoformat()


BAD_REFERRALS: list[tuple[str, dict[str, Any], str, str]] = [
    ("missing last name", {"last_name": ""}, "last_name", "This field is required."),
    ("missing first name", {"first_name": None}, "first_name", "This field is required."),
    ("last name too long", {"last_name": "x" * 101}, "last_name", "at most 100 characters"),
    ("missing birth date", {"date_of_birth": ""}, "date_of_birth", "This field is required."),
    ("impossible birth date", {"date_of_birth": "1991-02-30"}, "date_of_birth", "valid date"),
    ("birth date in the future", {"date_of_birth": "FUTURE"}, "date_of_birth", "in the future"),
    ("birth date too long ago", {"date_of_birth": "1901-01-01"}, "date_of_birth", "110 years"),
    ("unknown sex", {"sex": "robot"}, "sex", "Select a valid choice"),
    ("missing team", {"team": ""}, "team", "This field is required."),
    ("team of another team", {"team": "SOUTH"}, "team", "Select a valid choice"),
    ("team of another program", {"team": "REENTRY"}, "team", "Select a valid choice"),
    ("future referral date", {"referral_date": "FUTURE"}, "referral_date", "in the future"),
    ("missing referral date", {"referral_date": ""}, "referral_date", "This field is required."),
    ("unknown identifier type", {"identifier_kind": "ssn"}, "identifier_kind", "valid choice"),
]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [(c, f, m) for _, c, f, m in BAD_REFERRALS],
    ids=[i for i, *_ in BAD_REFERRALS],
)
def test_bad_referral_shows_field_error_and_saves_nothing(world, login, change, field, message):
    values = {
        "FUTURE": _future(),
        "SOUTH": world.south.pk,
        "REENTRY": world.reentry_team.pk,
    }
    data = referral(
        world, **{k: values.get(v, v) if isinstance(v, str) else v for k, v in change.items()}
    )
    client = login("casemanager")
    before = counts()
    response = client.post(reverse("participants:create"), data)
    assert response.status_code in (200, 422)
    assert message in field_errors(response, field)
    assert all_field_errors(response) == {field}  # the error is on that field only
    assert counts() == before
    # What was typed is kept, so the user fixes one thing instead of starting over.
    assert 'value="Public defender"' in response.content.decode()


def test_identifier_number_without_a_type_is_explained(world, login):
    """A number with no type must be refused at the type field, not with an anonymous message.

    Today the service's Identifier.full_clean error ({"kind": "This field cannot be blank."})
    has no matching form field, so it lands at the top of the form and names nothing.
    """
    client = login("casemanager")
    before = counts()
    response = client.post(reverse("participants:create"), referral(world, identifier_kind=""))
    assert response.status_code in (200, 422)
    assert counts() == before
    assert field_errors(response, "identifier_kind")


# --- episode status ------------------------------------------------------------------------------


def status_url(participant: Participant, episode: Episode) -> str:
    return reverse(
        "participants:change_status",
        kwargs={"public_id": participant.public_id, "episode_id": episode.public_id},
    )


def episode_state(episode: Episode) -> tuple[Any, ...]:
    episode.refresh_from_db()
    return (
        episode.status,
        episode.screening_date,
        episode.enrolled_date,
        episode.closed_date,
        episode.discharge_reason,
        episode.closing_note,
        episode.team_id,
        episode.updated_at,
    )


@pytest.fixture
def referred(world: World) -> Participant:
    return people.create_participant(
        actor=world.user("casemanager"),
        program=world.drug,
        team=world.north,
        referral_date=dt.date(2026, 10, 10),
        first_name="Just",
        last_name="Referred",
        date_of_birth=dt.date(1980, 2, 2),
    )


def test_discharging_a_referred_episode_is_refused(world, login, referred):
    episode = referred.episodes.get()
    state = episode_state(episode)
    client = login("casemanager")
    before = counts()
    response = client.post(
        status_url(referred, episode),
        {"status": "discharged", "date": today_in(world.drug).isoformat(), "reason": "graduated"},
    )
    assert response.status_code == 422
    assert "An episode that is referred cannot become discharged." in field_errors(
        response, "status"
    )
    assert episode_state(episode) == state
    assert counts() == before


def test_enrolling_before_the_referral_date_is_refused(world, login, referred):
    episode = referred.episodes.get()
    state = episode_state(episode)
    client = login("casemanager")
    before = counts()
    response = client.post(
        status_url(referred, episode), {"status": "enrolled", "date": "2026-10-09"}
    )
    assert response.status_code == 422
    assert "This date is before 10 Oct 2026, an earlier step." in field_errors(response, "date")
    assert episode_state(episode) == state
    assert counts() == before


def test_discharge_without_a_reason_is_refused(world, login):
    person = world.north_person
    episode = person.episodes.get()
    state = episode_state(episode)
    client = login("casemanager")
    before = counts()
    response = client.post(
        status_url(person, episode),
        {"status": "discharged", "date": today_in(world.drug).isoformat(), "reason": ""},
    )
    assert response.status_code == 422
    assert "Choose a discharge reason." in field_errors(response, "reason")
    assert episode_state(episode) == state
    assert counts() == before


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"status": "screening", "date": "2026-10-01"}, "status", "enrolled cannot become"),
        ({"status": "not_enrolled", "date": "2026-10-01"}, "status", "cannot become not enrolled"),
        ({"status": "enrolled", "date": "2026-10-01"}, "status", "cannot become enrolled"),
        ({"status": "discharged", "date": "FUTURE", "reason": "graduated"}, "date", "future"),
        ({"status": "discharged", "date": "2026-09-04", "reason": "other"}, "date", "5 Sep 2026"),
        ({"status": "discharged", "date": "", "reason": "other"}, "date", "required"),
        ({"status": "discharged", "date": "2026-10-01", "reason": "bored"}, "reason", "valid"),
        ({"status": "referred", "date": "2026-10-01"}, "status", "valid choice"),
        ({"status": "", "date": "2026-10-01"}, "status", "required"),
    ],
    ids=[
        "enrolled-to-screening",
        "enrolled-to-not-enrolled",
        "enrolled-to-enrolled",
        "future-date",
        "before-enrollment",
        "no-date",
        "unknown-reason",
        "back-to-referred",
        "no-status",
    ],
)
def test_other_refused_status_changes(world, login, data, field, message):
    person = world.north_person
    episode = person.episodes.get()
    if data.get("date") == "FUTURE":
        data = {**data, "date": _future()}
    state = episode_state(episode)
    client = login("supervisor")
    before = counts()
    response = client.post(status_url(person, episode), data)
    assert response.status_code == 422
    assert message in field_errors(response, field)
    assert episode_state(episode) == state
    assert counts() == before


def test_a_legal_status_change_goes_through(world, login, referred):
    # The control: the same route does change a status when the change is allowed.
    episode = referred.episodes.get()
    client = login("casemanager")
    response = client.post(
        status_url(referred, episode), {"status": "screening", "date": "2026-10-12"}, follow=True
    )
    assert response.redirect_chain[-1][0] == detail_url(referred)
    assert "Episode updated." in response.content.decode()
    episode.refresh_from_db()
    assert (episode.status, episode.screening_date) == ("screening", dt.date(2026, 10, 12))
    assert AuditEvent.objects.filter(
        action="episode.screening", subject_public_id=str(episode.public_id)
    ).exists()


def test_second_open_episode_via_the_form_is_refused(world, login):
    person = world.north_person
    client = login("casemanager")
    before = counts()
    response = client.post(
        reverse("participants:new_episode", kwargs={"public_id": person.public_id}),
        {"team": world.north.pk, "referral_date": "2026-10-01"},
    )
    assert response.status_code in (200, 422)
    assert "already has an open episode in this program" in response.content.decode()
    assert counts() == before


# --- editing a person, adding to the locator ----------------------------------------------------


def test_edit_with_future_birth_date_changes_nothing(world, login):
    person = world.north_person
    data = {
        "first_name": "Changed",
        "last_name": "North",
        "date_of_birth": _future(),
        "sex": "unknown",
        "race": "unknown",
        "ethnicity": "unknown",
        "veteran_status": "unknown",
        "preferred_language": "English",
    }
    client = login("casemanager")
    before = counts()
    response = client.post(
        reverse("participants:edit", kwargs={"public_id": person.public_id}), data
    )
    assert response.status_code in (200, 422)
    assert "Date of birth cannot be in the future." in field_errors(response, "date_of_birth")
    person.refresh_from_db()
    assert (person.first_name, person.date_of_birth) == ("Test", dt.date(1990, 5, 17))
    assert counts() == before


def test_duplicate_identifier_via_the_form(world, login):
    person = world.north_person
    existing = person.identifiers.get()
    client = login("casemanager")
    before = counts()
    response = client.post(
        reverse("participants:add_identifier", kwargs={"public_id": person.public_id}),
        {"kind": existing.kind, "value": f"  {existing.value} ", "issuer": existing.issuer},
    )
    assert response.status_code in (200, 422)
    assert "already recorded" in field_errors(response, "value")
    assert counts() == before


@pytest.mark.parametrize(
    ("route", "data", "field"),
    [
        ("participants:add_phone", {"number": ""}, "number"),
        ("participants:add_address", {"line1": "1 Main", "city": "", "state": "IL"}, "city"),
        ("participants:add_collateral", {"name": "Kim", "relationship": ""}, "relationship"),
        (
            "participants:add_collateral",
            {"name": "Kim", "relationship": "friend", "email": "not-an-email"},
            "email",
        ),
        ("participants:add_identifier", {"kind": "booking", "value": ""}, "value"),
    ],
)
def test_locator_forms_refuse_missing_fields(world, login, route, data, field):
    client = login("casemanager")
    before = counts()
    response = client.post(reverse(route, kwargs={"public_id": world.north_person.public_id}), data)
    assert response.status_code in (200, 422)
    assert field_errors(response, field)
    assert counts() == before


# --- contacts -----------------------------------------------------------------------------------


def contact_url(participant: Participant) -> str:
    return reverse("care:log_contact", kwargs={"public_id": participant.public_id})


def contact_form(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "episode": world.north_person.episodes.get().pk,
        "occurred_at": "2026-10-01T10:00",
        "duration_minutes": "30",
        "modality": "in_person",
        "location": "office",
        "with_whom": "participant",
        "components": ["cti", "peer"],
        "note": "Form contact",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_valid_contact_form_saves(world, login):
    response = login("casemanager").post(contact_url(world.north_person), contact_form(world))
    assert response.status_code == 302
    contact = Contact.objects.get(note="Form contact")
    # Entered in the program's zone (New York, EDT on 1 Oct).
    assert contact.occurred_at == dt.datetime(2026, 10, 1, 14, 0, tzinfo=dt.UTC)
    assert contact.components == int(Component.CTI | Component.PEER)


def _soon_local() -> str:
    return (timezone.now() + dt.timedelta(hours=3)).astimezone(NEW_YORK).strftime("%Y-%m-%dT%H:%M")


BAD_CONTACTS: list[tuple[str, dict[str, Any], str, str]] = [
    ("no components", {"components": None}, "components", "This field is required."),
    ("unknown component", {"components": ["cti", "astrology"]}, "components", "valid choice"),
    ("future time", {"occurred_at": "SOON"}, "occurred_at", "cannot be in the future"),
    ("before referral", {"occurred_at": "2026-08-01T10:00"}, "occurred_at", "before the referral"),
    ("not a time", {"occurred_at": "tuesday"}, "occurred_at", "valid date/time"),
    (
        "in person but remote",
        {"modality": "in_person", "location": "remote"},
        "location",
        "needs a place",
    ),
    ("duration 0", {"duration_minutes": "0"}, "duration_minutes", "greater than or equal to 1"),
    ("duration over a day", {"duration_minutes": "1441"}, "duration_minutes", "less than or equal"),
    ("collateral of someone else", {"collateral": "SOUTH_AUNT"}, "collateral", "valid choice"),
    (
        "collateral contact without a collateral",
        {"with_whom": "collateral"},
        "collateral",
        "Choose which collateral contact",
    ),
    ("someone else's episode", {"episode": "SOUTH_EPISODE"}, "episode", "valid choice"),
]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [(c, f, m) for _, c, f, m in BAD_CONTACTS],
    ids=[i for i, *_ in BAD_CONTACTS],
)
def test_bad_contact_shows_field_error_and_saves_nothing(world, login, change, field, message):
    south_aunt = people.add_collateral(
        actor=world.user("cm.south"), participant=world.south_person, name="Aunt", relationship="x"
    )
    values = {
        "SOON": _soon_local(),
        "SOUTH_AUNT": south_aunt.pk,
        "SOUTH_EPISODE": world.south_person.episodes.get().pk,
    }
    data = contact_form(
        world, **{k: values.get(v, v) if isinstance(v, str) else v for k, v in change.items()}
    )
    client = login("supervisor")
    before = counts()
    # The supervisor sees both people: "someone else's" is refused for the person, not the scope.
    response = client.post(contact_url(world.north_person), data)
    assert response.status_code == 422
    assert message in field_errors(response, field)
    assert counts() == before
    assert "Form contact" in response.content.decode()  # the note typed so far is kept


# --- signed notes, addenda and drafts -----------------------------------------------------------


def signed_contact(world: World) -> Contact:
    return Contact.objects.get(participant=world.north_person, signed_at__isnull=False)


def contact_state(contact: Contact) -> tuple[Any, ...]:
    contact.refresh_from_db()
    return (
        contact.note,
        contact.occurred_at,
        contact.duration_minutes,
        contact.components,
        contact.signed_at,
        contact.updated_at,
    )


def edit_url(contact: Contact) -> str:
    return reverse(
        "care:edit_draft",
        kwargs={"public_id": contact.participant.public_id, "contact_id": contact.public_id},
    )


def addendum_url(contact: Contact) -> str:
    return reverse(
        "care:add_addendum",
        kwargs={"public_id": contact.participant.public_id, "contact_id": contact.public_id},
    )


def test_signed_note_cannot_be_edited(world, login):
    contact = signed_contact(world)
    state = contact_state(contact)
    client = login("casemanager")  # the author
    before = counts()
    response = client.get(edit_url(contact))
    assert response.status_code == 302
    assert response["Location"] == detail_url(world.north_person)
    assert any("signed notes take addenda" in m for m in flashed(response))

    response = client.post(edit_url(contact), contact_form(world, note="Rewritten history"))
    assert response.status_code == 302
    assert response["Location"] == detail_url(world.north_person)
    assert any("signed notes take addenda" in m for m in flashed(response))
    assert contact_state(contact) == state
    assert counts() == before
    # The message is shown on the page the user lands on.
    assert "signed notes take addenda" in client.get(response["Location"]).content.decode()


def test_addendum_appends_and_leaves_the_note_alone(world, login):
    contact = signed_contact(world)
    state = contact_state(contact)
    client = login("peer")  # a teammate, not the author: addenda are open to the team
    response = client.post(addendum_url(contact), {"text": "  Also discussed bus pass.  "})
    assert response.status_code == 302
    assert response["Location"] == detail_url(world.north_person)
    addendum = contact.addenda.get()
    assert addendum.text == "Also discussed bus pass."
    assert addendum.author == world.user("peer")
    assert contact_state(contact) == state
    event = AuditEvent.objects.get(action="contact.addendum")
    assert event.subject_public_id == str(contact.public_id)
    assert event.after is not None and event.after["text"] == "Also discussed bus pass."

    second = client.post(addendum_url(contact), {"text": "Second thought."})
    assert second.status_code == 302
    assert [a.text for a in contact.addenda.order_by("pk")] == [
        "Also discussed bus pass.",
        "Second thought.",
    ]
    page = client.get(detail_url(world.north_person)).content.decode()
    assert "Also discussed bus pass." in page
    assert "Second thought." in page
    assert contact.note in page


@pytest.mark.parametrize("text", ["", "    "])
def test_empty_addendum_is_refused(world, login, text):
    contact = signed_contact(world)
    client = login("casemanager")
    before = counts()
    response = client.post(addendum_url(contact), {"text": text})
    assert response.status_code == 422
    assert "This field is required." in field_errors(response, "text")
    assert counts() == before


@pytest.fixture
def draft(world: World) -> Contact:
    return log_contact(
        actor=world.user("casemanager"),
        episode=world.north_person.episodes.get(),
        occurred_at=dt.datetime(2026, 10, 3, 15, 0, tzinfo=dt.UTC),
        duration_minutes=20,
        modality=Modality.IN_PERSON,
        location=Location.COMMUNITY,
        components=int(Component.CTI),
        note="Half-written draft",
        sign=False,
    )


def test_addendum_to_a_draft_is_refused(world, login, draft):
    client = login("casemanager")
    before = counts()
    response = client.post(addendum_url(draft), {"text": "Too early"})
    assert response.status_code == 422
    assert "still a draft" in field_errors(response, "text")
    assert counts() == before


@pytest.mark.parametrize("username", ["peer", "supervisor", "clinician"])
def test_draft_edit_by_someone_else_is_refused(world, login, draft, username):
    state = contact_state(draft)
    client = login(username)
    before = counts()
    # Until it is signed, a draft is its author's alone: to anyone else it does not exist.
    assert client.get(edit_url(draft)).status_code == 404
    response = client.post(edit_url(draft), contact_form(world, note="Not my words"))
    assert response.status_code == 404
    assert contact_state(draft) == state
    assert not draft.is_signed
    assert counts() == before


def test_author_can_finish_and_sign_a_draft(world, login, draft):
    # The control for the refusals above.
    client = login("casemanager")
    assert client.get(edit_url(draft)).status_code == 200
    response = client.post(edit_url(draft), contact_form(world, note="Now complete", draft="on"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.note, draft.is_signed) == ("Now complete", False)
    response = client.post(edit_url(draft), contact_form(world, note="Now complete and signed"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.note, draft.is_signed) == ("Now complete and signed", True)
    assert [
        e.action for e in AuditEvent.objects.filter(subject_public_id=str(draft.public_id))
    ] == [
        "contact.create",
        "contact.update_draft",
        "contact.sign",
    ]


def test_bad_draft_edit_keeps_the_draft(world, login, draft):
    state = contact_state(draft)
    client = login("casemanager")
    before = counts()
    response = client.post(edit_url(draft), contact_form(world, components=None, note="lost?"))
    assert response.status_code in (200, 422)
    assert "This field is required." in field_errors(response, "components")
    assert contact_state(draft) == state
    assert counts() == before


def test_status_unchanged_marker(world):
    # Sanity for the fixtures above: the world's participants start enrolled.
    assert world.north_person.episodes.get().status == EpisodeStatus.ENROLLED
