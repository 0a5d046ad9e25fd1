"""Meeting pages and API: add, edit, retire, upload, finder page and JSON, with the 422 shape."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from missioncj.accounts.services import issue_api_token
from missioncj.core.models import AuditEvent
from missioncj.linkage.models import Meeting
from missioncj.linkage.tests.meeting_factories import meeting


def api(world, user="peer"):
    token = issue_api_token(actor=None, user=world.user(user))
    return Client(headers={"Authorization": f"Bearer {token}"})


FORM = {
    "name": "Lunch Bunch",
    "fellowship": "aa",
    "weekday": "2",
    "start_time": "12:00",
    "time_zone": "America/New_York",
    "address": "1 Main St",
}


def test_add_edit_retire_pages(world, login):
    client = login("peer")
    url = reverse("linkage:meeting_add", args=[world.drug.public_id])
    response = client.post(url, {**FORM, "time_zone": "Eastern", "conference_url": "zoom"})
    html = response.content.decode()
    assert response.status_code == 200 and "IANA" in html and "https://" in html
    assert not Meeting.objects.exists()
    response = client.post(url, {**FORM, "types": "O, S"})
    assert response.status_code == 302
    made = Meeting.objects.get()
    assert (made.weekday, made.types) == (2, ["O", "S"])
    edit = reverse("linkage:meeting_edit", args=[world.drug.public_id, made.public_id])
    assert "Lunch Bunch" in client.get(edit).content.decode()
    assert client.post(edit, {**FORM, "start_time": "12:30"}).status_code == 302
    made.refresh_from_db()
    assert made.start_time.strftime("%H:%M") == "12:30"
    retire = reverse("linkage:meeting_retire", args=[world.drug.public_id, made.public_id])
    assert client.post(retire).status_code == 302
    made.refresh_from_db()
    assert not made.active
    actions = list(
        AuditEvent.objects.filter(action__startswith="meeting.").values_list("action", flat=True)
    )
    assert actions == ["meeting.add", "meeting.edit", "meeting.retire"]


def test_upload_page_lists_problems_and_imports_nothing(world, login):
    client = login("supervisor")
    url = reverse("linkage:meetings_import", args=[world.drug.public_id])
    bad = [{"name": "X", "slug": "x", "day": 8, "time": "19:00", "address": "1 Main"}]
    upload = SimpleUploadedFile("feed.json", json.dumps(bad).encode(), "application/json")
    response = client.post(url, {"source": "Intergroup", "fellowship": "aa", "file": upload})
    html = response.content.decode()
    assert "Nothing was imported" in html and "day" in html
    assert not Meeting.objects.exists()
    good = [{**bad[0], "day": [0, 1]}]
    upload = SimpleUploadedFile("feed.json", json.dumps(good).encode(), "application/json")
    response = client.post(url, {"source": "Intergroup", "fellowship": "aa", "file": upload})
    assert response.status_code == 302
    assert Meeting.objects.count() == 2


def test_finder_page_shows_results_and_quick_buttons(world, login):
    meeting(world.drug, name="Harbor Group", types=["O", "S", "X"])
    client = login("peer")
    url = reverse("linkage:finder", args=[world.drug.public_id])
    html = client.get(url).content.decode()
    assert "Harbor Group" in html and "Tonight after 6" in html and "Wheelchair accessible" in html
    html = client.get(url, {"miles": "5"}).content.decode()
    assert "needs a starting point" in html
    html = client.get(
        url, {"lat": "41.5", "lon": "-71.3", "participant": world.north_person.public_id}
    ).content.decode()
    assert "Send to Test North" in html and "0.0 mi" in html


def test_api_meetings_crud_and_import(world):
    client = api(world)
    base = f"/api/v1/programs/{world.drug.public_id}"
    body = {**FORM, "weekday": 2, "types": ["O"]}
    response = client.post(f"{base}/meetings", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["start_time"] == "12:00" and made["time_zone"] == "America/New_York"
    bad = {**body, "start_time": "noon", "time_zone": "Nowhere"}
    response = client.post(f"{base}/meetings", json.dumps(bad), content_type="application/json")
    assert response.status_code == 422
    fields = {d["loc"][-1] for d in response.json()["detail"]}
    assert fields == {"start_time", "time_zone"}
    url = f"{base}/meetings/{made['id']}"
    assert client.get(url).json()["name"] == "Lunch Bunch"
    response = client.patch(
        url, json.dumps({"start_time": "13:00", "active": False}), content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["active"] is False
    assert response.json()["start_time"] == "13:00"
    assert client.get(f"{base}/meetings", {"active": "false"}).json()["count"] == 1
    record: dict[str, Any] = {"name": "A", "slug": "a", "day": 1, "time": "7:00"}
    feed: dict[str, Any] = {
        "source": "Intergroup",
        "fellowship": "na",
        "meetings": [record],
    }
    response = client.post(
        f"{base}/meeting-sources", json.dumps(feed), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "meetings", 0, "address"]
    record["address"] = "1 Main"
    response = client.post(
        f"{base}/meeting-sources", json.dumps(feed), content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["created"] == 1
    names = {s["name"] for s in client.get(f"{base}/meeting-sources").json()}
    assert "Intergroup" in names


def test_api_finder_and_scope(world):
    meeting(world.drug, name="Harbor Group", weekday=1, start_time="19:00")
    base = f"/api/v1/programs/{world.drug.public_id}/finder"
    response = api(world).get(
        base, {"day": 1, "from": "18:00", "to": "20:00", "lat": 41.5, "lon": -71.3}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["items"][0]["miles"] == 0.0
    assert body["zone"] == "America/New_York"
    response = api(world).get(base, {"from": "7pm"})
    assert response.status_code == 422 and "HH:MM" in response.json()["detail"][0]["msg"]
    assert api(world, "court").get(base).status_code == 404
    assert api(world, "outsider").get(base).status_code == 404
