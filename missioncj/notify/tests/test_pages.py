"""The reminders page, the participant-page panel, the program's report and the API: what each
shows, to whom, with clear refusals."""

from __future__ import annotations

import datetime as dt
import json

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from missioncj.accounts.services import issue_api_token
from missioncj.core.models import AuditEvent
from missioncj.notify import sender
from missioncj.notify.models import Message, OptIn
from missioncj.notify.queue import enqueue
from missioncj.notify.tests.conftest import make_hearing
from missioncj.participants.services import open_episode


def page(participant) -> str:
    return reverse("notify:reminders", args=[participant.public_id])


def api(world, username: str) -> Client:
    token = issue_api_token(actor=None, user=world.user(username))
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_page_shows_opt_ins_and_each_messages_history(
    world, login, court, docket, outbox, north_sms
):
    docket(make_hearing(court), world.north_person)
    first = Message.objects.order_by("send_after").first()
    assert first is not None
    sender.run_once(now=first.send_after)
    html = login("peer").get(page(world.north_person)).content.decode()
    assert "+15550142000" in html and "End reminders" in html
    assert "County Courthouse, 100 Main St" in html
    assert html.count("attempt 1: accepted") == 1
    assert html.count("to send after") == 2  # both messages' queued rows
    read = AuditEvent.objects.filter(action="reminders.read").get()
    assert read.actor == world.user("peer")


def test_opt_in_form_refuses_a_bad_number_and_saves_nothing(world, login):
    response = login("casemanager").post(
        page(world.north_person), {"channel": "sms", "address": "555-01"}
    )
    assert response.status_code == 422
    assert "A US phone number has 10 digits" in response.content.decode()
    assert not OptIn.objects.exists()
    assert not AuditEvent.objects.filter(action="notify.opt_in").exists()
    # The page shown again with the error is a read of the record like any other.
    assert AuditEvent.objects.filter(action="reminders.read").count() == 1


def test_opt_in_and_opt_out_through_the_page(world, login):
    client = login("casemanager")
    response = client.post(page(world.north_person), {"channel": "sms", "address": "555 014 2000"})
    assert response.status_code == 302
    opt_in = OptIn.objects.get()
    out = reverse("notify:reminders_opt_out", args=[world.north_person.public_id])
    response = client.post(out, {"opt_in": str(opt_in.public_id)}, follow=True)
    assert "Reminders to +15550142000 ended." in response.content.decode()
    opt_in.refresh_from_db()
    assert not opt_in.active
    response = client.post(out, {"opt_in": str(opt_in.public_id)}, follow=True)
    assert "already ended" in response.content.decode()
    # Another participant's opt-in cannot be ended through this participant's page.
    south = OptIn.objects.create(
        participant=world.south_person,
        channel="sms",
        address="+15550140000",
        opted_in_at=timezone.now(),
    )
    assert client.post(out, {"opt_in": str(south.public_id)}).status_code == 404
    assert client.post(out, {"opt_in": "nonsense"}).status_code == 302
    south.refresh_from_db()
    assert south.active


def test_messages_about_another_programs_episode_stay_out_of_sight(world, login, north_sms):
    reentry = open_episode(
        actor=world.user("outsider"),
        participant=world.north_person,
        program=world.reentry,
        team=world.reentry_team,
        referral_date=dt.date(2026, 10, 1),
    )
    drug = world.north_person.episodes.get(program=world.drug)
    now = timezone.now()
    enqueue(
        opt_in=north_sms, body="Drug court hearing text", kind="k", send_after=now, episode=drug
    )
    enqueue(
        opt_in=north_sms, body="Re-entry hearing text", kind="k", send_after=now, episode=reentry
    )
    mine = login("casemanager").get(page(world.north_person)).content.decode()
    theirs = login("outsider").get(page(world.north_person)).content.decode()
    assert "Drug court hearing text" in mine and "Re-entry hearing text" not in mine
    assert "Re-entry hearing text" in theirs and "Drug court hearing text" not in theirs
    body = api(world, "outsider").get(
        f"/api/v1/participants/{world.north_person.public_id}/reminders"
    )
    assert [m["body"] for m in body.json()["messages"]] == ["Re-entry hearing text"]


def test_panel_on_the_participant_page(world, login, north_sms):
    detail = reverse("participants:detail", args=[world.north_person.public_id])
    html = login("peer").get(detail).content.decode()
    assert "Reminders</h2>" in html and "+15550142000" in html
    assert "Not reaching" not in html
    OptIn.objects.filter(pk=north_sms.pk).update(failures=2, unreachable_since=timezone.now())
    html = login("peer").get(detail).content.decode()
    assert "Not reaching" in html and "failed 2 times in a row" in html
    html = login("casemanager").get(
        reverse("participants:detail", args=[world.south_person.public_id])
    )
    assert html.status_code == 404


def test_program_report_for_director_and_supervisor_only(world, login, court, docket, north_sms):
    docket(make_hearing(court), world.north_person)
    OptIn.objects.filter(pk=north_sms.pk).update(failures=2, unreachable_since=timezone.now())
    url = reverse("notify:program_reminders", args=[world.drug.public_id])
    for username in ("director", "supervisor"):
        response = login(username).get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Messages in the last 30 days (2)" in html
        assert '<td data-label="Status">Queued</td><td data-label="Messages">2</td>' in html
        assert "Test North" in html and "+15550142000" in html
    for username in ("casemanager", "peer", "court", "evaluator", "admin", "outsider"):
        assert login(username).get(url).status_code == 404, username
    event = AuditEvent.objects.filter(action="notify.program_report").last()
    assert event is not None and event.after == {"shown": [str(world.north_person.public_id)]}


def test_api_reads_and_opts_in_with_clear_problems(world, north_sms):
    client = api(world, "casemanager")
    base = f"/api/v1/participants/{world.north_person.public_id}/reminders"
    body = client.get(base).json()
    assert [o["address"] for o in body["opt_ins"]] == ["+15550142000"]
    assert body["opt_ins"][0]["recorded_by"] == "casemanager"
    bad = client.post(
        f"{base}/opt-ins",
        data=json.dumps({"channel": "sms", "address": "12"}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "10 digits" in json.dumps(bad.json())
    wrong_channel = client.post(
        f"{base}/opt-ins",
        data=json.dumps({"channel": "fax", "address": "5550142000"}),
        content_type="application/json",
    )
    assert wrong_channel.status_code == 422
    assert OptIn.objects.count() == 1
    south = f"/api/v1/participants/{world.south_person.public_id}/reminders"
    assert client.get(south).status_code == 404
    assert (
        client.post(
            f"{south}/opt-ins",
            data=json.dumps({"channel": "sms", "address": "5550142001"}),
            content_type="application/json",
        ).status_code
        == 404
    )
    assert OptIn.objects.count() == 1
