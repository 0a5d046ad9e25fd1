from __future__ import annotations

from django.urls import reverse

from missioncj.core.models import AuditEvent
from missioncj.programs.models import Program


def settings_url(program: Program) -> str:
    return reverse("programs:settings", args=[program.public_id])


def form_data(program: Program, **changes: object) -> dict[str, object]:
    data = {
        "name": program.name,
        "intercept": program.intercept,
        "time_zone": program.time_zone,
        "planned_length_months": program.planned_length_months,
        "cti_transition_months": program.cti_transition_months,
        "cti_tryout_months": program.cti_tryout_months,
        "cti_transfer_months": program.cti_transfer_months,
        "cti_transition_contact_days": program.cti_transition_contact_days,
        "cti_tryout_contact_days": program.cti_tryout_contact_days,
        "cti_transfer_contact_days": program.cti_transfer_contact_days,
        "plan_review_days": program.plan_review_days,
    }
    data.update(changes)
    return data


def test_director_changes_phase_lengths_and_it_is_audited(world, login):
    client = login("director")
    assert client.get(settings_url(world.drug)).status_code == 200
    response = client.post(
        settings_url(world.drug),
        form_data(world.drug, cti_transition_months=3, cti_transition_contact_days=5),
    )
    assert response.status_code == 302
    world.drug.refresh_from_db()
    assert (world.drug.cti_transition_months, world.drug.cti_transition_contact_days) == (3, 5)
    event = AuditEvent.objects.filter(action="program.settings").get()
    assert event.before == {"cti_transition_months": 2, "cti_transition_contact_days": 7}
    assert event.after == {"cti_transition_months": 3, "cti_transition_contact_days": 5}


def test_bad_settings_are_explained_and_change_nothing(world, login):
    client = login("supervisor")
    before = AuditEvent.objects.count()
    response = client.post(
        settings_url(world.drug),
        form_data(world.drug, cti_tryout_months=0, time_zone="Mars/Olympus_Mons"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "not a known IANA time zone" in body
    world.drug.refresh_from_db()
    assert (world.drug.cti_tryout_months, world.drug.time_zone) == (2, "America/New_York")
    assert AuditEvent.objects.count() == before


def test_only_the_programs_own_leaders_reach_its_settings(world, login):
    for username in ["casemanager", "peer", "clinician", "court", "evaluator", "admin", "outsider"]:
        client = login(username)
        assert client.get(settings_url(world.drug)).status_code == 404, username
        assert client.post(settings_url(world.drug), form_data(world.drug)).status_code == 404
    # A director of the drug court does not configure the re-entry program.
    assert login("director").get(settings_url(world.reentry)).status_code == 404
    page = login("director").get(reverse("programs:list")).content.decode()
    assert world.drug.name in page and world.reentry.name not in page
