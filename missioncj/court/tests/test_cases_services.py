"""Court cases, charges and conditions: the services (scope, validation, audit) and compliance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from missioncj.core.models import AuditEvent, AuditKind
from missioncj.court.compliance import Standing, standing, with_done
from missioncj.court.models import Charge, Condition, ConditionProgress, CourtCase
from missioncj.court.services import cases as services
from missioncj.court.services import conditions
from missioncj.court.services.courts import create_court, update_court
from missioncj.participants.services import local_today

OPENED = dt.date(2026, 9, 8)


def state() -> dict[str, Any]:
    return {
        "cases": list(
            CourtCase.objects.order_by("pk").values_list(
                "pk", "status", "docket_number", "disposed_on", "disposition", "updated_at"
            )
        ),
        "charges": list(
            Charge.objects.order_by("pk").values_list("pk", "disposition", "updated_at")
        ),
        "conditions": list(
            Condition.objects.order_by("pk").values_list("pk", "status", "updated_at")
        ),
        "progress": ConditionProgress.objects.count(),
        "audit": AuditEvent.objects.exclude(kind=AuditKind.LOGIN).count(),
    }


def refused(call: Any, **expected: str) -> dict[str, list[str]]:
    """The call is refused with a message for each named field containing the words; nothing
    is written."""
    before = state()
    with pytest.raises(ValidationError) as info:
        call()
    found = info.value.message_dict
    for field, words in expected.items():
        assert field in found, found
        assert words in " ".join(found[field]), found
    assert state() == before
    return found


@pytest.fixture
def cm(world):
    return world.user("casemanager")


def open_north(world, court, **extra: Any) -> CourtCase:
    values: dict[str, Any] = {
        "actor": world.user("casemanager"),
        "participant": world.north_person,
        "court": court,
        "docket_number": "26CR00101",
        "status": "post_plea",
        "opened_on": OPENED,
    }
    values.update(extra)
    return services.open_case(**values)


def hours(case: CourtCase, actor: Any, required: str = "40", **extra: Any) -> Condition:
    values: dict[str, Any] = {
        "actor": actor,
        "case": case,
        "kind": "community_service",
        "description": "Food bank",
        "ordered_on": OPENED,
        "due_on": dt.date(2027, 3, 1),
        "unit": "hours",
        "required": required,
    }
    values.update(extra)
    return conditions.add_condition(**values)


# --- cases ---------------------------------------------------------------------------------------


def test_open_case_defaults_judge_and_intercept_and_is_audited(world, court, cm):
    case = open_north(
        world,
        court,
        attorney_name="Public Defender",
        probation_officer_email="po@example.org",
        charges=[{"statute": "893.13", "description": "Possession", "level": "felony"}],
    )
    assert case.judge == "Hon. R. Ortiz"  # the court's presiding judge
    assert case.intercept == world.drug.intercept
    assert case.episode == world.north_person.episodes.get()
    assert [c.statute for c in case.charges.all()] == ["893.13"]
    event = AuditEvent.objects.get(action="court.case.open")
    assert event.actor == cm
    assert event.participant_public_id == world.north_person.public_id
    after = event.after or {}
    assert (after["docket_number"], after["attorney_name"]) == ("26CR00101", "Public Defender")
    assert AuditEvent.objects.filter(action="court.charge.add").count() == 1


def test_duplicate_docket_in_the_same_court_is_refused_clearly(world, court, cm):
    open_north(world, court)
    refused(
        lambda: services.open_case(
            actor=world.user("supervisor"),
            participant=world.south_person,
            court=court,
            docket_number="26cr00101",
            status="pre_plea",
            opened_on=OPENED,
        ),
        docket_number="Docket number 26cr00101 is already recorded in Drug Court, Part 3",
    )
    # Another court of the program may use the same number.
    other = create_court(actor=None, program=world.drug, name="Drug Court, Part 4")
    case = services.open_case(
        actor=world.user("supervisor"),
        participant=world.south_person,
        court=other,
        docket_number="26CR00101",
        status="pre_plea",
        opened_on=OPENED,
    )
    assert case.court == other


def test_open_case_lists_every_problem_and_saves_nothing(world, court, reentry_court, cm):
    found = refused(
        lambda: services.open_case(
            actor=cm,
            participant=world.north_person,
            court=reentry_court,
            docket_number="",
            status="disposed",
            opened_on=local_today(world.drug) + dt.timedelta(days=3),
            attorney_email="not-an-address",
            charges=[
                {"statute": "", "description": "Theft", "level": "felony"},
                {"statute": "1.2", "description": "Theft", "level": "capital"},
            ],
        ),
        court="Choose one of the courts of Drug Court",
        docket_number="Give the docket",
        status="A case opens pre-plea, post-plea or on probation",
        opened_on="is in the future",
        attorney_email="e-mail address",
    )
    assert "charges.0.statute" in found
    assert "charges.1.level" in found


@pytest.mark.parametrize("username", ["casemanager", "court", "evaluator", "outsider", "admin"])
def test_open_case_refused_outside_work_scope(world, court, username):
    # South is on another team: only the director and supervisor may work with them.
    refused(
        lambda: services.open_case(
            actor=world.user(username),
            participant=world.south_person,
            court=court,
            docket_number="26CR9",
            status="pre_plea",
            opened_on=OPENED,
        ),
        participant="You do not work with this participant's team.",
    )


def test_update_case_records_changed_fields_before_and_after(world, court, cm):
    case = open_north(world, court)
    services.update_case(actor=cm, case=case, judge="Hon. P. Lee", attorney_phone="555-0100")
    event = AuditEvent.objects.get(action="court.case.update")
    assert event.before == {"judge": "Hon. R. Ortiz", "attorney_phone": ""}
    assert event.after == {"judge": "Hon. P. Lee", "attorney_phone": "555-0100"}
    refused(
        lambda: services.update_case(actor=cm, case=case, judge="Hon. P. Lee"), status="Nothing"
    )
    refused(
        lambda: services.update_case(actor=world.user("outsider"), case=case, judge="X"),
        case="You do not work",
    )


def test_update_case_refuses_a_docket_number_taken_in_that_court(world, court, cm):
    open_north(world, court)
    second = open_north(world, court, docket_number="26CR00102")
    refused(
        lambda: services.update_case(actor=cm, case=second, docket_number="26CR00101"),
        docket_number="already recorded",
    )


def test_dispose_case_refuses_a_disposition_before_it_opened(world, court, cm):
    case = open_north(world, court)
    refused(
        lambda: services.dispose_case(
            actor=cm, case=case, disposition="Dismissed", disposed_on=dt.date(2026, 9, 1)
        ),
        disposed_on="(1 Sep 2026) is before the case was opened (8 Sep 2026)",
    )
    refused(
        lambda: services.dispose_case(
            actor=cm, case=case, disposition="", disposed_on=OPENED, status="probation"
        ),
        disposition="Say how",
        status="disposed or dismissed",
    )
    services.dispose_case(
        actor=cm,
        case=case,
        disposition="Dismissed on graduation",
        disposed_on=dt.date(2026, 11, 1),
        status="dismissed",
    )
    case.refresh_from_db()
    assert (case.status, case.disposed_on, case.is_open) == (
        "dismissed",
        dt.date(2026, 11, 1),
        False,
    )
    event = AuditEvent.objects.get(action="court.case.dispose")
    assert (event.before or {})["status"] == "post_plea"
    assert (event.after or {})["disposition"] == "Dismissed on graduation"
    refused(
        lambda: services.dispose_case(
            actor=cm, case=case, disposition="Again", disposed_on=dt.date(2026, 11, 2)
        ),
        status="already dismissed",
    )


def test_reopening_a_case_clears_its_disposition(world, court, cm):
    case = open_north(world, court)
    services.dispose_case(actor=cm, case=case, disposition="Closed", disposed_on=OPENED)
    services.update_case(actor=cm, case=case, status="probation")
    case.refresh_from_db()
    assert (case.status, case.disposed_on, case.disposition) == ("probation", None, "")


# --- charges -------------------------------------------------------------------------------------


def test_charges_added_edited_and_removed_with_audit(world, court, cm):
    case = open_north(world, court)
    first = services.add_charge(
        actor=cm, case=case, statute="893.13", description="Possession", level="felony"
    )
    second = services.add_charge(
        actor=cm, case=case, statute="812.014", description="Petit theft", level="misdemeanor"
    )
    assert [c.order for c in case.charges.all()] == [1, 2]
    services.update_charge(
        actor=cm, charge=first, disposition="Nolle prosequi", disposition_on=dt.date(2026, 10, 1)
    )
    event = AuditEvent.objects.get(action="court.charge.update")
    assert event.before == {"disposition": "", "disposition_on": None}
    assert event.after == {"disposition": "Nolle prosequi", "disposition_on": "2026-10-01"}
    services.remove_charge(actor=cm, charge=second)
    assert list(case.charges.values_list("statute", flat=True)) == ["893.13"]
    removed = AuditEvent.objects.get(action="court.charge.remove")
    assert (removed.before or {})["statute"] == "812.014"
    assert removed.subject_public_id == str(second.public_id)


def test_charge_problems_are_refused(world, court, cm):
    case = open_north(world, court)
    refused(
        lambda: services.add_charge(
            actor=cm,
            case=case,
            statute="",
            description="",
            level="",
            disposition_on=dt.date(2026, 9, 1),
        ),
        statute="Give the statute",
        description="Describe the charge",
        level="Choose felony, misdemeanor or infraction",
        disposition_on="before the case was opened",
    )
    charge = services.add_charge(actor=cm, case=case, statute="1", description="x", level="felony")
    refused(
        lambda: services.update_charge(actor=cm, charge=charge, disposition_on=OPENED),
        disposition="Say what the disposition was",
    )
    refused(
        lambda: services.remove_charge(actor=world.user("outsider"), charge=charge),
        case="You do not work",
    )


# --- conditions, progress and compliance ---------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "required", "field", "words"),
    [
        ("hours", "-5", "required", "must be more than zero (this is -5)"),
        ("hours", "0", "required", "must be more than zero"),
        ("dollars", "12.345", "required", "at most 2 decimal places"),
        ("hours", "", "required", "Give the number of hours required"),
        ("", "40", "unit", "Say what the amount 40 counts"),
        ("hours", "forty", "required", "as a number"),
        ("minutes", "40", "unit", "Choose hours, dollars"),
    ],
)
def test_condition_measure_is_checked(world, court, cm, unit, required, field, words):
    case = open_north(world, court)
    refused(lambda: hours(case, cm, unit=unit, required=required), **{field: words})


def test_condition_dates_and_no_contact_and_closed_case(world, court, cm):
    case = open_north(world, court)
    refused(
        lambda: hours(case, cm, ordered_on=dt.date(2026, 9, 1), due_on=dt.date(2026, 8, 1)),
        ordered_on="before the case was opened (8 Sep 2026)",
        due_on="before the order",
    )
    refused(
        lambda: conditions.add_condition(
            actor=cm, case=case, kind="no_contact", description="Stay away", ordered_on=OPENED
        ),
        protected_party="Name who the no-contact order protects",
    )
    services.dispose_case(actor=cm, case=case, disposition="Closed", disposed_on=OPENED)
    refused(lambda: hours(case, cm), case="conditions are added to open cases")


def test_progress_gives_compliance_in_words(world, court, cm):
    case = open_north(world, court)
    condition = hours(case, cm)
    for day, amount in ((dt.date(2026, 9, 20), "12"), (dt.date(2026, 10, 4), "20")):
        conditions.record_progress(actor=cm, condition=condition, on=day, amount=amount)
    today = local_today(world.drug)
    row = standing(with_done(Condition.objects.filter(pk=condition.pk)).get(), today)
    assert row.words == "32 of 40 hours, 80%"
    assert (row.percent, row.remaining_words, row.overdue) == (80, "8 hours to go", False)
    assert AuditEvent.objects.filter(action="court.condition.progress").count() == 2
    fees = hours(case, cm, kind="fees", description="Costs", unit="dollars", required="250")
    conditions.record_progress(actor=cm, condition=fees, on=OPENED, amount="$75.50")
    row = standing(with_done(Condition.objects.filter(pk=fees.pk)).get(), today)
    assert row.words == "$75.50 of $250.00, 30%"


def test_overdue_when_due_date_passed_and_not_met(world, court, cm):
    case = open_north(world, court)
    condition = hours(case, cm, due_on=dt.date(2026, 10, 1))
    today = dt.date(2026, 10, 5)
    row = Standing(condition, Decimal("10"), today)
    assert row.overdue and row.due_words == "Due 1 Oct 2026 · overdue by 4 days"
    assert not Standing(condition, Decimal("40"), today).overdue  # amount reached
    condition.status = "vacated"
    assert not Standing(condition, Decimal("0"), today).overdue
    soon = Standing(condition, Decimal("0"), dt.date(2026, 9, 25))
    assert not soon.overdue


def test_progress_refusals_save_nothing(world, court, cm):
    case = open_north(world, court)
    condition = hours(case, cm)
    refused(
        lambda: conditions.record_progress(actor=cm, condition=condition, on=OPENED, amount="-3"),
        amount="The hours must be more than zero (this is -3)",
    )
    refused(
        lambda: conditions.record_progress(
            actor=cm, condition=condition, on=dt.date(2026, 9, 1), amount="0"
        ),
        amount="more than zero",
        on="before the condition was ordered",
    )
    curfew = conditions.add_condition(
        actor=cm, case=case, kind="curfew", description="Home by 10 pm", ordered_on=OPENED
    )
    refused(
        lambda: conditions.record_progress(actor=cm, condition=curfew, on=OPENED, amount="1"),
        amount="not measured in amounts",
    )
    conditions.set_condition_status(actor=cm, condition=condition, status="vacated")
    refused(
        lambda: conditions.record_progress(actor=cm, condition=condition, on=OPENED, amount="1"),
        condition="vacated",
    )
    refused(
        lambda: conditions.record_progress(
            actor=world.user("outsider"), condition=curfew, on=OPENED, amount="1"
        ),
        case="You do not work",
    )


def test_condition_status_changes_are_audited(world, court, cm):
    case = open_north(world, court)
    condition = hours(case, cm)
    conditions.set_condition_status(
        actor=cm, condition=condition, status="violated", note="Missed two shifts"
    )
    event = AuditEvent.objects.get(action="court.condition.status")
    assert event.before == {"status": "active"}
    assert event.after == {"status": "violated", "note": "Missed two shifts"}
    refused(
        lambda: conditions.set_condition_status(actor=cm, condition=condition, status="violated"),
        status="already “Violated”",
    )
    refused(
        lambda: conditions.set_condition_status(actor=cm, condition=condition, status="done"),
        status="Choose a status",
    )


# --- courts --------------------------------------------------------------------------------------


def test_update_court_is_audited_and_limited_to_directors_and_supervisors(world, court):
    update_court(actor=world.user("supervisor"), court=court, judge="Hon. P. Lee")
    event = AuditEvent.objects.get(action="court.update")
    assert (event.before, event.after) == ({"judge": "Hon. R. Ortiz"}, {"judge": "Hon. P. Lee"})
    create_court(actor=None, program=world.drug, name="Drug Court, Part 4")
    refused(
        lambda: update_court(actor=world.user("director"), court=court, name="drug court, part 4"),
        name="already has a court called",
    )
    with pytest.raises(ValidationError, match="director or supervisor"):
        update_court(actor=world.user("casemanager"), court=court, judge="X")
    with pytest.raises(ValidationError, match="already has a court"):
        create_court(actor=world.user("director"), program=world.drug, name="Drug Court, Part 3")
