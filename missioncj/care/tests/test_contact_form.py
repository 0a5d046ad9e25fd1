"""The contact form chooses the episode a contact most likely belongs to."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from missioncj.participants import services as people
from missioncj.participants.models import DischargeReason, EpisodeStatus


def _selected_episode(client, person) -> str:
    form = client.get(reverse("care:log_contact", args=[person.public_id])).context["form"]
    initial = form.fields["episode"].initial
    return "" if initial is None else initial.program.name


def test_the_only_episode_is_chosen(world, login):
    assert _selected_episode(login("casemanager"), world.north_person) == "Drug Court"


def test_the_open_episode_is_chosen_beside_a_discharged_one(world, login):
    cm = world.user("casemanager")
    person = world.north_person
    old = person.episodes.get()
    people.change_status(
        actor=cm,
        episode=old,
        status=EpisodeStatus.DISCHARGED,
        on=dt.date(2026, 10, 1),
        reason=DischargeReason.values[0],
    )
    director = world.user("director")
    people.open_episode(
        actor=director,
        participant=person,
        program=world.drug,
        team=world.north,
        referral_date=dt.date(2026, 10, 5),
    )
    form = login("casemanager").get(reverse("care:log_contact", args=[person.public_id]))
    chosen = form.context["form"].fields["episode"].initial
    assert chosen is not None and chosen.status == EpisodeStatus.REFERRED
    assert chosen.pk != old.pk
