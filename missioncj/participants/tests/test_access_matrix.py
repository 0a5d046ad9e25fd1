"""Personas by every participant-scoped page and API route.

The route list is discovered from the URL conf: any pattern that takes a participant
(`public_id` for pages, `participant_id` for the API) must have an entry in ROUTES below, so a
new route cannot slip past the access rules untested (see test_every_participant_route_is_covered).

Expected scope (the product's read choke point, `visible_to`):
team roles see their team's participants, director and supervisor their whole program,
court partners, evaluators and the system administrator see nobody; out of scope is a 404.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from missioncj.accounts.models import ApiToken, User
from missioncj.accounts.services import issue_api_token
from missioncj.assessments.models import Administration, SafetyAlert
from missioncj.care.models import Component, Contact, ContactAddendum, Location, Modality
from missioncj.care.services import log_contact
from missioncj.care.tests import cti_factories as cti_matrix
from missioncj.conftest import World
from missioncj.core.models import AuditEvent
from missioncj.participants.models import (
    Address,
    CollateralContact,
    Episode,
    EpisodeStatus,
    Identifier,
    Participant,
    Phone,
)
from missioncj.participants.services import local_today
from missioncj.programs.models import Program

PERSONAS = [
    "director",
    "supervisor",
    "casemanager",
    "peer",
    "clinician",
    "court",
    "evaluator",
    "admin",
    "outsider",
]
PEOPLE = ("north", "south", "reentry")
SCOPE: dict[str, set[str]] = {
    "director": {"north", "south"},
    "supervisor": {"north", "south"},
    "casemanager": {"north"},
    "peer": {"north"},
    "clinician": {"north"},
    "court": set(),
    "evaluator": set(),
    "admin": set(),
    "outsider": {"reentry"},
}
PARTICIPANT_KWARGS = {"public_id", "participant_id"}
KNOWN_KWARGS = PARTICIPANT_KWARGS | {"episode_id", "contact_id", "administration_id", "alert_id"}


def matrix_modules() -> list[Any]:
    """Every `missioncj/<app>/tests/matrix*.py`: each gives `route_specs()` (dicts for `Route`)
    and may name the extra URL kwargs its routes take in `KWARGS`."""
    root = Path(__file__).resolve().parents[2]
    names = sorted(
        ".".join(path.relative_to(root.parent).with_suffix("").parts)
        for path in root.glob("*/tests/matrix*.py")
    )
    return [import_module(name) for name in names]


KNOWN_KWARGS |= {kwarg for module in matrix_modules() for kwarg in getattr(module, "KWARGS", ())}


def person(world: World, key: str) -> Participant:
    return {
        "north": world.north_person,
        "south": world.south_person,
        "reentry": world.reentry_person,
    }[key]


# --- discovering the routes ---------------------------------------------------------------------


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, set[str]]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, set(entry.pattern.regex.groupindex)


def discovered_routes() -> dict[str, set[str]]:
    """url name → the keyword arguments it takes, for routes about one participant."""
    found: dict[str, set[str]] = {}
    for name, kwargs in _walk(get_resolver().url_patterns):
        if kwargs & PARTICIPANT_KWARGS:
            found[name] = kwargs
    return found


# --- what each route needs and does -------------------------------------------------------------


@dataclass
class Ctx:
    """One persona looking at one participant."""

    world: World
    user: User
    participant: Participant
    episode: Episode
    signed: Contact  # written by the participant's case manager when the world was built
    draft: Contact  # a draft written by the persona itself, so authorship never decides


def _person_post(ctx: Ctx) -> dict[str, Any]:
    p = ctx.participant
    return {
        "first_name": p.first_name,
        "middle_name": p.middle_name,
        "last_name": p.last_name,
        "preferred_name": "Matrix",
        "date_of_birth": p.date_of_birth.isoformat(),
        "sex": p.sex,
        "gender_identity": p.gender_identity,
        "race": p.race,
        "ethnicity": p.ethnicity,
        "veteran_status": p.veteran_status,
        "preferred_language": p.preferred_language,
    }


def _contact_post(ctx: Ctx) -> dict[str, Any]:
    return {
        "episode": ctx.episode.pk,
        "occurred_at": "2026-10-01T10:00",
        "duration_minutes": "20",
        "modality": Modality.PHONE,
        "location": Location.REMOTE,
        "with_whom": "participant",
        "components": ["cti", "peer"],
        "note": "Matrix contact",
    }


def _status_post(ctx: Ctx) -> dict[str, Any]:
    return {
        "status": EpisodeStatus.DISCHARGED,
        "date": local_today(ctx.episode.program).isoformat(),
        "reason": "graduated",
        "note": "matrix",
    }


def _api_contact_post(ctx: Ctx) -> dict[str, Any]:
    return {
        "occurred_at": "2026-10-01T10:00:00-04:00",
        "duration_minutes": 15,
        "modality": "phone",
        "location": "remote",
        "components": ["cti"],
        "note": "Matrix API contact",
    }


def _check_preferred_name(ctx: Ctx, response: Any) -> None:
    ctx.participant.refresh_from_db()
    assert ctx.participant.preferred_name == "Matrix"


def _check_identifier(ctx: Ctx, response: Any) -> None:
    assert ctx.participant.identifiers.filter(value="B-MATRIX").exists()


def _check_phone(ctx: Ctx, response: Any) -> None:
    assert ctx.participant.phones.filter(number="555-0100").exists()


def _check_address(ctx: Ctx, response: Any) -> None:
    assert ctx.participant.addresses.filter(line1="1 Matrix Way", is_current=True).exists()


def _check_collateral(ctx: Ctx, response: Any) -> None:
    assert ctx.participant.collaterals.filter(name="Aunt Matrix").exists()


def _check_refused_second_episode(ctx: Ctx, response: Any) -> None:
    # In scope the request reaches the service, which refuses a second open episode.
    assert "already has an open episode" in response.content.decode()
    assert ctx.participant.episodes.count() == 1


def _check_team_assigned(ctx: Ctx, response: Any) -> None:
    event = AuditEvent.objects.filter(action="episode.assign_team").order_by("-pk").first()
    assert event is not None
    assert event.actor == ctx.user
    assert event.subject_public_id == str(ctx.episode.public_id)


def _check_discharged(ctx: Ctx, response: Any) -> None:
    ctx.episode.refresh_from_db()
    assert ctx.episode.status == EpisodeStatus.DISCHARGED
    assert ctx.episode.discharge_reason == "graduated"


def _check_contact(ctx: Ctx, response: Any) -> None:
    contact = Contact.objects.get(participant=ctx.participant, note="Matrix contact")
    assert contact.author == ctx.user
    assert contact.is_signed


def _check_signed_draft(ctx: Ctx, response: Any) -> None:
    ctx.draft.refresh_from_db()
    assert ctx.draft.is_signed
    assert ctx.draft.note == "Matrix contact"


def _check_addendum(ctx: Ctx, response: Any) -> None:
    assert ContactAddendum.objects.filter(contact=ctx.signed, text="Matrix addendum").exists()


def _check_api_participant(ctx: Ctx, response: Any) -> None:
    assert response.json()["id"] == str(ctx.participant.public_id)


def _check_api_contacts(ctx: Ctx, response: Any) -> None:
    ids = {item["id"] for item in response.json()["items"]}
    assert str(ctx.signed.public_id) in ids


def _check_api_contact_created(ctx: Ctx, response: Any) -> None:
    body = response.json()
    assert body["note"] == "Matrix API contact"
    assert body["author"] == ctx.user.username
    assert Contact.objects.filter(participant=ctx.participant, note="Matrix API contact").exists()


@dataclass(frozen=True)
class Route:
    name: str
    api: bool = False
    get: Callable[[Ctx, Any], None] | None = None  # GET allowed: check on a 200
    post: Callable[[Ctx], dict[str, Any]] | None = None  # valid POST data
    post_status: int = 302
    post_method: str = "post"  # an API write's HTTP method ("put" replaces a row)
    post_check: Callable[[Ctx, Any], None] | None = None
    contact: str = ""  # "signed" or "draft": which contact fills contact_id
    url_args: Callable[[Ctx], dict[str, Any]] | None = None  # other URL arguments (rows needed)
    scope: dict[str, set[str]] | None = (
        None  # replaces SCOPE (court-partner routes, clinicians only)
    )


def _makeup_post(ctx: Ctx) -> dict[str, Any]:
    curriculum = ctx.episode.program.curricula.get(kind="drt")
    return {
        "curriculum": str(curriculum.public_id),
        "session_number": "4",
        "occurred_at": "2026-10-01T10:00",
        "duration_minutes": "30",
        "location": "Office",
        "facilitators": [ctx.user.username],
        "note": "Matrix make-up",
    }


def _check_makeup(ctx: Ctx, response: Any) -> None:
    from missioncj.care.models import Attendance

    row = Attendance.objects.select_related("group_session").get(
        participant=ctx.participant, note="Matrix make-up"
    )
    assert (row.status, row.group_session.session_number) == ("makeup", 4)
    assert row.group_session.is_individual_makeup
    assert row.group_session.recorded_by == ctx.user


def _check_api_attendance(ctx: Ctx, response: Any) -> None:
    assert response.json()["count"] == ctx.participant.attendance.count()
    event = AuditEvent.objects.filter(action="api.attendance.list").order_by("-pk").first()
    assert event is not None and event.actor == ctx.user
    assert event.participant_public_id == ctx.participant.public_id


def _page_ok(ctx: Ctx, response: Any) -> None:
    assert ctx.participant.display_name in response.content.decode()


ROUTES = {
    r.name: r
    for r in [
        Route("participants:detail", get=_page_ok),
        Route(
            "participants:edit",
            get=_page_ok,
            post=_person_post,
            post_check=_check_preferred_name,
        ),
        Route(
            "participants:add_identifier",
            get=_page_ok,
            post=lambda ctx: {"kind": "booking", "value": "B-MATRIX", "issuer": ""},
            post_check=_check_identifier,
        ),
        Route(
            "participants:add_phone",
            get=_page_ok,
            post=lambda ctx: {"number": "555-0100", "label": "mobile"},
            post_check=_check_phone,
        ),
        Route(
            "participants:add_address",
            get=_page_ok,
            post=lambda ctx: {"line1": "1 Matrix Way", "city": "Springfield", "state": "IL"},
            post_check=_check_address,
        ),
        Route(
            "participants:add_collateral",
            get=_page_ok,
            post=lambda ctx: {"name": "Aunt Matrix", "relationship": "aunt"},
            post_check=_check_collateral,
        ),
        Route(
            "participants:new_episode",
            get=_page_ok,
            post=lambda ctx: {
                "team": ctx.episode.team_id,
                "referral_date": "2026-10-01",
                "referral_source": "matrix",
            },
            post_status=200,
            post_check=_check_refused_second_episode,
        ),
        Route(
            "participants:assign_team",
            get=_page_ok,
            post=lambda ctx: {"team": ctx.episode.team_id},
            post_check=_check_team_assigned,
        ),
        Route(
            "participants:change_status",
            post=_status_post,
            post_check=_check_discharged,
        ),
        Route(
            "care:log_contact",
            get=_page_ok,
            post=_contact_post,
            post_check=_check_contact,
        ),
        Route(
            "care:edit_draft",
            get=_page_ok,
            post=_contact_post,
            post_check=_check_signed_draft,
            contact="draft",
        ),
        Route(
            "care:add_addendum",
            post=lambda ctx: {"text": "Matrix addendum"},
            post_check=_check_addendum,
            contact="signed",
        ),
        Route(
            "care:cti_move",
            get=_page_ok,
            post=cti_matrix.matrix_move_post,
            post_check=cti_matrix.matrix_check_move,
        ),
        Route("api:participant_dose", api=True, get=cti_matrix.matrix_check_dose),
        Route("api:participant_cti", api=True, get=cti_matrix.matrix_check_cti),
        Route(
            "api:move_cti",
            api=True,
            post=cti_matrix.matrix_api_move_post,
            post_status=201,
            post_check=cti_matrix.matrix_check_api_move,
        ),
        Route("api:get_participant", api=True, get=_check_api_participant),
        Route("api:list_contacts", api=True, get=_check_api_contacts),
        Route(
            "care:makeup_new",
            get=_page_ok,
            post=_makeup_post,
            post_check=_check_makeup,
        ),
        Route("api:participant_attendance", api=True, get=_check_api_attendance),
        Route(
            "api:create_contact",
            api=True,
            post=_api_contact_post,
            post_status=201,
            post_check=_check_api_contact_created,
        ),
        *[Route(**spec) for module in matrix_modules() for spec in module.route_specs()],
    ]
}


def test_every_participant_route_is_covered():
    discovered = discovered_routes()
    assert set(discovered) == set(ROUTES), (
        "A route about one participant was added or removed: give it an entry in ROUTES so "
        "every persona is checked against it."
    )
    for name, kwargs in discovered.items():
        assert kwargs <= KNOWN_KWARGS, f"{name} takes {kwargs - KNOWN_KWARGS}: teach url_for"
        if ROUTES[name].contact:
            assert "contact_id" in kwargs


def test_discovery_sees_page_and_api_routes():
    # Guard the guard: the walk must find routes from both URL trees, with their arguments.
    discovered = discovered_routes()
    assert discovered["participants:change_status"] == {"public_id", "episode_id"}
    assert discovered["care:add_addendum"] == {"public_id", "contact_id"}
    assert discovered["api:list_contacts"] == {"participant_id"}
    assert "participants:search" not in discovered


# --- helpers ------------------------------------------------------------------------------------


def make_ctx(world: World, username: str, key: str) -> Ctx:
    participant = person(world, key)
    episode = participant.episodes.select_related("program").get()
    user = world.user(username)
    signed = Contact.objects.get(participant=participant, signed_at__isnull=False)
    # Only someone who works with the participant can write a draft; out of scope, the draft
    # is their team's, so the route must still 404 for this persona.
    in_scope = Participant.objects.visible_to(user).filter(pk=participant.pk).exists()
    draft = log_contact(
        actor=user if in_scope else signed.author,
        episode=episode,
        occurred_at=dt.datetime(2026, 9, 20, 15, 0, tzinfo=dt.UTC),
        duration_minutes=10,
        modality=Modality.IN_PERSON,
        location=Location.OFFICE,
        components=int(Component.PEER),
        note=f"Draft by {username}",
        sign=False,
    )
    return Ctx(world, user, participant, episode, signed, draft)


def url_for(route: Route, ctx: Ctx) -> str:
    kwargs = discovered_routes()[route.name]
    values: dict[str, Any] = {}
    if "public_id" in kwargs:
        values["public_id"] = ctx.participant.public_id
    if "participant_id" in kwargs:
        values["participant_id"] = ctx.participant.public_id
    if "episode_id" in kwargs:
        values["episode_id"] = ctx.episode.public_id
    if "contact_id" in kwargs:
        values["contact_id"] = (ctx.draft if route.contact == "draft" else ctx.signed).public_id
    if route.url_args is not None:
        values.update(route.url_args(ctx))
    return reverse(route.name, kwargs=values)


def db_state() -> dict[str, Any]:
    """Everything a request about a participant could change, including the audit trail."""
    return {
        "audit": AuditEvent.objects.count(),
        "participants": list(
            Participant.objects.order_by("pk").values_list("pk", "preferred_name", "updated_at")
        ),
        "episodes": list(
            Episode.objects.order_by("pk").values_list(
                "pk", "status", "team_id", "closed_date", "updated_at"
            )
        ),
        "contacts": list(
            Contact.objects.order_by("pk").values_list("pk", "note", "signed_at", "updated_at")
        ),
        "addenda": ContactAddendum.objects.count(),
        "identifiers": Identifier.objects.count(),
        "phones": Phone.objects.count(),
        "addresses": Address.objects.count(),
        "collaterals": CollateralContact.objects.count(),
        "administrations": list(
            Administration.objects.order_by("pk").values_list("pk", "status", "updated_at")
        ),
        "safety_alerts": list(
            SafetyAlert.objects.order_by("pk").values_list("pk", "acknowledged_at")
        ),
    }


def api_client(user: User) -> Client:
    token = issue_api_token(actor=None, user=user)
    return Client(headers={"Authorization": f"Bearer {token}"})


def send(client: Client, route: Route, method: str, url: str, data: dict[str, Any] | None) -> Any:
    if method == "get":
        return client.get(url)
    if route.api:
        write = getattr(client, route.post_method)
        return write(url, data=json.dumps(data), content_type="application/json")
    return client.post(url, data=data)


# --- the matrix ---------------------------------------------------------------------------------


@pytest.mark.parametrize("route_name", sorted(ROUTES))
@pytest.mark.parametrize("username", PERSONAS)
def test_persona_route_matrix(world, login, username, route_name):
    route = ROUTES[route_name]
    user = world.user(username)
    client = api_client(user) if route.api else login(username)
    for key in PEOPLE:
        ctx = make_ctx(world, username, key)
        url = url_for(route, ctx)
        in_scope = key in (SCOPE if route.scope is None else route.scope).get(username, set())
        where = f"{username} → {route.name} for {key}"
        for method in ("get", "post"):
            if method == "get" and route.get is None:
                continue
            if method == "post" and route.post is None:
                continue
            data = route.post(ctx) if method == "post" and route.post else None
            before = db_state()
            response = send(client, route, method, url, data)
            if not in_scope:
                assert response.status_code == 404, where
                assert db_state() == before, f"{where}: out of scope {method} changed something"
                continue
            if method == "get":
                assert response.status_code == 200, where
                assert route.get is not None
                route.get(ctx, response)
            else:
                assert response.status_code == route.post_status, (
                    f"{where}: {response.content[:400]!r}"
                )
                assert route.post_check is not None
                route.post_check(ctx, response)


@pytest.mark.parametrize("username", PERSONAS)
def test_api_list_returns_exactly_the_scope(world, username):
    client = api_client(world.user(username))
    response = client.get("/api/v1/participants")
    assert response.status_code == 200
    body = response.json()
    expected = {str(person(world, key).public_id) for key in SCOPE[username]}
    assert body["count"] == len(expected)
    assert {item["id"] for item in body["items"]} == expected
    # Only the episodes the caller may see are listed with each person.
    for item in body["items"]:
        for episode in item["episodes"]:
            assert (
                Episode.objects.visible_to(world.user(username))
                .filter(public_id=episode["id"])
                .exists()
            )


@pytest.mark.parametrize("username", PERSONAS)
def test_api_list_search_does_not_leak(world, username):
    client = api_client(world.user(username))
    for key in PEOPLE:
        response = client.get("/api/v1/participants", {"q": person(world, key).last_name})
        assert response.status_code == 200
        expected = 1 if key in SCOPE[username] else 0
        assert response.json()["count"] == expected, f"{username} searching {key}"
        assert len(response.json()["items"]) == expected


@pytest.mark.parametrize("username", PERSONAS)
def test_search_page_does_not_leak(world, login, username):
    client = login(username)
    for key in PEOPLE:
        target = person(world, key)
        before = AuditEvent.objects.filter(action="participant.search").count()
        response = client.get(reverse("participants:search"), {"q": target.last_name})
        assert response.status_code == 200
        html = response.content.decode()
        link = reverse("participants:detail", kwargs={"public_id": target.public_id})
        if key in SCOPE[username]:
            assert "1 found" in html
            assert link in html
        else:
            assert 'class="count"' not in html
            assert link not in html
            assert "No one in your caseload matches" in html
        event = AuditEvent.objects.filter(action="participant.search").order_by("-pk").first()
        assert AuditEvent.objects.filter(action="participant.search").count() == before + 1
        assert event is not None and event.after is not None
        shown = set(event.after["shown"])
        assert shown == ({str(target.public_id)} if key in SCOPE[username] else set())


def test_search_south_casemanager_finds_nothing_supervisor_finds_one(world, login):
    response = login("casemanager").get(reverse("participants:search"), {"q": "South"})
    html = response.content.decode()
    assert "No one in your caseload matches" in html
    assert "Test South" not in html
    response = login("supervisor").get(reverse("participants:search"), {"q": "South"})
    html = response.content.decode()
    assert "1 found" in html
    assert "Test South" in html
    # The identifier prefix every test docket shares finds only the caller's own people.
    response = login("casemanager").get(reverse("participants:search"), {"q": "26CR"})
    html = response.content.decode()
    assert "1 found" in html
    assert "Test North" in html
    assert "Test South" not in html
    assert "Test Reentry" not in html


def test_htmx_search_partial_does_not_leak(world, login):
    client = login("casemanager")
    response = client.get(
        reverse("participants:search"), {"q": "Test"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 found" in html
    assert "Test North" in html
    assert "Test South" not in html
    assert "Test Reentry" not in html
    assert "<html" not in html  # the partial only


@pytest.mark.parametrize("username", PERSONAS)
def test_caseload_lists_only_the_scope(world, login, username):
    response = login(username).get(reverse("care:caseload"), follow=True)
    assert response.status_code == 200
    if username == "court":  # a court partner is sent to their consent-filtered pages
        assert response.redirect_chain == [(reverse("privacy:partner_home"), 302)]
    html = response.content.decode()
    for key in PEOPLE:
        link = reverse("participants:detail", kwargs={"public_id": person(world, key).public_id})
        assert (link in html) == (key in SCOPE[username]), f"{username} caseload and {key}"


def test_detail_read_is_audited_only_when_shown(world, login):
    client = login("casemanager")
    client.get(reverse("participants:detail", kwargs={"public_id": world.north_person.public_id}))
    client.get(reverse("participants:detail", kwargs={"public_id": world.south_person.public_id}))
    reads = AuditEvent.objects.filter(action="participant.read")
    assert [e.participant_public_id for e in reads] == [world.north_person.public_id]
    assert reads.get().actor == world.user("casemanager")


def test_unknown_participant_is_404_like_out_of_scope(world, login):
    import uuid

    missing = uuid.uuid4()
    client = login("director")
    assert client.get(f"/participants/{missing}/").status_code == 404
    api = api_client(world.user("director"))
    assert api.get(f"/api/v1/participants/{missing}").status_code == 404
    assert api.get(f"/api/v1/participants/{missing}/contacts").status_code == 404


# --- episodes in another program: a participant visible through one episode only --------------


def test_second_program_episode_stays_out_of_sight(world, login):
    """North (drug court, Team North) is also referred to re-entry by the outsider.

    Each side now sees the participant, but only the episode and contacts of its own program.
    """
    from missioncj.participants.services import open_episode

    outsider = world.user("outsider")
    reentry_episode = open_episode(
        actor=outsider,
        participant=world.north_person,
        program=world.reentry,
        team=world.reentry_team,
        referral_date=dt.date(2026, 10, 1),
    )
    reentry_note = log_contact(
        actor=outsider,
        episode=reentry_episode,
        occurred_at=dt.datetime(2026, 10, 2, 15, 0, tzinfo=dt.UTC),
        duration_minutes=15,
        modality=Modality.IN_PERSON,
        location=Location.JAIL,
        components=int(Component.LINKAGE),
        note="Re-entry only note",
    )
    drug_episode = world.north_person.episodes.get(program=world.drug)
    detail = reverse("participants:detail", kwargs={"public_id": world.north_person.public_id})

    html = login("casemanager").get(detail).content.decode()
    assert "Re-entry only note" not in html
    assert "First meeting with North" in html
    html = login("outsider").get(detail).content.decode()
    assert "Re-entry only note" in html
    assert "First meeting with North" not in html

    # The other program's episode cannot be moved and its contacts cannot be touched.
    cm = login("casemanager")
    status_url = reverse(
        "participants:change_status",
        kwargs={"public_id": world.north_person.public_id, "episode_id": reentry_episode.public_id},
    )
    response = cm.post(status_url, {"status": "not_enrolled", "date": "2026-10-03"})
    assert response.status_code == 404
    reentry_episode.refresh_from_db()
    assert reentry_episode.status == EpisodeStatus.REFERRED
    addendum_url = reverse(
        "care:add_addendum",
        kwargs={"public_id": world.north_person.public_id, "contact_id": reentry_note.public_id},
    )
    assert cm.post(addendum_url, {"text": "not mine"}).status_code == 404
    assert not reentry_note.addenda.exists()

    api = api_client(world.user("casemanager"))
    body = api.get(f"/api/v1/participants/{world.north_person.public_id}").json()
    assert [e["id"] for e in body["episodes"]] == [str(drug_episode.public_id)]
    contacts = api.get(f"/api/v1/participants/{world.north_person.public_id}/contacts").json()
    assert "Re-entry only note" not in {c["note"] for c in contacts["items"]}
    # Naming the other program's episode explicitly does not let a contact in.
    response = api.post(
        f"/api/v1/participants/{world.north_person.public_id}/contacts",
        data=json.dumps({**_api_contact_post_plain(), "episode": str(reentry_episode.public_id)}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not reentry_episode.contacts.exclude(pk=reentry_note.pk).exists()


def _api_contact_post_plain() -> dict[str, Any]:
    return {
        "occurred_at": "2026-10-05T10:00:00-04:00",
        "duration_minutes": 15,
        "modality": "phone",
        "location": "remote",
        "components": ["cti"],
    }


# --- not signed in, bad tokens, wrong methods ---------------------------------------------------


def test_unauthenticated_pages_redirect_to_login(world):
    client = Client()
    login_url = reverse("account_login")
    for route in ROUTES.values():
        if route.api:
            continue
        ctx = make_ctx(world, "casemanager", "north")
        url = url_for(route, ctx)
        before = db_state()
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, f"{method} {route.name}"
            assert response["Location"].startswith(login_url), route.name
            assert "next=" in response["Location"]
        assert db_state() == before
    for name in ("participants:search", "participants:create", "care:caseload"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(login_url)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer mcj_not-a-real-token"},
        {"Authorization": "Bearer "},
        {"Authorization": "Token whatever"},
        {"Authorization": "Basic Y2FzZW1hbmFnZXI6cGFzc3dvcmQ="},
    ],
    ids=["none", "unknown", "empty", "wrong-scheme", "basic"],
)
def test_api_without_a_valid_token_is_401(world, headers):
    client = Client(headers=headers)
    ctx = make_ctx(world, "director", "north")
    # url_for makes the rows some routes work on, so before the snapshot.
    api_routes = [(route, url_for(route, ctx)) for route in ROUTES.values() if route.api]
    before = db_state()
    assert client.get("/api/v1/participants").status_code == 401
    assert (
        client.post("/api/v1/participants", "{}", content_type="application/json").status_code
        == 401
    )
    for route, url in api_routes:
        method = "get" if route.get else "post"
        response = send(client, route, method, url, route.post(ctx) if route.post else None)
        assert response.status_code == 401, route.name
    assert db_state() == before


def test_api_ignores_a_signed_in_browser_session(world, login):
    # The API authenticates by bearer token only; a session cookie is not enough.
    client = login("director")
    assert client.get("/api/v1/participants").status_code == 401


def test_revoked_token_and_inactive_user_are_401(world):
    from django.utils import timezone

    user = world.user("casemanager")
    token = issue_api_token(actor=None, user=user)
    client = Client(headers={"Authorization": f"Bearer {token}"})
    assert client.get("/api/v1/participants").status_code == 200
    ApiToken.objects.filter(user=user).update(revoked_at=timezone.now())
    assert client.get("/api/v1/participants").status_code == 401

    other = world.user("supervisor")
    token = issue_api_token(actor=None, user=other)
    client = Client(headers={"Authorization": f"Bearer {token}"})
    assert client.get("/api/v1/participants").status_code == 200
    User.objects.filter(pk=other.pk).update(is_active=False)
    assert client.get("/api/v1/participants").status_code == 401


@pytest.mark.parametrize("username", ["casemanager", "court"])
def test_post_only_routes_answer_get_the_same_in_and_out_of_scope(world, login, username):
    """GET on a POST-only route is a 405 whoever asks, so it tells nothing about who exists."""
    client = login(username)
    for route in ROUTES.values():
        if route.api or route.get is not None:
            continue
        codes = set()
        for key in PEOPLE:
            ctx = make_ctx(world, username, key)
            codes.add(client.get(url_for(route, ctx)).status_code)
        assert codes == {405}, route.name


# --- pages about a whole program ----------------------------------------------------------------
# Routes taking `program_id` show program-wide figures, so only those who oversee the whole
# program (director, supervisor) reach them; team staff, who see one team's caseload, get a 404
# like everyone outside the program.

PROGRAM_SCOPE: dict[str, set[str]] = {"director": {"drug"}, "supervisor": {"drug"}}


@dataclass
class ProgramCtx:
    world: World
    user: User
    program: Program


def _program_settings_shown(ctx: ProgramCtx, response: Any) -> None:
    assert ctx.program.name in response.content.decode()


@dataclass
class ProgramRoute:
    """A route about a whole program: `get` checks a 200 page; `url_args(ctx)` gives any kwargs
    beside program_id (made for ctx.program); `scope` overrides PROGRAM_SCOPE for pages that
    also show team staff their own team's people."""

    name: str
    get: Callable[[ProgramCtx, Any], None] | None  # None: POST only (a GET is 405 for all)
    url_args: Callable[[ProgramCtx], dict[str, Any]] | None = None
    scope: dict[str, set[str]] | None = None
    api: bool = False  # under /api/v1/, with a bearer token


