"""Every GET page and API route of the URL conf, with who looks at it and the URL to ask.

Routes are discovered, not listed: a route about one participant or one program takes its
persona and arguments from the access matrix (participants/tests/test_access_matrix.py, which
demands an entry for each), every other route from `OTHER_ARGS` below, or, taking no argument
at all, is asked as `DEFAULT_PERSONA`; `OVERRIDES` names someone else where that persona is
not the one who uses the page (the court partner's pages, a team's caseload). A route whose
arguments nobody supplies fails the walk with its name, so a new route cannot go unmeasured.

GET-ness: an API route is walked when its operation answers GET (read from django-ninja's
operations, so a POST sharing a path with a list is not walked twice); a page is walked unless
the matrix marks it POST only or it answers a GET with 405.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from missioncj.participants.tests import test_access_matrix as matrix

# Who looks first: the person who works the case, then those who oversee the program.
PARTICIPANT_PREFERENCE = ["casemanager", "clinician", "peer", "supervisor", "director"]
PROGRAM_PREFERENCE = ["director", "supervisor", "casemanager", "clinician", "peer"]
DEFAULT_PERSONA = "director"


@dataclass(frozen=True)
class RouteInfo:
    name: str
    kwargs: frozenset[str]
    api: bool
    methods: frozenset[str] = frozenset()  # API only: the HTTP methods its operation answers


@dataclass(frozen=True)
class Visit:
    """Who asks for a route and how its URL is made (called before every request, after the
    rows it names exist); `status` is the answer that persona gets."""

    persona: str
    url: Callable[[Any], str]
    status: int = 200


def _patterns(entries: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in entries:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def _api_methods(name: str, pattern: URLPattern) -> set[str]:
    """The methods of the django-ninja operation named `name` (the URL name is the operation's
    `url_name`, else its function's name). The view is a closure over ninja's PathView; the
    API's own pages (root, schema, docs) are plain GET views."""
    cells = [c.cell_contents for c in getattr(pattern.callback, "__closure__", None) or ()]
    views = [c for c in cells if hasattr(c, "operations")]
    if not views:
        return {"GET"}
    short = name.split(":", 1)[1]
    methods: set[str] = set()
    for operation in views[0].operations:
        if (getattr(operation, "url_name", "") or operation.view_func.__name__) == short:
            methods |= set(operation.methods)
    return methods


def discovered() -> dict[str, RouteInfo]:
    """url name → what it takes; an API name used by two operations merges their methods."""
    found: dict[str, RouteInfo] = {}
    for name, pattern in _patterns(get_resolver().url_patterns):
        kwargs = frozenset(pattern.pattern.regex.groupindex)
        api = name.startswith("api:")
        methods = frozenset(_api_methods(name, pattern)) if api else frozenset()
        if name in found:
            methods |= found[name].methods
        found[name] = RouteInfo(name, kwargs, api, methods)
    return found


def get_routes() -> dict[str, RouteInfo]:
    """The routes the walk asks: API reads, and pages the matrix does not mark POST only."""
    post_only = {n for n, r in matrix.ROUTES.items() if r.get is None}
    post_only |= {n for n, r in matrix.PROGRAM_ROUTES.items() if r.get is None}
    return {
        name: info
        for name, info in discovered().items()
        if ("GET" in info.methods if info.api else name not in post_only)
    }


# --- who asks, and for what ------------------------------------------------------------------


def _first_in(scope: dict[str, set[str]], key: str, preference: list[str]) -> str | None:
    return next((p for p in preference if key in scope.get(p, set())), None)


def matrix_visit(name: str) -> Visit | None:
    """A participant or program route, asked by the first persona the matrix has in scope of
    the north participant (or the drug-court program)."""
    if name in matrix.ROUTES:
        route = matrix.ROUTES[name]
        scope = matrix.SCOPE if route.scope is None else route.scope
        persona = _first_in(scope, "north", PARTICIPANT_PREFERENCE)
        if persona is None:
            return None

        def participant_url(scene: Any) -> str:
            return matrix.url_for(route, scene.ctx(persona))

        return Visit(persona, participant_url)
    if name in matrix.PROGRAM_ROUTES:
        program_route = matrix.PROGRAM_ROUTES[name]
        persona = _first_in(program_route.scope or matrix.PROGRAM_SCOPE, "drug", PROGRAM_PREFERENCE)
        if persona is None:
            return None

        def program_url(scene: Any) -> str:
            return matrix.program_url(program_route, scene.program_ctx(persona))

        return Visit(persona, program_url)
    return None


def _reverse(
    name: str, query: dict[str, Callable[[Any], Any]] | None = None, **kwargs: Any
) -> Callable[[Any], str]:
    """A URL maker: each keyword is a function of the scene giving that URL argument, and
    `query` the same for the query string."""

    def make(scene: Any) -> str:
        url = reverse(name, kwargs={k: f(scene) for k, f in kwargs.items()})
        if query:
            url += "?" + urlencode({k: f(scene) for k, f in query.items()})
        return url

    return make


def _court(scene: Any) -> Any:
    return scene.court.public_id


def _day(scene: Any) -> Any:
    return scene.hearing.local_date


def _program(scene: Any) -> Any:
    return scene.world.drug.public_id


def _call_day(scene: Any) -> Any:
    return scene.call_day()


def _missing(scene: Any) -> str:
    return str(uuid.UUID(int=0))


OTHER_ARGS: dict[str, Visit] = {
    # allauth's key pages with a key that matches nothing: the "bad link" page.
    "account_confirm_email": Visit("casemanager", _reverse("account_confirm_email", key=_missing)),
    "account_reset_password_from_key": Visit(
        "casemanager",
        _reverse("account_reset_password_from_key", uidb36=lambda s: "0", key=_missing),
    ),
    "api:get_group_session": Visit(
        "casemanager", _reverse("api:get_group_session", group_id=lambda s: s.group.public_id)
    ),
    "api:court_docket": Visit(
        "supervisor", _reverse("api:court_docket", {"date": _day}, court_id=_court)
    ),
    "api:court_phases": Visit("supervisor", _reverse("api:court_phases", court_id=_court)),
    "api:court_seats": Visit("director", _reverse("api:court_seats", court_id=_court)),
    "api:court_packet": Visit("court", _reverse("api:court_packet", court_id=_court)),
    "api:break_glass_review": Visit(
        "director", _reverse("api:break_glass_review", grant_id=lambda s: s.grant.public_id)
    ),
    "api:task": Visit("director", lambda scene: scene.task_url()),
    "care:curriculum_detail": Visit(
        "casemanager",
        _reverse("care:curriculum_detail", curriculum_id=lambda s: s.curriculum.public_id),
    ),
    "care:curriculum_edit": Visit(
        "supervisor",
        _reverse("care:curriculum_edit", curriculum_id=lambda s: s.curriculum.public_id),
    ),
    "care:curriculum_history": Visit(
        "casemanager",
        _reverse("care:curriculum_history", curriculum_id=lambda s: s.curriculum.public_id),
    ),
    "care:group_detail": Visit(
        "casemanager", _reverse("care:group_detail", group_id=lambda s: s.group.public_id)
    ),
    "care:attendance_update": Visit(
        "casemanager",
        _reverse(
            "care:attendance_update",
            group_id=lambda s: s.group.public_id,
            episode_id=lambda s: s.episode.public_id,
        ),
    ),
    "court:calendar": Visit("supervisor", _reverse("court:calendar", court_id=_court)),
    "court:series_extend": Visit(
        "supervisor",
        _reverse("court:series_extend", court_id=_court, series_id=lambda s: s.series.public_id),
    ),
    "court:hearing": Visit(
        "supervisor",
        _reverse("court:hearing", court_id=_court, hearing_id=lambda s: s.hearing.public_id),
    ),
    "court:docket_add": Visit(
        "supervisor",
        _reverse("court:docket_add", court_id=_court, hearing_id=lambda s: s.hearing.public_id),
    ),
    "court:docket_lookup": Visit(
        "supervisor",
        _reverse(
            "court:docket_lookup",
            {"q": lambda s: "Test"},
            court_id=_court,
            hearing_id=lambda s: s.hearing.public_id,
        ),
    ),
    "court:docket_today": Visit("supervisor", _reverse("court:docket_today", court_id=_court)),
    "court:docket": Visit("supervisor", _reverse("court:docket", court_id=_court, day=_day)),
    "court:result": Visit(
        "supervisor",
        _reverse("court:result", court_id=_court, entry_id=lambda s: s.entry.public_id),
    ),
    "court:remove": Visit(
        "supervisor",
        _reverse("court:remove", court_id=_court, entry_id=lambda s: s.entry.public_id),
    ),
    "court:staffing": Visit("supervisor", _reverse("court:staffing", court_id=_court, day=_day)),
    "court:phases": Visit("supervisor", _reverse("court:phases", court_id=_court)),
    "court:phase_new": Visit("supervisor", _reverse("court:phase_new", court_id=_court)),
    "court:phase_edit": Visit(
        "supervisor",
        _reverse("court:phase_edit", court_id=_court, phase_id=lambda s: s.phase.public_id),
    ),
    "court:phase_remove": Visit(
        "supervisor",
        _reverse("court:phase_remove", court_id=_court, phase_id=lambda s: s.phase.public_id),
    ),
    "privacy:packet": Visit("supervisor", _reverse("privacy:packet", court_id=_court, day=_day)),
    "privacy:packet_download": Visit(
        "supervisor", _reverse("privacy:packet_download", court_id=_court, day=_day)
    ),
    "privacy:partner_packet": Visit(
        "court", _reverse("privacy:partner_packet", court_id=_court, day=_day)
    ),
    "privacy:review_grant": Visit(
        "director", _reverse("privacy:review_grant", grant_id=lambda s: s.grant.public_id)
    ),
    "outcomes:team_dashboard": Visit(
        "casemanager",
        _reverse("outcomes:team_dashboard", team_id=lambda s: s.world.north.public_id),
    ),
}

# Routes about one participant or program asked by someone the matrix does not name (the
# court partner under a consent), and argument-less pages that are someone else's.
OVERRIDES: dict[str, Visit] = {
    "privacy:partner_participant": Visit(
        "court", _reverse("privacy:partner_participant", public_id=lambda s: s.person.public_id)
    ),
    "api:partner_participant": Visit(
        "court", _reverse("api:partner_participant", public_id=lambda s: s.person.public_id)
    ),
    "privacy:partner_home": Visit("court", _reverse("privacy:partner_home")),
    "privacy:partner_participants": Visit("court", _reverse("privacy:partner_participants")),
    "api:partner_participants": Visit("court", _reverse("api:partner_participants")),
    "care:caseload": Visit("casemanager", _reverse("care:caseload")),
    "care:work_queue": Visit("casemanager", _reverse("care:work_queue")),
    "api:work_queue": Visit("casemanager", _reverse("api:work_queue")),
    "participants:search": Visit(
        "casemanager", _reverse("participants:search", {"q": lambda s: "Test"})
    ),
    "api:api-root": Visit(DEFAULT_PERSONA, _reverse("api:api-root"), status=404),
    # Possible matches for the walked person's own name and birth date (they are one of them).
    "api:find_duplicates": Visit(
        "casemanager",
        _reverse(
            "api:find_duplicates",
            {
                "first_name": lambda s: s.person.first_name,
                "last_name": lambda s: s.person.last_name,
                "date_of_birth": lambda s: s.person.date_of_birth.isoformat(),
            },
        ),
    ),
    "api:list_participants": Visit("casemanager", _reverse("api:list_participants")),
    "api:list_group_sessions": Visit("casemanager", _reverse("api:list_group_sessions")),
    "care:group_list": Visit("casemanager", _reverse("care:group_list")),
    # Directors see the statewide view of the programs whose reports they read.
    "outcomes:statewide_dashboard": Visit(
        DEFAULT_PERSONA, _reverse("outcomes:statewide_dashboard")
    ),
    # The director runs more than one program (the scene grows them), so is asked to choose.
    "linkage:directory_home": Visit(DEFAULT_PERSONA, _reverse("linkage:directory_home")),
    # A day the random schedule calls the north participant: who is called changes by day.
    "court:calls_today": Visit(
        "director", _reverse("court:calls_today", {"date": _call_day}, program_id=_program)
    ),
    "api:random_calls": Visit(
        "director", _reverse("api:random_calls", {"date": _call_day}, program_id=_program)
    ),
}
# Sign-in pages answer a signed-in persona (with an authenticator, no recovery codes) by
# sending them on, as django-allauth does; their counts are pinned all the same.
SIGNED_IN_ELSEWHERE = {
    "account_login": 302,
    "account_signup": 302,
    "account_set_password": 302,
    "account_confirm_login_code": 302,
    "account_request_reauthentication_code": 302,
    "account_confirm_reauthentication_code": 302,
    "mfa_authenticate": 302,
    "mfa_activate_totp": 302,
    "mfa_deactivate_totp": 302,
    "mfa_generate_recovery_codes": 302,
    "mfa_view_recovery_codes": 404,
    "mfa_download_recovery_codes": 404,
}
OVERRIDES |= {
    name: Visit(DEFAULT_PERSONA, _reverse(name), status)
    for name, status in SIGNED_IN_ELSEWHERE.items()
}


class Unwalkable(AssertionError):
    """A route the walk cannot ask: it names the route and what it lacks."""


def visit_for(info: RouteInfo) -> Visit:
    if info.name in OVERRIDES:
        return OVERRIDES[info.name]
    if info.name in OTHER_ARGS:
        return OTHER_ARGS[info.name]
    found = matrix_visit(info.name)
    if found is not None:
        return found
    if not info.kwargs:
        return Visit(DEFAULT_PERSONA, _reverse(info.name))
    if info.kwargs & {"public_id", "participant_id", "program_id"}:
        raise Unwalkable(
            f"route {info.name} takes {sorted(info.kwargs)} but has no entry in the access matrix "
            "(participants/tests/test_access_matrix.py and the apps' tests/matrix*.py), which "
            "gives its persona and arguments; or name them in OVERRIDES in "
            "missioncj/core/tests/query_routes.py"
        )
    raise Unwalkable(
        f"route {info.name} takes {sorted(info.kwargs)}: give it a persona and arguments in "
        "missioncj/core/tests/query_routes.py (OTHER_ARGS) so its query count can be pinned"
    )
