"""Curricula: the defaults every program gets, editing as versions, who may edit, the pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from missioncj.accounts.models import Role
from missioncj.accounts.services import create_user, grant_role
from missioncj.care.curricula_seed import SEED, seed_curricula
from missioncj.care.models import Curriculum, CurriculumRevision, CurriculumSession
from missioncj.care.services.curricula import _clean_sessions, current_sessions, revise_curriculum
from missioncj.core.models import AuditEvent
from missioncj.programs.models import CourtType, Organization, Program
from missioncj.programs.services import create_organization, create_program

EXPECTED = {"drt": 13, "peer": 11, "prosocial": 10}


def curriculum_of(program: Program, kind: str = "drt") -> Curriculum:
    return Curriculum.objects.get(program=program, kind=kind)


def curricula_state() -> dict[str, Any]:
    return {
        "audit": AuditEvent.objects.count(),
        "curricula": list(Curriculum.objects.order_by("pk").values_list("pk", "version")),
        "sessions": list(
            CurriculumSession.objects.order_by("pk").values_list(
                "pk", "curriculum_id", "number", "title", "guide"
            )
        ),
        "revisions": CurriculumRevision.objects.count(),
    }


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", text))


def edited(curriculum: Curriculum, **titles: str) -> list[dict[str, Any]]:
    """The current sessions with some titles changed: edited(c, s4="New title")."""
    rows = current_sessions(curriculum)
    for row in rows:
        key = f"s{row['number']}"
        if key in titles:
            row["title"] = titles[key]
    return rows


# --- seeding ------------------------------------------------------------------------------------


def test_every_program_starts_with_three_curricula_of_13_11_10_sessions(world):
    for program in (world.drug, world.reentry):
        counts = {c.kind: c.sessions.count() for c in Curriculum.objects.filter(program=program)}
        assert counts == EXPECTED
        for curriculum in program.curricula.all():
            assert curriculum.version == 1
            numbers = list(curriculum.sessions.values_list("number", flat=True))
            assert numbers == list(range(1, EXPECTED[curriculum.kind] + 1))
            revision = curriculum.revisions.get()
            assert revision.version == 1
            assert revision.sessions == current_sessions(curriculum)
            for session in curriculum.sessions.all():
                assert session.title
                assert 3 <= sentences(session.guide) <= 5, (curriculum.kind, session.number)
                assert "Take-home practice" in session.guide
    events = AuditEvent.objects.filter(action="curriculum.seed")
    assert events.count() == 6
    assert {e.subject_public_id for e in events} == {
        str(c.public_id) for c in Curriculum.objects.all()
    }


def test_program_created_later_gets_its_curricula_through_the_hook(world):
    org = Organization.objects.get(name="Test County")
    program = create_program(
        actor=None,
        organization=org,
        name="Veterans Court",
        court_type=CourtType.VETERANS,
        time_zone="America/Denver",
    )
    counts = {c.kind: c.sessions.count() for c in program.curricula.all()}
    assert counts == EXPECTED
    # Running the seed again adds nothing.
    before = curricula_state()
    assert seed_curricula(actor=None, program=program) == []
    assert curricula_state() == before


def test_a_failing_hook_leaves_no_program_behind(world):
    from missioncj.programs import hooks

    def broken(**_: Any) -> None:
        raise ValidationError({"name": "hook refused"})

    hooks.register(broken)
    try:
        with pytest.raises(ValidationError):
            create_program(
                actor=None,
                organization=create_organization(actor=None, name="Other County"),
                name="Doomed",
                court_type=CourtType.ADULT_DRUG,
            )
    finally:
        hooks.program_created.remove(broken)
    assert not Program.objects.filter(name="Doomed").exists()
    assert not Curriculum.objects.filter(program__name="Doomed").exists()


# --- revising -----------------------------------------------------------------------------------


def test_revision_bumps_the_version_and_keeps_history(world):
    drt = curriculum_of(world.drug)
    old_title = drt.sessions.get(number=4).title
    sessions = edited(drt, s4="Cravings: riding the wave together")
    sessions.append({"number": 14, "title": "Graduation review", "guide": "Look back."})
    revise_curriculum(
        actor=world.user("casemanager"), curriculum=drt, sessions=sessions, note="Local wording"
    )
    drt.refresh_from_db()
    assert drt.version == 2
    assert drt.sessions.get(number=4).title == "Cravings: riding the wave together"
    assert drt.sessions.count() == 14
    v1, v2 = drt.revisions.get(version=1), drt.revisions.get(version=2)
    assert len(v1.sessions) == 13 and v1.sessions[3]["title"] == old_title
    assert len(v2.sessions) == 14 and v2.sessions[3]["title"].startswith("Cravings: riding")
    assert v2.edited_by == world.user("casemanager") and v2.note == "Local wording"
    event = AuditEvent.objects.filter(action="curriculum.revise").get()
    assert event.before is not None and event.after is not None
    assert event.before["version"] == 1 and event.after["version"] == 2
    assert [s["number"] for s in event.after["sessions"]] == [4, 14]
    assert event.before["sessions"][0]["title"] == old_title

    revise_curriculum(
        actor=world.user("peer"), curriculum=drt, sessions=edited(drt, s1="Welcome"), note=""
    )
    drt.refresh_from_db()
    assert drt.version == 3
    assert list(drt.revisions.values_list("version", flat=True)) == [3, 2, 1]
    # The other program's curriculum is untouched.
    assert curriculum_of(world.reentry).version == 1


@pytest.mark.parametrize(
    "username", ["director", "supervisor", "casemanager", "peer", "clinician", "cm.south"]
)
def test_every_staff_role_of_the_program_may_edit(world, username):
    drt = curriculum_of(world.drug)
    revise_curriculum(
        actor=world.user(username), curriculum=drt, sessions=edited(drt, s2="Why change?")
    )
    drt.refresh_from_db()
    assert drt.version == 2
    assert drt.revisions.get(version=2).edited_by == world.user(username)


def _renumbered(c: Curriculum) -> list[dict[str, Any]]:
    rows = current_sessions(c)
    rows[-1]["number"] = 14  # 13 becomes 14
    return rows


def _removed(c: Curriculum) -> list[dict[str, Any]]:
    return current_sessions(c)[:-1]


def _duplicated(c: Curriculum) -> list[dict[str, Any]]:
    rows = current_sessions(c)
    return [*rows, dict(rows[0])]


def _gap(c: Curriculum) -> list[dict[str, Any]]:
    return [*current_sessions(c), {"number": 15, "title": "Skips 14", "guide": ""}]


def _blank(c: Curriculum) -> list[dict[str, Any]]:
    return edited(c, s3="   ")


@pytest.mark.parametrize(
    ("username", "sessions", "message"),
    [
        ("casemanager", _renumbered, "cannot be removed"),
        ("casemanager", _removed, "Session 13 cannot be removed"),
        ("casemanager", _duplicated, "Session 1 appears twice"),
        ("casemanager", _gap, "the next is session 14"),
        ("casemanager", _blank, "Session 3: give it a title"),
        ("casemanager", current_sessions, "Nothing was changed"),
        ("court", lambda c: edited(c, s1="Court edit"), "Only staff of this program"),
        ("evaluator", lambda c: edited(c, s1="Evaluator edit"), "Only staff of this program"),
        ("outsider", lambda c: edited(c, s1="Other program"), "Only staff of this program"),
        ("admin", lambda c: edited(c, s1="Admin edit"), "Only staff of this program"),
    ],
)
def test_refused_edits_change_nothing(world, username, sessions, message):
    drt = curriculum_of(world.drug)
    before = curricula_state()
    with pytest.raises(ValidationError) as caught:
        revise_curriculum(actor=world.user(username), curriculum=drt, sessions=sessions(drt))
    assert message in " ".join(caught.value.messages)
    assert curricula_state() == before


@given(
    numbers=st.lists(st.integers(min_value=1, max_value=8), max_size=10),
)
def test_numbers_are_accepted_exactly_when_stable(numbers):
    """Stored sessions 1..5: accepted iff every stored number is kept once and any new ones
    continue 6, 7, … without a gap."""
    stored: dict[int, Any] = {n: object() for n in range(1, 6)}
    submitted = [{"number": n, "title": f"T{n}", "guide": ""} for n in numbers]
    unique = len(set(numbers)) == len(numbers)
    added = sorted(set(numbers) - set(stored))
    ok = unique and set(stored) <= set(numbers) and added == list(range(6, 6 + len(added)))
    try:
        cleaned = _clean_sessions(submitted, stored)
    except ValidationError:
        assert not ok
    else:
        assert ok
        assert [s["number"] for s in cleaned] == sorted(numbers)


# --- pages --------------------------------------------------------------------------------------


def test_curriculum_pages_show_the_users_programs_only(world, login):
    client = login("casemanager")
    html = client.get(reverse("care:curriculum_list")).content.decode()
    for c in Curriculum.objects.filter(program=world.drug):
        assert reverse("care:curriculum_detail", args=[c.public_id]) in html
    for c in Curriculum.objects.filter(program=world.reentry):
        assert reverse("care:curriculum_detail", args=[c.public_id]) not in html
    drt = curriculum_of(world.drug)
    page = client.get(reverse("care:curriculum_detail", args=[drt.public_id])).content.decode()
    session = drt.sessions.get(number=4)
    assert f"4. {session.title}" in page
    assert session.guide.split(".")[0] in page
    assert reverse("care:curriculum_edit", args=[drt.public_id]) in page
    other = curriculum_of(world.reentry)
    for name in ("curriculum_detail", "curriculum_edit", "curriculum_history"):
        assert client.get(reverse(f"care:{name}", args=[other.public_id])).status_code == 404


def _edit_post(curriculum: Curriculum, **changes: str) -> dict[str, str]:
    data: dict[str, str] = {}
    for s in curriculum.sessions.all():
        data[f"title_{s.number}"] = s.title
        data[f"guide_{s.number}"] = s.guide
    data.update(changes)
    return data


def test_edit_page_saves_a_version_and_history_shows_who_when_why(world, login):
    drt = curriculum_of(world.drug)
    client = login("peer")
    url = reverse("care:curriculum_edit", args=[drt.public_id])
    assert "Session 4: title" in client.get(url).content.decode()
    response = client.post(
        url,
        _edit_post(
            drt,
            title_4="Urges pass",
            new_title="Alumni night",
            new_guide="Invite graduates.",
            note="Team wording",
        ),
    )
    assert response.status_code == 302
    drt.refresh_from_db()
    assert drt.version == 2 and drt.sessions.count() == 14
    history = client.get(reverse("care:curriculum_history", args=[drt.public_id]))
    html = history.content.decode()
    assert "Version 2 (current)" in html and "Version 1" in html
    assert "Team wording" in html and "Pat Peer" in html
    assert "Changed: sessions 4, 14" in html


def test_edit_page_refuses_blank_title_and_court_partner(world, login):
    drt = curriculum_of(world.drug)
    url = reverse("care:curriculum_edit", args=[drt.public_id])
    staff, court = login("casemanager"), login("court")  # sign-ins are audited: before counting
    before = curricula_state()
    response = staff.post(url, _edit_post(drt, title_2=""))
    assert response.status_code == 422
    assert "This field is required" in response.content.decode()
    response = staff.post(url, _edit_post(drt, new_guide="no title"))
    assert response.status_code == 422
    assert "Give the new session a title" in response.content.decode()
    response = staff.post(url, _edit_post(drt))
    assert response.status_code == 422
    assert "Nothing was changed" in response.content.decode()
    page = court.get(reverse("care:curriculum_detail", args=[drt.public_id])).content.decode()
    assert url not in page  # no edit link, but the curriculum is readable
    response = court.post(url, _edit_post(drt, title_1="Court wording"), follow=True)
    assert "Only staff of this program can edit its curricula." in response.content.decode()
    assert curricula_state() == before


def test_seed_data_covers_each_kind_once():
    assert set(SEED) == set(EXPECTED)
    assert {kind: len(sessions) for kind, (_, sessions) in SEED.items()} == EXPECTED


def test_a_second_program_role_does_not_widen_editing(world):
    """A court partner of the drug court who is staff in re-entry edits re-entry only."""
    user = create_user(actor=None, username="dual", password="x" * 12, display_name="Dual")
    grant_role(actor=None, user=user, program=world.drug, role=Role.COURT_PARTNER)
    grant_role(
        actor=None, user=user, program=world.reentry, role=Role.PEER, team=world.reentry_team
    )
    reentry = curriculum_of(world.reentry)
    revise_curriculum(actor=user, curriculum=reentry, sessions=edited(reentry, s1="Hello"))
    drt = curriculum_of(world.drug)
    with pytest.raises(ValidationError):
        revise_curriculum(actor=user, curriculum=drt, sessions=edited(drt, s1="Hello"))
    drt.refresh_from_db()
    reentry.refresh_from_db()
    assert (drt.version, reentry.version) == (1, 2)