PROGRAM_ROUTES: dict[str, ProgramRoute] = {
    route.name: route
    for route in [
        ProgramRoute("programs:settings", _program_settings_shown),
        *[
            ProgramRoute(**spec)
            for module in matrix_modules()
            for spec in getattr(module, "program_route_specs", list)()
        ],
    ]
}


def discovered_program_routes() -> dict[str, set[str]]:
    return {
        name: kwargs
        for name, kwargs in _walk(get_resolver().url_patterns)
        if "program_id" in kwargs and not kwargs & PARTICIPANT_KWARGS
    }


def program_url(route: ProgramRoute, ctx: ProgramCtx) -> str:
    extra = route.url_args(ctx) if route.url_args else {}
    return reverse(route.name, kwargs={"program_id": ctx.program.public_id, **extra})


def test_every_program_route_is_covered():
    discovered = discovered_program_routes()
    assert set(discovered) == set(PROGRAM_ROUTES), "give the program route an entry"


@pytest.mark.parametrize("route_name", sorted(PROGRAM_ROUTES))
@pytest.mark.parametrize("username", PERSONAS)
def test_persona_program_route_matrix(world, login, username, route_name):
    route = PROGRAM_ROUTES[route_name]
    if route.api:
        token = issue_api_token(actor=None, user=world.user(username))
        client = Client(headers={"Authorization": f"Bearer {token}"})
    else:
        client = login(username)
    for key in ("drug", "reentry"):
        ctx = ProgramCtx(world, world.user(username), getattr(world, key))
        url = program_url(route, ctx)
        before = db_state()
        response = client.get(url)
        where = f"{username} → {route_name} for {key}"
        if route.get is None:
            assert response.status_code == 405, where
            continue
        if key not in (route.scope or PROGRAM_SCOPE).get(username, set()):
            assert response.status_code == 404, where
            assert db_state() == before, where
            continue
        assert response.status_code == 200, where
        route.get(ctx, response)


def test_program_routes_need_sign_in(world):
    for route in PROGRAM_ROUTES.values():
        ctx = ProgramCtx(world, world.user("director"), world.drug)
        response = Client().get(program_url(route, ctx))
        if route.api:
            assert response.status_code == 401
            continue
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
