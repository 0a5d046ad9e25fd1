"""Every GET page and API route makes a pinned number of SQL queries, whatever the number of
rows it shows.

The walk (query_routes.py) asks every route of the URL conf as a persona who may see it, on
the scene of query_scene.py, and counts the queries each request makes (transaction control —
SAVEPOINT, RELEASE, ROLLBACK TO — is not counted: tests run inside a transaction and a real
request does not). The counts are compared with query_counts.json; after an intended change,
regenerate it with

    MISSIONCJ_PIN_QUERIES=1 pytest missioncj/core/tests/test_query_counts.py

and commit the file (the diff shows which routes changed and by how much). A route whose count
differs by database is pinned as {"sqlite": n, "postgresql": m}.

A page offering its rows as a download (the shared CSV/XLSX links) is asked again with
`?format=csv`, pinned as "<route>?format=csv".

Then the scene grows (more participants on the same team and more of every kind of row the
pages list) and the walk runs again: a route whose count changed makes a query per row shown.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from missioncj.accounts.models import ApiToken
from missioncj.accounts.services import issue_api_token
from missioncj.core.models import Task
from missioncj.core.tests import query_routes
from missioncj.core.tests.query_scene import Scene, build_scene

PINS = Path(__file__).with_name("query_counts.json")
PIN_ENV = "MISSIONCJ_PIN_QUERIES"
GROWTH = 3  # batches added before the second walk (the first walk sees one)
DOWNLOADS = b'class="downloads"'
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")

# Pages that write one audit event per participant they show, by design: each participant's
# own trail records the read (and a court partner's page, the disclosure). Their audit appends
# grow with the rows shown; every other query they make must not.
AUDITED_PER_ROW = {
    "care:group_detail": "a read event for each member of the group",
    "api:get_group_session": "a read event for each member of the group",
    "privacy:partner_home": "a disclosure event for each participant on the docket shown",
    "privacy:partner_participants": "a disclosure event for each participant listed",
    "api:partner_participants": "a disclosure event for each participant listed",
}
AUDIT_TABLES = ('"core_auditevent"', '"core_auditchainhead"')
# Downloads of tables too large to hold in memory read them in keyset chunks (1,000 rows): they
# may grow by repeating the chunk's reads once per 1,000 rows, never by a new kind of query.
STREAMED_IN_CHUNKS = {
    "privacy:audit_report?format=csv": "audit events in chunks of 1,000 (docs/privacy-audit.md)",
}


@dataclass(frozen=True)
class Result:
    status: int
    statements: tuple[str, ...]  # the SQL counted, in order
    offers_download: bool = False  # a page with the shared CSV/XLSX links (_download.html)

    @property
    def queries(self) -> int:
        return len(self.statements)


def counted(sql: str) -> bool:
    return not sql.lstrip().upper().startswith(TRANSACTION_CONTROL)


def shape(sql: str) -> str:
    """A statement with its values taken out, so the same query for another row compares equal."""
    sql = re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", sql, flags=re.S)
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    sql = re.sub(r"\?::\w+", "?", sql)  # PostgreSQL's typed placeholders
    sql = re.sub(r"\((?:\s*\?\s*,)*\s*\?\s*\)", "(?…)", sql)
    return sql[:400]


def without_audit(result: Result) -> Result:
    kept = tuple(s for s in result.statements if not any(t in s for t in AUDIT_TABLES))
    return Result(result.status, kept)


def extra_statements(before: Result, after: Result) -> list[str]:
    """The statement shapes the second request ran more often than the first."""
    grown = Counter(map(shape, after.statements))
    grown.subtract(Counter(map(shape, before.statements)))
    return [f"    {n:+d} x {sql}" for sql, n in grown.most_common() if n]


class Clients:
    """A signed-in browser and an API token per persona."""

    def __init__(self, scene: Scene) -> None:
        self.scene = scene
        self.tokens: dict[str, str] = {}

    def for_visit(self, persona: str, api: bool) -> Client:
        user = self.scene.user(persona)
        if api:
            if persona not in self.tokens:
                self.tokens[persona] = issue_api_token(actor=None, user=user)
            # Used a moment ago, as in a busy session (first use in a while also notes when).
            ApiToken.objects.update(last_used_at=timezone.now())
            return Client(headers={"Authorization": f"Bearer {self.tokens[persona]}"})
        client = Client()
        client.force_login(user)  # afresh each time: a route may sign the persona out
        return client


def measure(client: Client, url: str) -> Result:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.streaming:
        with CaptureQueriesContext(connection) as streamed:
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
        queries = [*captured.captured_queries, *streamed.captured_queries]
        body = b""
    else:
        queries = captured.captured_queries
        body = response.content
    return Result(
        response.status_code,
        tuple(q["sql"] for q in queries if counted(q["sql"])),
        offers_download=DOWNLOADS in body,
    )


def prepare(scene: Scene) -> None:
    """Make every URL once, so the rows a route's URL names exist before any route is asked
    (otherwise a list asked early in the first walk would miss rows a later URL makes)."""
    for info in query_routes.get_routes().values():
        try:
            query_routes.visit_for(info).url(scene)
        except query_routes.Unwalkable:
            continue  # reported by the walk


def walk(scene: Scene, clients: Clients) -> tuple[dict[str, Result], list[str]]:
    """(route → (status, queries)) for every GET route, and the problems met on the way."""
    results: dict[str, Result] = {}
    problems: list[str] = []
    for name, info in sorted(query_routes.get_routes().items()):
        try:
            visit = query_routes.visit_for(info)
        except query_routes.Unwalkable as exc:
            problems.append(str(exc))
            continue
        Task.objects.all().delete()  # dashboards compute afresh rather than reuse a result
        url = visit.url(scene)
        result = measure(clients.for_visit(visit.persona, info.api), url)
        if result.status == 405 and not info.api:
            continue  # a POST-only page
        if result.status != visit.status:
            problems.append(
                f"route {name} answered {result.status} to {visit.persona} "
                f"(expected {visit.status}): {url}; name who may see it in OVERRIDES "
                "in missioncj/core/tests/query_routes.py"
            )
        results[name] = result
        if result.offers_download:
            # The page's rows as a file: the same view, filters and persona (CSV stands for
            # XLSX too: both fetch the same rows, only the writer differs).
            csv_url = url + ("&" if "?" in url else "?") + "format=csv"
            Task.objects.all().delete()
            download = measure(clients.for_visit(visit.persona, info.api), csv_url)
            if download.status != 200:
                problems.append(f"route {name} answered {download.status} for {csv_url}")
            results[f"{name}?format=csv"] = download
    return results, problems


def load_pins() -> dict[str, Any]:
    return json.loads(PINS.read_text()) if PINS.exists() else {}


def pinned(value: Any) -> int | None:
    if isinstance(value, dict):
        return value.get(connection.vendor)
    return value


def write_pins(counts: dict[str, int]) -> None:
    old = load_pins()
    new: dict[str, Any] = {}
    for name, count in sorted(counts.items()):
        previous = old.get(name)
        if isinstance(previous, dict):
            merged = {**previous, connection.vendor: count}
            new[name] = count if len(set(merged.values())) == 1 else merged
        else:
            new[name] = count
    PINS.write_text(json.dumps(new, indent=1, sort_keys=True) + "\n")


def pin_differences(counts: dict[str, int], pins: dict[str, Any] | None = None) -> list[str]:
    pins = load_pins() if pins is None else pins
    hint = f"run with {PIN_ENV}=1"
    problems = []
    for name, count in sorted(counts.items()):
        if name not in pins or pinned(pins[name]) is None:
            problems.append(f"route {name} has no pinned query count; {hint}")
        elif pinned(pins[name]) != count:
            problems.append(
                f"route {name} makes {count} queries, pinned {pinned(pins[name])}; if intended, "
                f"{hint}"
            )
    for name in sorted(set(pins) - set(counts)):
        problems.append(f"route {name} is pinned but no longer walked; {hint}")
    return problems


def test_every_get_route_can_be_walked():
    problems = []
    for info in query_routes.get_routes().values():
        try:
            query_routes.visit_for(info)
        except query_routes.Unwalkable as exc:
            problems.append(str(exc))
    assert not problems, "\n".join(problems)


def test_query_counts_are_pinned_and_do_not_grow_with_rows(world):
    scene = build_scene(world)
    scene.grow()
    prepare(scene)
    clients = Clients(scene)
    first, problems = walk(scene, clients)
    assert not problems, "\n".join(problems)
    counts = {name: result.queries for name, result in first.items()}
    if os.environ.get(PIN_ENV):
        write_pins(counts)
    for _ in range(GROWTH):
        scene.grow()
    second, problems = walk(scene, clients)
    assert not problems, "\n".join(problems)
    grown = []
    for name in sorted(first):
        before, after = first[name], second[name]
        if name in AUDITED_PER_ROW:
            before, after = without_audit(before), without_audit(after)
        if name in STREAMED_IN_CHUNKS and set(map(shape, after.statements)) == set(
            map(shape, before.statements)
        ):
            continue
        if after.queries != before.queries:
            grown.append(
                f"route {name}: {before.queries} queries with 1 batch of rows, "
                f"{after.queries} with {1 + GROWTH}:"
            )
            grown += extra_statements(before, after)
    differences = pin_differences(counts)
    assert not grown and not differences, "\n".join(grown + differences)
