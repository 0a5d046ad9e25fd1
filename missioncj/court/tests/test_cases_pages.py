"""Court-case pages: the participant's court page and panel, the case page and its forms, a
program's courts; scope per persona, audited reads, query counts that do not grow."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missioncj.core.models import AuditEvent, AuditKind
from missioncj.court.models import Charge, Condition, ConditionProgress, Court, CourtCase
from missioncj.court.services import cases as services
from missioncj.court.services import conditions
from missioncj.court.services.courts import create_court

OPENED = dt.date(2026, 9, 8)


def counts() -> dict[str, Any]:
    return {
        "cases": list(CourtCase.objects.order_by("pk").values_list("pk", "updated_at")),
        "charges": Charge.objects.count(),
        "conditions": list(Condition.objects.order_by("pk").values_list("pk", "status")),
        "progress": ConditionProgress.objects.count(),
        "courts": list(Court.objects.order_by("pk").values_list("pk", "name", "judge")),
        "audit": AuditEvent.objects.exclude(kind=AuditKind.LOGIN).count(),
    }


def make_case(world, court, docket: str = "26CR00101", person: str = "north") -> CourtCase:
    participant = world.north_person if person == "north" else world.south_person
    actor = world.user("casemanager" if person == "north" else "supervisor")
    case = services.open_case(
        actor=actor,
        participant=participant,
        court=court,
        docket_number=docket,
        status="post_plea",
        opened_on=OPENED,
        charges=[{"statute": "893.13", "description": "Possession", "level": "felony"}],
    )
    condition = conditions.add_condition(
        actor=actor,
        case=case,
        kind="community_service",
        description="Food bank",
        ordered_on=OPENED,
        due_on=dt.date(2026, 10, 1),
        unit="hours",
        required="40",
    )
    conditions.record_progress(actor=actor, condition=condition, on=OPENED, amount="32")
    return case


def court_page(world, person: Any = None) -> str:
    return reverse("court:participant_court", args=[(person or world.north_person).public_id])


def case_page(case: CourtCase) -> str:
    return reverse(
        "court:case_detail",
        kwargs={"public_id": case.participant.public_id, "case_id": case.public_id},
    )


def test_participant_court_page_shows_cases_charges_and_compliance(world, court, login):
    case = make_case(world, court)
    response = login("peer").get(court_page(world))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Docket 26CR00101" in html and "Hon. R. Ortiz" in html
    assert "893.13" in html and "Possession" in html
    assert "32 of 40 hours, 80%" in html  # the bar also says it in words
    assert '<progress max="100" value="80"' in html
    assert "Overdue" in html  # due 1 Oct 2026, 8 hours short
    event = AuditEvent.objects.filter(action="court.cases.read").get()
    assert (event.actor, event.participant_public_id) == (
        world.user("peer"),
        world.north_person.public_id,
    )
    assert case_page(case) in html


def test_participant_panel_lists_open_cases_and_conditions(world, court, login):
    make_case(world, court)
    html = (
        login("casemanager")
        .get(reverse("participants:detail", args=[world.north_person.public_id]))
        .content.decode()
    )
    assert 'id="court-panel-h"' in html
    assert "26CR00101" in html and "Hon. R. Ortiz" in html
    assert "32 of 40 hours, 80%" in html
    assert "1 overdue" in html


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("director", 200),
        ("supervisor", 200),
        ("casemanager", 404),
        ("peer", 404),
        ("court", 404),
        ("evaluator", 404),
        ("admin", 404),
        ("outsider", 404),
    ],
)
def test_south_case_page_scope(world, court, login, username, status):
    case = make_case(world, court, person="south")
    before = AuditEvent.objects.filter(action="court.case.read").count()
    response = login(username).get(case_page(case))
    assert response.status_code == status
    read = AuditEvent.objects.filter(action="court.case.read").count() - before
    assert read == (1 if status == 200 else 0)


def test_a_case_under_another_participant_is_404(world, court, login):
    south_case = make_case(world, court, person="south")
    url = reverse(
        "court:case_detail",
        kwargs={"public_id": world.north_person.public_id, "case_id": south_case.public_id},
    )
    assert login("supervisor").get(url).status_code == 404


def test_list_pages_use_constant_queries(world, court, login):
    client = login("casemanager")
    make_case(world, court)
    pages = [court_page(world), reverse("participants:detail", args=[world.north_person.public_id])]
    with CaptureQueriesContext(connection) as one:
        for url in pages:
            assert client.get(url).status_code == 200
    for n in range(2, 6):
        make_case(world, court, docket=f"26CR0020{n}")
    case = CourtCase.objects.get(docket_number="26CR00205")
    for statute in ("1", "2", "3"):
        services.add_charge(
            actor=world.user("casemanager"),
            case=case,
            statute=statute,
            description="More",
            level="misdemeanor",
        )
    with CaptureQueriesContext(connection) as many:
        for url in pages:
            assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(one.captured_queries)
    # The case page too: more charges, conditions and progress, same queries.
    first = CourtCase.objects.get(docket_number="26CR00101")
    with CaptureQueriesContext(connection) as small:
        client.get(case_page(first))
    with CaptureQueriesContext(connection) as big:
        client.get(case_page(case))
    assert len(big.captured_queries) == len(small.captured_queries)


def test_open_case_form_refuses_a_duplicate_docket_and_saves_nothing(world, court, login):
    make_case(world, court)
    client = login("supervisor")
    before = counts()
    response = client.post(
        reverse("court:case_new", args=[world.south_person.public_id]),
        {
            "court": str(court.public_id),
            "docket_number": "26CR00101",
            "status": "pre_plea",
            "intercept": "3",
            "opened_on": "2026-09-10",
        },
    )
    assert response.status_code == 422
    assert "is already recorded in Drug Court, Part 3" in response.content.decode()
    assert counts() == before


def test_case_forms_end_to_end(world, court, login):
    client = login("casemanager")
    response = client.post(
        reverse("court:case_new", args=[world.north_person.public_id]),
        {
            "court": str(court.public_id),
            "docket_number": "26CR777",
            "status": "pre_plea",
            "intercept": "2",
            "opened_on": "2026-09-10",
            "attorney_name": "PD",
        },
    )
    case = CourtCase.objects.get(docket_number="26CR777")
    assert response.status_code == 302 and response["Location"] == case_page(case)
    assert (case.intercept, case.judge, case.attorney_name) == (2, "Hon. R. Ortiz", "PD")
    base = {"public_id": world.north_person.public_id, "case_id": case.public_id}
    response = client.post(
        reverse("court:condition_new", kwargs=base),
        {
            "kind": "fees",
            "description": "Costs",
            "ordered_on": "2026-09-10",
            "unit": "dollars",
            "required": "-50",
        },
    )
    assert response.status_code == 422
    assert "must be more than zero" in response.content.decode()
    assert not case.conditions.exists()
    client.post(
        reverse("court:condition_new", kwargs=base),
        {
            "kind": "fees",
            "description": "Costs",
            "ordered_on": "2026-09-10",
            "unit": "dollars",
            "required": "200",
        },
    )
    condition = case.conditions.get()
    kwargs = {**base, "condition_id": condition.public_id}
    response = client.post(
        reverse("court:condition_progress", kwargs=kwargs), {"on": "2026-09-20", "amount": "50"}
    )
    assert response.status_code == 302
    html = client.get(case_page(case)).content.decode()
    assert "$50.00 of $200.00, 25%" in html
    response = client.post(
        reverse("court:case_dispose", kwargs=base),
        {"status": "disposed", "disposed_on": "2026-09-01", "disposition": "Probation"},
    )
    assert response.status_code == 422
    assert "is before the case was opened" in response.content.decode()
    case.refresh_from_db()
    assert case.is_open


def test_charge_remove_asks_first_then_removes(world, court, login):
    case = make_case(world, court)
    charge = case.charges.get()
    url = reverse(
        "court:charge_remove",
        kwargs={
            "public_id": world.north_person.public_id,
            "case_id": case.public_id,
            "charge_id": charge.public_id,
        },
    )
    client = login("casemanager")
    assert "Remove this charge?" in client.get(url).content.decode()
    assert Charge.objects.filter(pk=charge.pk).exists()
    assert client.post(url).status_code == 302
    assert not Charge.objects.filter(pk=charge.pk).exists()


def test_pages_are_one_column_on_a_phone(world, court, login):
    make_case(world, court)
    html = login("casemanager").get(court_page(world)).content.decode()
    # Tables become labelled cards under 640 px (app.css `table.caseload`).
    assert 'class="caseload charges"' in html
    assert 'data-label="Statute"' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


# --- a program's courts --------------------------------------------------------------------------

LIST_STATUS = {
    "director": 200,
    "supervisor": 200,
    "casemanager": 200,
    "peer": 200,
    "clinician": 200,
    "court": 404,
    "evaluator": 404,
    "admin": 404,
    "outsider": 404,
}


@pytest.mark.parametrize("username", sorted(LIST_STATUS))
def test_courts_list_and_settings_scope(world, court, login, username):
    client = login(username)
    listing = client.get(reverse("court:courts", args=[world.drug.public_id]))
    assert listing.status_code == LIST_STATUS[username]
    if listing.status_code == 200:
        assert "Drug Court, Part 3" in listing.content.decode()
    configures = username in ("director", "supervisor")
    new = reverse("court:court_new", args=[world.drug.public_id])
    edit = reverse("court:court_edit", args=[world.drug.public_id, court.public_id])
    before = counts()
    response = client.post(edit, {"name": "Drug Court, Part 3", "judge": "Hon. New Judge"})
    if configures:
        assert response.status_code == 302
        court.refresh_from_db()
        assert court.judge == "Hon. New Judge"
        assert AuditEvent.objects.filter(action="court.update", actor=world.user(username)).exists()
        response = client.post(new, {"name": "Veterans Court", "location": "Room 5"})
        assert response.status_code == 302
        assert Court.objects.filter(program=world.drug, name="Veterans Court").exists()
    else:
        assert response.status_code == 404
        assert client.post(new, {"name": "Veterans Court"}).status_code == 404
        assert client.get(new).status_code == 404
        assert counts() == before


def test_reentry_courts_are_out_of_the_drug_court_directors_reach(world, reentry_court, login):
    for username in ("director", "supervisor", "casemanager"):
        client = login(username)
        assert (
            client.get(reverse("court:courts", args=[world.reentry.public_id])).status_code == 404
        )
        edit = reverse("court:court_edit", args=[world.reentry.public_id, reentry_court.public_id])
        assert client.post(edit, {"name": "Taken"}).status_code == 404
    reentry_court.refresh_from_db()
    assert reentry_court.name == "Re-entry Court"
    assert (
        login("outsider").get(reverse("court:courts", args=[world.reentry.public_id])).status_code
        == 200
    )


def test_adding_a_court_with_a_name_in_use_is_refused(world, court, login):
    before = counts()
    response = login("director").post(
        reverse("court:court_new", args=[world.drug.public_id]), {"name": "drug court, part 3"}
    )
    assert response.status_code == 422
    assert "already has a court called" in response.content.decode()
    assert counts() == before
    create_court(actor=None, program=world.drug, name="Other")
    assert Court.objects.filter(program=world.drug).count() == 2
