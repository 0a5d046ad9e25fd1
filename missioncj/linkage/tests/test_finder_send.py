"""Sending a finder result to a participant: through notify's queue, opted-in only, in scope
only, never a treatment word, audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from missioncj.core.models import AuditEvent
from missioncj.linkage.models import Referral
from missioncj.linkage.services.finder_send import send_to_participant
from missioncj.linkage.tests.meeting_factories import meeting, service
from missioncj.notify import services as notify
from missioncj.notify import wording
from missioncj.notify.models import Message
from missioncj.participants.models import Address


@pytest.fixture
def opted_in(world):
    return notify.opt_in(
        actor=world.user("casemanager"),
        participant=world.north_person,
        channel="sms",
        address="(555) 014-2000",
    )


def send(world, user="peer", person=None, kind="meeting", result_id=None):
    return send_to_participant(
        actor=world.user(user),
        program=world.drug,
        participant=person or world.north_person,
        kind=kind,
        result_id=result_id,
    )


def test_a_meeting_goes_out_as_a_queued_text_without_treatment_words(world, opted_in):
    found = meeting(
        world.drug,
        name="Narcotics Anonymous Recovery Night",
        group_name="Harbor Lights Group",
        location_name="Harbor Recovery Center",
        address="12 Elm St",
        city="Newport",
        weekday=1,
        start_time="18:30",
    )
    [message] = send(world, result_id=found.public_id)
    assert message.kind == "place_share" and message.status == "queued"
    assert message.to == "+15550142000" and message.about == str(found.public_id)
    assert message.episode is not None and message.episode.program == world.drug
    body = message.body
    assert not wording.has_forbidden_word(body), body
    assert "Harbor Lights Group meets Tuesdays at 6:30 PM at 12 Elm St, Newport." in body
    assert body.endswith(wording.STOP_LINE)
    event = AuditEvent.objects.filter(action="finder.send").get()
    assert event.actor == world.user("peer")
    assert event.participant_public_id == world.north_person.public_id
    assert event.after is not None
    assert event.after["messages"] == [str(message.public_id)]


def test_an_online_meeting_sends_its_link(world, opted_in):
    found = meeting(
        world.drug, name="Daily Reflections", address="", latitude=None, longitude=None,
        conference_url="https://zoom.example/j/123",
    )  # fmt: skip
    [message] = send(world, result_id=found.public_id)
    assert "Daily Reflections meets" in message.body
    assert "Join online: https://zoom.example/j/123." in message.body


def test_a_listing_that_is_all_treatment_words_is_refused(world, opted_in):
    found = meeting(
        world.drug, name="Drug Court Recovery", address="Detox Unit", city="", latitude=None,
        longitude=None, conference_url="https://recovery.example/na",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="Print it instead"):
        send(world, result_id=found.public_id)
    assert not Message.objects.filter(kind="place_share").exists()


def test_a_service_can_be_sent(world, opted_in):
    svc = service(world.drug, name="Harbor Legal Aid")
    [message] = send(world, kind="service", result_id=svc.public_id)
    assert message.body.startswith("From your team: Harbor Legal Aid is open")


def test_refused_when_not_opted_in_or_opted_out(world, opted_in):
    found = meeting(world.drug)
    with pytest.raises(ValidationError, match="has not agreed"):
        send(world, user="cm.south", person=world.south_person, result_id=found.public_id)
    notify.opt_out(actor=world.user("casemanager"), opt_in=opted_in)
    with pytest.raises(ValidationError, match="has not agreed"):
        send(world, result_id=found.public_id)
    assert not Message.objects.filter(kind="place_share").exists()
    assert not AuditEvent.objects.filter(action="finder.send").exists()


def test_refused_outside_the_caseload(world, opted_in):
    found = meeting(world.drug)
    with pytest.raises(ValidationError):
        send(world, user="cm.south", result_id=found.public_id)  # north is not their team
    assert not Message.objects.filter(kind="place_share").exists()


def test_the_page_sends_and_refuses_out_of_scope_with_404(world, login, opted_in):
    found = meeting(world.drug, name="Harbor Group")
    url = reverse("linkage:finder_send", args=[world.drug.public_id])
    data = {"kind": "meeting", "id": str(found.public_id), "back": "when=tonight"}
    response = login("peer").post(url, {**data, "participant": world.north_person.public_id})
    assert response.status_code == 302 and response["Location"].endswith("?when=tonight")
    assert Message.objects.filter(kind="place_share").count() == 1
    for user, person in [
        ("cm.south", world.north_person),
        ("outsider", world.north_person),
        ("court", world.north_person),
        ("peer", world.reentry_person),
    ]:
        response = login(user).post(url, {**data, "participant": person.public_id})
        assert response.status_code == 404, user
    assert Message.objects.filter(kind="place_share").count() == 1


def test_place_share_wording_never_names_treatment():
    for names in (["Alcoholics Anonymous"], ["NA Recovery"], [""]):
        text = wording.place_share(
            names=names, when="Tuesdays at 6:30 PM", place="Sober House, 1 Main St",
            link="https://meet.example/x",
        )  # fmt: skip
        assert text is not None and not wording.has_forbidden_word(text)
    assert "A group meets" in (wording.place_share(names=["AA"], when="x", place="1 Main") or "")
    long = wording.place_share(names=["G"], when="Mondays", place="1 Main St, " * 60)
    assert long is not None and len(long) <= wording.SMS_MAX_CHARS


def test_refer_from_a_result_fills_in_the_new_referral(world, login):
    svc = service(world.drug, name="Harbor Recovery Hub", categories=["recovery_center"])
    Address.objects.create(
        participant=world.north_person, line1="5 Bay Rd", city="Newport", state="RI",
        postal_code="02840",
    )  # fmt: skip
    peer = login("peer")
    page = peer.get(
        reverse("linkage:finder", args=[world.drug.public_id]),
        {"kind": "services", "participant": str(world.north_person.public_id)},
    )
    new = reverse("linkage:referral_new", args=[world.north_person.public_id])
    link = f'href="{new}?service={svc.public_id}"'
    assert link in page.content.decode()
    form = peer.get(new, {"service": str(svc.public_id), "place_name": "x" * 400})
    assert f'<option value="{svc.public_id}" selected>' in form.content.decode()
    assert f'value="{"x" * 300}"' in form.content.decode()  # only prefilled, never saved
    assert not Referral.objects.exists()
