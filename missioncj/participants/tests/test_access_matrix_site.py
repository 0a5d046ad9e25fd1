"""Personas by every route about no one in particular (reports across programs, the audit
report) that a `missioncj/<app>/tests/matrix*.py` module lists in `site_route_specs()`.

Each spec names the route (it takes no URL arguments), the personas who may read it (`scope`)
and a check of their 200 answer (`get`); every other persona gets a 404 that changes nothing,
audit trail included. Pages and API routes (`api: True`, with a bearer token) alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from missioncj.accounts.models import User
from missioncj.conftest import World
from missioncj.participants.tests.test_access_matrix import (
    PERSONAS,
    api_client,
    db_state,
    matrix_modules,
)


@dataclass
class SiteCtx:
    world: World
    username: str
    user: User


@dataclass(frozen=True)
class SiteRoute:
    name: str
    get: Callable[[SiteCtx, Any], None]
    scope: frozenset[str]
    api: bool = False


SITE_ROUTES: dict[str, SiteRoute] = {
    spec["name"]: SiteRoute(**{**spec, "scope": frozenset(spec["scope"])})
    for module in matrix_modules()
    for spec in getattr(module, "site_route_specs", list)()
}


def test_site_routes_take_no_arguments():
    assert SITE_ROUTES, "no matrix module lists a site route"
    for name in SITE_ROUTES:
        reverse(name)  # raises if the route needs arguments
        assert set(SITE_ROUTES[name].scope) <= set(PERSONAS), name


@pytest.mark.parametrize("route_name", sorted(SITE_ROUTES))
@pytest.mark.parametrize("username", PERSONAS)
def test_persona_site_route_matrix(world, login, username, route_name):
    route = SITE_ROUTES[route_name]
    user = world.user(username)
    client = api_client(user) if route.api else login(username)
    before = db_state()
    response = client.get(reverse(route.name))
    where = f"{username} → {route_name}"
    if username not in route.scope:
        assert response.status_code == 404, where
        assert db_state() == before, f"{where}: a refused request changed something"
        return
    assert response.status_code == 200, where
    route.get(SiteCtx(world, username, user), response)


def test_site_routes_need_sign_in(world):
    for route in SITE_ROUTES.values():
        response = Client().get(reverse(route.name))
        if route.api:
            assert response.status_code == 401, route.name
        else:
            assert response.status_code == 302, route.name
            assert response["Location"].startswith(reverse("account_login"))
