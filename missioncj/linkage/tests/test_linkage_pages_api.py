"""Referral and network pages and API: bad input gets a clear message and changes nothing;
consent — linkage links to the privacy print page and never shows participant data to a court
partner or anyone outside the program."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from missioncj.accounts.services import issue_api_token
from missioncj.core.models import AuditEvent
from missioncj.linkage.models import LinkageSettings, Referral, ReferralStep, SupportTie
from missioncj.linkage.tests.factories import directory_service, referral, tie


def api(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {issue_api_token(actor=None, user=user)}"})


def post_json(client: Client, url: str, data: dict, method: str = "post"):
    return getattr(client, method)(url, data=json.dumps(data), content_type="application/json")


def counts() -> tuple[int, ...]:
    return (
        Referral.objects.count(),
        ReferralStep.objects.count(),
        SupportTie.objects.count(),
        AuditEvent.objects.count(),
    )


def test_illegal_step_on_the_page_is_explained_and_changes_nothing(world, login):
    peer = world.user("peer")
    row = referral(peer, world.north_person)
    url = reverse("linkage:referral_step", args=[world.north_person.public_id, row.public_id])
    client = login("peer")
    before = counts()
    response = client.post(url, {"status": "engaged", "on": "2026-10-05", "confirmed_by": "peer"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "cannot move to engaged" in html and "it can move to scheduled" in html
    assert counts() == before
    response = client.post(url, {"status": "scheduled", "on": "2026-09-30", "confirmed_by": "peer"})
    assert response.status_code == 422
    assert "before the referral" in response.content.decode()
    assert counts() == before


def test_new_referral_page_bad_input_changes_nothing(world, login):
    url = reverse("linkage:referral_new", args=[world.north_person.public_id])
    client = login("casemanager")
    before = counts()
    response = client.post(
        url, {"need": "shelter", "urgency": "routine", "referred_on": "2026-10-01"}
    )
    assert response.status_code == 422
    assert "Choose a directory service or name the place." in response.content.decode()
    assert counts() == before


def test_send_information_links_to_the_privacy_print_page(world, login):
    cm = world.user("casemanager")
    service = directory_service(world.drug, "Harbor Treatment", ["sud_treatment"])
    to_service = referral(cm, world.north_person, service=service)
    off_directory = referral(cm, world.north_person)
    client = login("casemanager")
    print_url = reverse("privacy:print", args=[world.north_person.public_id])
    html = client.get(
        reverse("linkage:referral", args=[world.north_person.public_id, to_service.public_id])
    ).content.decode()
    assert "Send information to the provider" in html and print_url in html
    html = client.get(
        reverse("linkage:referral", args=[world.north_person.public_id, off_directory.public_id])
    ).content.decode()
    assert "Send information to the provider" not in html
    assert not AuditEvent.objects.filter(
        kind="disclose"
    ).exists()  # linkage itself discloses nothing


def test_api_bad_input_is_422_with_field_details_and_nothing_saved(world):
    client = api(world.user("casemanager"))
    base = f"/api/v1/participants/{world.north_person.public_id}"
    before = counts()
    response = post_json(
        client,
        f"{base}/referrals",
        {"need": "shelter", "referred_on": "2026-10-01", "place_name": "Landlord"},
    )
    assert response.status_code == 422
    fields = {d["loc"][-1] for d in response.json()["detail"]}
    assert fields == {"place_contact"}
    response = post_json(client, f"{base}/network", {"role": "sponsor", "name": "", "strength": 9})
    assert response.status_code == 422
    assert {d["loc"][-1] for d in response.json()["detail"]} == {"name", "strength"}
    response = post_json(client, f"{base}/referrals", {"need": "shelter"})  # schema: no date
    assert response.status_code == 422
    assert counts() == before
    row = referral(world.user("casemanager"), world.north_person)
    before = counts()
    response = post_json(
        client,
        f"{base}/referrals/{row.public_id}/steps",
        {"status": "closed", "on": "2026-09-01", "confirmed_by": "receiver"},
    )
    assert response.status_code == 422
    assert {d["loc"][-1] for d in response.json()["detail"]} == {"on", "confirmer_name"}
    assert counts() == before


def test_api_round_trip(world):
    client = api(world.user("peer"))
    base = f"/api/v1/participants/{world.north_person.public_id}"
    service = directory_service(world.drug, "Harbor MAT", ["mat"])
    created = post_json(
        client,
        f"{base}/referrals",
        {
            "need": "mat",
            "referred_on": "2026-10-01",
            "service": str(service.public_id),
            "warm_handoff": True,
        },
    )
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    stepped = post_json(
        client,
        f"{base}/referrals/{rid}/steps",
        {
            "status": "attended",
            "on": "2026-10-04",
            "confirmed_by": "receiver",
            "confirmer_name": "Dr. Lee",
        },
    )
    assert stepped.status_code == 201
    body = client.get(f"{base}/referrals/{rid}").json()
    assert body["days_to_attendance"] == 3
    assert [s["status"] for s in body["steps"]] == ["referred", "attended"]
    assert body["steps"][1]["confirmer_name"] == "Dr. Lee"
    report = (
        api(world.user("director"))
        .get(f"/api/v1/programs/{world.drug.public_id}/referral-report")
        .json()
    )
    assert (report["linked"], report["median_days"], report["mean_days"]) == (1, 3.0, 3.0)
    tie_body = post_json(
        client, f"{base}/network", {"role": "sponsor", "name": "Ray", "strength": 3}
    ).json()
    put = post_json(
        client,
        f"{base}/network/{tie_body['id']}",
        {"role": "sponsor", "name": "Ray B.", "strength": 2},
        "put",
    )
    assert put.status_code == 200 and put.json()["name"] == "Ray B."
    ended = post_json(client, f"{base}/network/{tie_body['id']}/end", {"ended_on": "2026-11-01"})
    assert ended.json()["ended_on"] == "2026-11-01"


LINKAGE_PAGES = [
    "linkage:network",
    "linkage:network_add",
    "linkage:referrals",
    "linkage:referral_new",
]


@pytest.mark.parametrize("username", ["court", "outsider", "evaluator"])
def test_no_linkage_route_shows_participant_data_to_court_partners_or_outsiders(
    world, login, username
):
    cm = world.user("casemanager")
    person = world.north_person
    row = referral(
        cm, person, service=directory_service(world.drug, "Harbor Clinic", ["mental_health"])
    )
    sponsor = tie(cm, person, "sponsor", "Ray Secret-Sponsor", 3)
    pid = person.public_id
    pages = [reverse(name, args=[pid]) for name in LINKAGE_PAGES] + [
        reverse("linkage:network_edit", args=[pid, sponsor.public_id]),
        reverse("linkage:network_end", args=[pid, sponsor.public_id]),
        reverse("linkage:referral", args=[pid, row.public_id]),
        reverse("linkage:referral_step", args=[pid, row.public_id]),
        reverse("linkage:program_referrals", args=[world.drug.public_id]),
    ]
    client = login(username)
    rest = api(world.user(username))
    before = counts()
    for url in pages:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 404, url
            assert (
                "North" not in response.content.decode()
                and "Secret-Sponsor" not in response.content.decode()
            )
    base = f"/api/v1/participants/{pid}"
    for url in [
        f"{base}/network",
        f"{base}/referrals",
        f"{base}/referrals/{row.public_id}",
        f"/api/v1/programs/{world.drug.public_id}/referral-report",
    ]:
        response = rest.get(url)
        assert response.status_code == 404, url
        assert "Secret-Sponsor" not in response.content.decode()
    assert counts() == before
    # Nor does the work queue carry linkage items about someone outside the scope.
    html = client.get(reverse("care:work_queue")).content.decode()
    assert "North" not in html


def test_program_page_and_settings(world, login):
    peer = world.user("peer")
    row = referral(peer, world.north_person, dt.date(2026, 9, 29))
    from missioncj.linkage.services.referrals import record_step

    record_step(
        actor=peer, referral=row, status="attended", on=dt.date(2026, 10, 2), confirmed_by="peer"
    )
    url = reverse("linkage:program_referrals", args=[world.drug.public_id])
    html = login("supervisor").get(url).content.decode()
    assert "3.0 days" in html and "Test North" in html
    settings_url = reverse("linkage:program_settings", args=[world.drug.public_id])
    supervisor = login("supervisor")
    writes = AuditEvent.objects.exclude(action="referral.program_report")  # the page's own read
    before = (LinkageSettings.objects.count(), writes.count())
    response = supervisor.post(
        settings_url, {"referred": "0", "scheduled": "14", "no_show": "7", "attended": "30"}
    )
    assert response.status_code == 422
    assert "from 1 to 365" in response.content.decode()
    assert (LinkageSettings.objects.count(), writes.count()) == before
    assert login("casemanager").post(settings_url, {"referred": "3"}).status_code == 404
    response = login("director").post(
        settings_url, {"referred": "3", "scheduled": "", "no_show": "7", "attended": "30"}
    )
    assert response.status_code == 302
    saved = LinkageSettings.objects.get(program=world.drug)
    assert (saved.days_for("referred"), saved.days_for("scheduled")) == (3, None)
