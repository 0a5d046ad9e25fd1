"""Support networks: validated, audited ties; the picture draws active ties only; the CTI
transfer-of-care check lists plan needs the network does not cover (panel and work queue)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from missioncj.care.alerts import alerts_for_episodes
from missioncj.care.models import PlanDomain
from missioncj.care.services.cti import move_cti_boundary
from missioncj.core.models import AuditEvent
from missioncj.linkage.coverage import COVERAGE, TieFacts, plan_domains, uncovered
from missioncj.linkage.models import SupportTie
from missioncj.linkage.picture import network_svg
from missioncj.linkage.services.network import end_tie, update_tie
from missioncj.linkage.tests.factories import directory_service, episode_of, plan_for, tie

IN_TRANSFER = dt.datetime(2027, 1, 10, 17, 0, tzinfo=dt.UTC)  # enrolled 5 Sep: phase 3 from 5 Jan


def gaps_on_queue(world, now=IN_TRANSFER) -> list:
    alerts = alerts_for_episodes([episode_of(world.north_person)], now)
    return [a for a in alerts if a.kind == "network_gap"]


def test_every_plan_domain_has_a_mapping():
    assert set(COVERAGE) == {d.value for d in PlanDomain}


def test_add_update_end_are_validated_and_audited(world):
    peer = world.user("peer")
    person = world.north_person
    before = (SupportTie.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as caught:
        tie(peer, person, "boss", "", strength=5, email="nope", since=dt.date(2030, 1, 1))
    assert set(caught.value.message_dict) == {"role", "name", "strength", "email", "since"}
    assert (SupportTie.objects.count(), AuditEvent.objects.count()) == before

    sponsor = tie(peer, person, "sponsor", "Ray", 3, since=dt.date(2026, 9, 20), phone="555-0101")
    assert (AuditEvent.objects.get(action="network.tie.add").after or {})["name"] == "Ray"
    update_tie(actor=peer, tie=sponsor, strength=2)
    event = AuditEvent.objects.get(action="network.tie.update")
    assert event.before is not None and event.after is not None
    assert (event.before["strength"], event.after["strength"]) == (3, 2)
    with pytest.raises(ValidationError) as caught:
        end_tie(actor=peer, tie=sponsor, ended_on=dt.date(2026, 9, 1))
    assert "before the tie began" in caught.value.message_dict["ended_on"][0]
    end_tie(actor=peer, tie=sponsor, ended_on=dt.date(2026, 11, 1), note="Moved away")
    sponsor.refresh_from_db()
    assert sponsor.ended_on == dt.date(2026, 11, 1)
    with pytest.raises(ValidationError):
        update_tie(actor=peer, tie=sponsor, name="Ray B.")
    with pytest.raises(ValidationError):
        end_tie(actor=peer, tie=sponsor, ended_on=dt.date(2026, 11, 2))


def test_out_of_team_and_other_programs_directory_are_refused(world):
    with pytest.raises(ValidationError):
        tie(world.user("casemanager"), world.south_person, "family", "Aunt")
    other = directory_service(world.reentry, "Re-entry clinic", ["mental_health"])
    with pytest.raises(ValidationError) as caught:
        tie(world.user("peer"), world.north_person, "treatment_provider", "Clinic", service=other)
    assert "service" in caught.value.message_dict


def test_picture_draws_each_active_tie_and_hides_ended_ones(world):
    peer = world.user("peer")
    person = world.north_person
    tie(peer, person, "sponsor", "Ray Sponsor", 3)
    tie(peer, person, "family", "Aunt <b>Jo</b>", 1)
    gone = tie(peer, person, "employer", "Old Boss", 2)
    end_tie(actor=peer, tie=gone, ended_on=dt.date(2026, 10, 1))
    svg = str(network_svg(person.display_name, list(person.support_ties.all())))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "Ray Sponsor" in svg and "Aunt &lt;b&gt;Jo&lt;/b&gt;" in svg
    assert "Old Boss" not in svg
    assert svg.count('<g class="tie ') == 2
    assert 'stroke-width="7"' in svg and 'stroke-width="1.5"' in svg  # strong vs weak
    assert "2 active ties" in svg


def test_network_page_has_picture_and_table(world, login):
    peer = world.user("peer")
    tie(peer, world.north_person, "sponsor", "Ray Sponsor", 3)
    gone = tie(peer, world.north_person, "employer", "Old Boss", 2)
    end_tie(actor=peer, tie=gone, ended_on=dt.date(2026, 10, 1))
    html = (
        login("peer")
        .get(reverse("linkage:network", args=[world.north_person.public_id]))
        .content.decode()
    )
    assert "<svg" in html and "<table" in html
    assert html.count("Ray Sponsor") >= 2  # picture and table
    assert "ended 1 Oct 2026" in html
    assert AuditEvent.objects.filter(action="network.read").count() == 1


def test_coverage_rules():
    domains = plan_domains(
        [("substance_use", "high"), ("housing", "moderate"), ("income", "low")],
        [("legal", "open"), ("leisure", "met")],
    )
    assert domains == ["substance_use", "housing", "legal"]
    ties = [TieFacts("sponsor"), TieFacts("other", frozenset({"legal_aid"}))]
    gaps = uncovered(domains, ties)
    assert [g.domain for g in gaps] == ["housing"]
    assert "Housing" in gaps[0].roles and "Shelter" in gaps[0].categories


def test_transfer_of_care_gaps_on_the_work_queue(world):
    cm = world.user("casemanager")
    episode = episode_of(world.north_person)
    plan_for(
        episode,
        cm,
        needs={"substance_use": "high", "housing": "moderate", "income": "low"},
        goals=[("legal", "open"), ("leisure", "met")],
    )
    tie(cm, world.north_person, "sponsor", "Ray", 3)
    legal = directory_service(world.drug, "Harbor Legal Aid", ["legal_aid"])
    tie(cm, world.north_person, "other", "Legal aid attorney", 2, service=legal)
    # Try-out (phase 2): no check yet.
    assert gaps_on_queue(world, dt.datetime(2026, 12, 1, 17, 0, tzinfo=dt.UTC)) == []
    alerts = gaps_on_queue(world)
    assert len(alerts) == 1
    assert alerts[0].due == dt.date(2027, 1, 5)
    assert "does not yet cover housing" in alerts[0].message
    assert "substance" not in alerts[0].message and "legal" not in alerts[0].message
    # An ended tie does not cover; an active housing tie does.
    landlord = tie(cm, world.north_person, "housing", "Landlord", 1)
    assert gaps_on_queue(world) == []
    end_tie(actor=cm, tie=landlord, ended_on=dt.date(2026, 11, 20))
    assert len(gaps_on_queue(world)) == 1


def test_participant_page_panel_shows_the_transfer_check(world, login):
    cm = world.user("casemanager")
    episode = episode_of(world.north_person)
    plan_for(episode, cm, needs={"housing": "high"})
    tie(cm, world.north_person, "sponsor", "Ray", 3)
    url = reverse("participants:detail", args=[world.north_person.public_id])
    html = login("casemanager").get(url).content.decode()
    assert "Support network" in html and "Ray" in html
    assert "Transfer of care check" not in html  # still in try-out
    move_cti_boundary(
        actor=cm, episode=episode, boundary=1, new_date=dt.date(2026, 10, 1), reason="test"
    )
    move_cti_boundary(
        actor=cm, episode=episode, boundary=2, new_date=dt.date(2026, 11, 1), reason="test"
    )
    html = login("casemanager").get(url).content.decode()
    assert "Transfer of care check" in html
    assert "<strong>Housing</strong>" in html
