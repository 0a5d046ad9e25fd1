"""An evaluator cannot reach identified data by any route.

Signed in as the evaluator persona, request every URL the persona access matrix knows (every
participant route for every person, every program route for both programs — so routes added
later are covered as soon as they join the matrix, which their own coverage test demands) and
every route that takes no argument, as a page and again asking for `?format=csv` and
`?format=xlsx`. No 200 answer may carry a participant's name, date of birth or identifier value,
and the only file that comes back is the de-identified research extract."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, get_resolver, reverse

from missioncj.interop.models import ExportRecord
from missioncj.interop.tests.safe_harbor_world import build, date_forms
from missioncj.participants.models import Participant
from missioncj.participants.tests import test_access_matrix as matrix

EXTRACT_ROUTES = {"interop:research_extract", "api:research_extract"}
VARIANTS: tuple[dict[str, str], ...] = ({}, {"format": "csv"}, {"format": "xlsx"})


def urls(world: Any) -> Iterator[tuple[str, str, bool]]:
    """(route name, URL, is API) for everything the matrix knows and every argument-less route."""
    for route in matrix.ROUTES.values():
        for key in matrix.PEOPLE:
            ctx = matrix.make_ctx(world, "evaluator", key)
            yield route.name, matrix.url_for(route, ctx), route.api
    for program_route in matrix.PROGRAM_ROUTES.values():
        for program in (world.drug, world.reentry):
            pctx = matrix.ProgramCtx(world, world.user("evaluator"), program)
            yield program_route.name, matrix.program_url(program_route, pctx), program_route.api
    for name, kwargs in matrix._walk(get_resolver().url_patterns):
        if kwargs:
            continue
        try:
            yield name, reverse(name), name.startswith("api:")
        except NoReverseMatch:  # a pattern with unnamed positional groups: none take no args
            continue


def body_text(response: Any) -> tuple[str, bool]:
    """The response as text (a zip's members joined), and whether it is a file download."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    is_file = "attachment" in response.get("Content-Disposition", "")
    if response.get("Content-Type", "").startswith("application/zip"):
        archive = zipfile.ZipFile(io.BytesIO(raw))
        return "\n".join(
            archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
        ), True
    if response.get("Content-Type", "").startswith("application/vnd.openxml"):
        return raw.decode("latin-1"), True
    return raw.decode("utf-8", "replace"), is_file


def secrets_of(world: Any) -> list[str]:
    values: list[str] = []
    for person in Participant.objects.prefetch_related("identifiers"):
        values += [person.display_name, person.legal_name]
        values += date_forms(person.date_of_birth)
        values += [i.value for i in person.identifiers.all()]
    return values


@pytest.mark.django_db
def test_evaluator_reaches_no_identified_data_by_any_route(world):
    build(world)  # two more people, full of identifiers, with every kind of record
    secrets = secrets_of(world)
    assert len(secrets) > 30
    user = world.user("evaluator")
    page = Client()
    api = matrix.api_client(user)
    seen_ok, files = 0, set()
    checked = 0
    for name, url, is_api in list(urls(world)):
        for query in VARIANTS if not is_api else ({},):
            client = api if is_api else page
            if not is_api:
                client.force_login(user)  # a route that signs out must not end the walk
            response = client.get(url, query)
            checked += 1
            if response.status_code != 200:
                continue
            seen_ok += 1
            text, is_file = body_text(response)
            lowered = text.lower()
            for secret in secrets:
                assert secret.lower() not in lowered, f"{name} {url} {query} shows {secret!r}"
            if is_file:
                files.add(name)
    assert checked > 300 and seen_ok > 10
    # The extract is the only participant-level file; the rest are outcome reports' aggregate
    # figures (every secret above was already checked absent from them).
    assert files >= EXTRACT_ROUTES, files
    assert all(n in EXTRACT_ROUTES or n.startswith("outcomes:") for n in files), files
    kinds = set(ExportRecord.objects.values_list("kind", flat=True))
    assert "deidentified" in kinds and kinds <= {"deidentified", "table", "chart"}, kinds
    assert not ExportRecord.objects.filter(identified=True).exists()
