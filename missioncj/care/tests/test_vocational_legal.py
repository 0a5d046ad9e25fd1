"""Vocational / educational support and the legal-issue tracker: services, pages, panels, API."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missioncj.accounts.services import issue_api_token
from missioncj.care.models import EmploymentStatus, LegalObligation, VocationalActivity
from missioncj.care.services import vocational as services
from missioncj.conftest import World
from missioncj.core.models import AuditEvent, AuditKind
from missioncj.participants.services import local_today


def state() -> dict[str, Any]:
    return {
        "statuses": EmploymentStatus.objects.count(),
        "activities": list(VocationalActivity.objects.order_by("pk").values_list("pk", "status")),
        "obligations": list(
            LegalObligation.objects.order_by("pk").values_list(
                "pk", "status", "amount_paid", "resolved_on", "due_date"
            )
        ),
        "audit": AuditEvent.objects.exclude(kind=AuditKind.LOGIN).count(),
    }


def refused(call: Any, field: str, words: str) -> None:
    before = state()
    with pytest.raises(ValidationError) as info:
        call()
    assert field in info.value.message_dict, info.value.message_dict
    assert words in " ".join(info.value.message_dict[field]), info.value.message_dict
    assert state() == before


def api(world: World, username: str) -> Client:
    token = issue_api_token(actor=None, user=world.user(username))
    return Client(headers={"Authorization": f"Bearer {token}"})


def post_json(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def episode(world: World):
    return world.north_person.episodes.select_related("program").get()


@pytest.fixture
def cm(world: World):
    return world.user("casemanager")


def page(world: World, name: str) -> str:
    return reverse(name, args=[world.north_person.public_id])


# --- vocational services --------------------------------------------------------------------------


def test_employment_status_history_newest_is_current(world, cm, episode):
    services.record_employment_status(
        actor=cm, episode=episode, as_of=dt.date(2026, 9, 6), employment="seeking"
    )
    services.record_employment_status(
        actor=cm,
        episode=episode,
        as_of=dt.date(2026, 10, 6),
        employment="part_time",
        education="hse",
        employer="Corner Bakery",
        hours_per_week=20,
    )
    current = EmploymentStatus.objects.filter(episode=episode).first()
    assert current is not None
    assert (current.employment, current.employer, current.hours_per_week) == (
        "part_time",
        "Corner Bakery",
        20,
    )
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.action == "vocational.status"
    assert event.participant_public_id == world.north_person.public_id


def test_employment_status_refusals(world, cm, episode):
    tomorrow = local_today(episode.program) + dt.timedelta(days=1)
    base = {"actor": cm, "episode": episode, "as_of": dt.date(2026, 10, 1)}
    refused(
        lambda: services.record_employment_status(
            **{**base, "as_of": tomorrow}, employment="seeking"
        ),
        "as_of",
        "future",
    )
    refused(
        lambda: services.record_employment_status(
            **{**base, "as_of": dt.date(2026, 8, 1)}, employment="seeking"
        ),
        "as_of",
        "before the referral",
    )
    refused(
        lambda: services.record_employment_status(**base, employment="astronaut"),
        "employment",
        "employment status",
    )
    refused(
        lambda: services.record_employment_status(
            **base, employment="part_time", hours_per_week=120
        ),
        "hours_per_week",
        "between 0 and 100",
    )
    refused(
        lambda: services.record_employment_status(**base, employment="seeking", employer="Bakery"),
        "employer",
        "someone who is working",
    )
    refused(
        lambda: services.record_employment_status(
            **{**base, "actor": world.user("cm.south")}, employment="seeking"
        ),
        "episode",
        "do not work with",
    )


def test_activity_and_status_change(world, cm, episode):
    activity = services.record_vocational_activity(
        actor=cm,
        episode=episode,
        kind="benefits",
        on=dt.date(2026, 10, 2),
        description="SNAP application",
        status="pending",
    )
    services.update_activity_status(actor=world.user("peer"), activity=activity, status="approved")
    activity.refresh_from_db()
    assert activity.status == "approved"
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.action == "vocational.activity.status"
    assert event.before == {"status": "pending"} and event.after == {"status": "approved"}
    # A planned interview may be in the future; a done one may not.
    future = local_today(episode.program) + dt.timedelta(days=3)
    planned = services.record_vocational_activity(
        actor=cm, episode=episode, kind="interview", on=future, description="Warehouse"
    )
    assert planned.status == "planned"
    refused(
        lambda: services.update_activity_status(actor=cm, activity=planned, status="done"),
        "status",
        "still in the future",
    )


def test_activity_refusals(world, cm, episode):
    future = local_today(episode.program) + dt.timedelta(days=3)
    refused(
        lambda: services.record_vocational_activity(
            actor=cm, episode=episode, kind="interview", on=future, description="x", status="done"
        ),
        "on",
        "future",
    )
    refused(
        lambda: services.record_vocational_activity(
            actor=cm, episode=episode, kind="juggling", on=dt.date(2026, 10, 1), description="x"
        ),
        "kind",
        "what kind",
    )
    refused(
        lambda: services.record_vocational_activity(
            actor=cm, episode=episode, kind="training", on=dt.date(2026, 10, 1), description=" "
        ),
        "description",
        "Describe",
    )
    refused(
        lambda: services.record_vocational_activity(
            actor=world.user("outsider"),
            episode=episode,
            kind="training",
            on=dt.date(2026, 10, 1),
            description="x",
        ),
        "episode",
        "do not work with",
    )
    activity = services.record_vocational_activity(
        actor=cm, episode=episode, kind="training", on=dt.date(2026, 10, 1), description="Forklift"
    )
    refused(
        lambda: services.update_activity_status(actor=cm, activity=activity, status="planned"),
        "status",
        "already",
    )
    refused(
        lambda: services.update_activity_status(actor=cm, activity=activity, status="won"),
        "status",
        "Choose a status",
    )


# --- legal services -------------------------------------------------------------------------------


def test_obligation_add_pay_and_resolve(world, cm):
    obligation = services.add_obligation(
        actor=cm,
        participant=world.north_person,
        kind="fines_fees",
        jurisdiction="Fulton County Traffic",
        description="Unpaid traffic fines",
        amount_owed="350.00",
        amount_paid=Decimal("50"),
        due_date=dt.date(2026, 12, 1),
    )
    assert obligation.amount_owed == Decimal("350.00")
    assert obligation.amount_paid == Decimal("50.00")
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.action == "legal.create"
    assert event.participant_public_id == world.north_person.public_id
    services.update_obligation(
        actor=world.user("peer"), obligation=obligation, amount_paid="200.00", status="in_progress"
    )
    services.update_obligation(
        actor=cm,
        obligation=obligation,
        amount_paid="350.00",
        status="resolved",
        resolved_on=dt.date(2026, 11, 1),
    )
    obligation.refresh_from_db()
    assert obligation.status == "resolved"
    assert obligation.resolved_on == dt.date(2026, 11, 1)
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None and event.action == "legal.update"
    assert event.before == {"amount_paid": "200.00", "status": "in_progress", "resolved_on": None}
    # Re-opening clears the resolution date.
    services.update_obligation(actor=cm, obligation=obligation, status="open")
    obligation.refresh_from_db()
    assert obligation.resolved_on is None


def test_obligation_refusals(world, cm):
    base = {"actor": cm, "participant": world.north_person, "kind": "license", "description": "DL"}
    refused(
        lambda: services.add_obligation(**base, amount_owed="100", amount_paid="100.01"),
        "amount_paid",
        "more than the amount owed",
    )
    refused(
        lambda: services.add_obligation(**base, amount_owed="10.005"),
        "amount_owed",
        "2 decimal places",
    )
    refused(
        lambda: services.add_obligation(**base, amount_owed="-5"),
        "amount_owed",
        "negative",
    )
    refused(
        lambda: services.add_obligation(**base, amount_owed="ten dollars"),
        "amount_owed",
        "as a number",
    )
    refused(lambda: services.add_obligation(**base, amount_owed=10.5), "amount_owed", "dollars")
    refused(lambda: services.add_obligation(**{**base, "kind": "parking"}), "kind", "what kind")
    refused(
        lambda: services.add_obligation(**{**base, "description": ""}), "description", "Describe"
    )
    refused(
        lambda: services.add_obligation(**{**base, "actor": world.user("cm.south")}),
        "participant",
        "do not work with",
    )
    obligation = services.add_obligation(**base, amount_owed="100")
    refused(
        lambda: services.update_obligation(actor=cm, obligation=obligation, status="resolved"),
        "resolved_on",
        "date it was resolved",
    )
    tomorrow = local_today(world.drug) + dt.timedelta(days=1)
    refused(
        lambda: services.update_obligation(
            actor=cm, obligation=obligation, status="resolved", resolved_on=tomorrow
        ),
        "resolved_on",
        "future",
    )
    refused(
        lambda: services.update_obligation(
            actor=cm, obligation=obligation, resolved_on=dt.date(2026, 10, 1)
        ),
        "resolved_on",
        "Only a resolved obligation",
    )
    refused(
        lambda: services.update_obligation(actor=cm, obligation=obligation, amount_paid="150"),
        "amount_paid",
        "more than the amount owed",
    )
    refused(
        lambda: services.update_obligation(actor=cm, obligation=obligation, status="open"),
        "status",
        "Nothing was changed",
    )
    refused(
        lambda: services.update_obligation(
            actor=world.user("outsider"), obligation=obligation, amount_paid="1"
        ),
        "obligation",
        "do not work with",
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    owed=st.decimals(min_value=0, max_value=10000, places=2, allow_nan=False),
    paid=st.decimals(min_value=0, max_value=10000, places=2, allow_nan=False),
)
def test_paid_never_exceeds_owed(world, owed, paid):
    """Property: an obligation is saved exactly when paid ≤ owed, with both kept to the cent."""
    before = state()
    call = lambda: services.add_obligation(  # noqa: E731
        actor=world.user("casemanager"),
        participant=world.north_person,
        kind="restitution",
        description="Other case",
        amount_owed=owed,
        amount_paid=paid,
    )
    if paid <= owed:
        saved = call()
        saved.refresh_from_db()
        assert (saved.amount_owed, saved.amount_paid) == (owed, paid)
    else:
        with pytest.raises(ValidationError):
            call()
        assert state() == before


# --- pages ----------------------------------------------------------------------------------------


def test_vocational_page_and_forms(world, login, episode):
    client = login("peer")
    response = client.post(
        page(world, "care:vocational_status_new"),
        {
            "episode": str(episode.public_id),
            "as_of": "2026-10-10",
            "employment": "full_time",
            "education": "none",
            "employer": "City Parks",
            "hours_per_week": "40",
        },
    )
    assert response.status_code == 302 and response["Location"] == page(world, "care:vocational")
    response = client.post(
        page(world, "care:vocational_activity_new"),
        {
            "episode": str(episode.public_id),
            "kind": "benefits",
            "on": "2026-10-03",
            "description": "Medicaid application",
            "status": "pending",
        },
    )
    assert response.status_code == 302
    activity = VocationalActivity.objects.get()
    response = client.post(
        page(world, "care:vocational_activity_status"),
        {"activity": str(activity.public_id), "status": "approved"},
    )
    assert response.status_code == 302
    reads = AuditEvent.objects.filter(action="vocational.read").count()
    html = client.get(page(world, "care:vocational")).content.decode()
    assert AuditEvent.objects.filter(action="vocational.read").count() == reads + 1
    assert "Employed full time at City Parks · 40 hours a week" in html
    assert "Medicaid application" in html and "Approved / offered" in html
    detail = client.get(reverse("participants:detail", args=[world.north_person.public_id]))
    assert "Employed full time at City Parks" in detail.content.decode()


def test_vocational_form_refusal_shows_message_and_saves_nothing(world, login, episode):
    client = login("casemanager")
    before = state()
    response = client.post(
        page(world, "care:vocational_status_new"),
        {
            "episode": str(episode.public_id),
            "as_of": "2026-10-10",
            "employment": "seeking",
            "education": "none",
            "employer": "Bakery",
        },
    )
    assert response.status_code == 422
    assert "Employer and hours are for someone who is working" in response.content.decode()
    assert state() == before


def test_legal_page_orders_open_first_with_overdue_in_words(world, login, cm):
    today = local_today(world.drug)
    services.add_obligation(
        actor=cm,
        participant=world.north_person,
        kind="child_support",
        description="Arrears",
        amount_owed="1200.00",
        amount_paid="200.00",
        due_date=today - dt.timedelta(days=3),
    )
    services.add_obligation(
        actor=cm,
        participant=world.north_person,
        kind="warrant",
        jurisdiction="Cobb County",
        description="Bench warrant, failure to appear",
        due_date=today + dt.timedelta(days=5),
    )
    done = services.add_obligation(
        actor=cm, participant=world.north_person, kind="license", description="DL reinstated"
    )
    services.update_obligation(
        actor=cm, obligation=done, status="resolved", resolved_on=dt.date(2026, 10, 1)
    )
    client = login("casemanager")
    html = client.get(page(world, "care:legal")).content.decode()
    assert "Overdue by 3 days" in html
    assert "Due in 5 days" in html
    assert "Balance owed on open obligations: <strong>$1000.00</strong>" in html
    assert html.index("Arrears") < html.index("Bench warrant") < html.index("DL reinstated")
    assert html.index("Resolved (1)") < html.index("DL reinstated")
    detail = client.get(reverse("participants:detail", args=[world.north_person.public_id]))
    text = detail.content.decode()
    assert "2 open obligations" in text
    assert f"next due {(today - dt.timedelta(days=3)):%-d %b %Y}" in text
    assert '<span class="flag">Overdue</span>' in text


def test_legal_forms(world, login):
    client = login("peer")
    response = client.post(
        page(world, "care:legal_new"),
        {
            "kind": "fines_fees",
            "description": "Court costs, other county",
            "amount_owed": "300.00",
            "amount_paid": "0",
            "due_date": "2026-12-15",
        },
    )
    assert response.status_code == 302 and response["Location"] == page(world, "care:legal")
    obligation = LegalObligation.objects.get()
    form = client.get(page(world, "care:legal_update") + f"?obligation={obligation.public_id}")
    assert 'value="2026-12-15"' in form.content.decode()
    before = state()
    response = client.post(
        page(world, "care:legal_update"),
        {"obligation": str(obligation.public_id), "status": "resolved"},
    )
    assert response.status_code == 422
    assert "Give the date it was resolved." in response.content.decode()
    assert state() == before
    response = client.post(
        page(world, "care:legal_update"),
        {
            "obligation": str(obligation.public_id),
            "status": "in_progress",
            "amount_paid": "100.00",
        },
    )
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.amount_paid == Decimal("100.00")
    assert obligation.due_date == dt.date(2026, 12, 15)  # left empty: kept


@pytest.mark.parametrize(
    "name",
    [
        "care:vocational",
        "care:vocational_status_new",
        "care:vocational_activity_new",
        "care:vocational_activity_status",
        "care:legal",
        "care:legal_new",
        "care:legal_update",
    ],
)
def test_pages_are_404_out_of_scope(world, login, name):
    for username in ("cm.south", "outsider", "court", "evaluator", "admin"):
        client = login(username)
        before = state()
        assert client.get(page(world, name)).status_code == 404
        assert client.post(page(world, name), {"kind": "license"}).status_code == 404
        assert state() == before


# --- API ------------------------------------------------------------------------------------------


def test_api_vocational(world, episode):
    client = api(world, "casemanager")
    base = f"/api/v1/participants/{world.north_person.public_id}/vocational"
    response = post_json(client, base, {"as_of": "2026-10-01", "employment": "seeking"})
    assert response.status_code == 201, response.content
    assert response.json()["episode"] == str(episode.public_id)
    response = post_json(
        client,
        f"{base}/activities",
        {"kind": "application", "on": "2026-10-02", "description": "Grocery", "status": "pending"},
    )
    assert response.status_code == 201
    activity_id = response.json()["id"]
    response = post_json(
        client, f"{base}/activities/status", {"activity": activity_id, "status": "denied"}
    )
    assert response.json()["status"] == "denied"
    reads = AuditEvent.objects.filter(action="api.vocational.read").count()
    body = client.get(base).json()
    assert AuditEvent.objects.filter(action="api.vocational.read").count() == reads + 1
    assert body["current"]["employment"] == "seeking"
    assert [a["status"] for a in body["activities"]] == ["denied"]


def test_api_legal(world):
    client = api(world, "casemanager")
    base = f"/api/v1/participants/{world.north_person.public_id}/legal-obligations"
    response = post_json(
        client,
        base,
        {"kind": "fines_fees", "description": "Fines", "amount_owed": "250.50", "amount_paid": 50},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["balance"] == "200.50"
    response = post_json(
        client,
        f"{base}/update",
        {
            "obligation": body["id"],
            "status": "resolved",
            "resolved_on": "2026-11-01",
            "amount_paid": "250.50",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "resolved"
    listing = client.get(base).json()
    assert listing["open_count"] == 0
    assert listing["balance_owed"] == "0.00"
    assert AuditEvent.objects.filter(action="api.legal.read").count() == 1


def test_api_bad_input_is_422_and_saves_nothing(world):
    client = api(world, "casemanager")
    voc = f"/api/v1/participants/{world.north_person.public_id}/vocational"
    legal = f"/api/v1/participants/{world.north_person.public_id}/legal-obligations"
    cases: list[tuple[str, dict[str, Any], str]] = [
        (voc, {"as_of": "2099-01-01", "employment": "seeking"}, "as_of"),
        (voc, {"as_of": "2026-10-01", "employment": "pirate"}, "employment"),
        (
            voc,
            {"as_of": "2026-10-01", "employment": "part_time", "hours_per_week": 101},
            "hours_per_week",
        ),
        (
            f"{voc}/activities",
            {"kind": "interview", "on": "2026-10-01", "description": ""},
            "description",
        ),
        (
            legal,
            {"kind": "license", "description": "DL", "amount_owed": "10", "amount_paid": "20"},
            "amount_paid",
        ),
        (legal, {"kind": "license", "description": "DL", "amount_owed": "10.001"}, "amount_owed"),
        (legal, {"kind": "license", "description": "DL", "amount_owed": "-1"}, "amount_owed"),
        (f"{legal}/update", {"obligation": "00000000-0000-0000-0000-000000000000"}, "obligation"),
    ]
    for path, body, field in cases:
        before = state()
        response = post_json(client, path, body)
        assert response.status_code == 422, (path, body, response.content)
        fields = [d["loc"][-1] for d in response.json()["detail"]]
        assert field in fields, (field, response.json())
        assert state() == before


def test_api_out_of_scope_is_404(world):
    voc = f"/api/v1/participants/{world.north_person.public_id}/vocational"
    legal = f"/api/v1/participants/{world.north_person.public_id}/legal-obligations"
    for username in ("cm.south", "outsider", "court", "evaluator", "admin"):
        client = api(world, username)
        before = state()
        assert client.get(voc).status_code == 404
        assert client.get(legal).status_code == 404
        assert (
            post_json(client, voc, {"as_of": "2026-10-01", "employment": "seeking"}).status_code
            == 404
        )
        assert post_json(client, legal, {"kind": "license", "description": "x"}).status_code == 404
        assert state() == before
