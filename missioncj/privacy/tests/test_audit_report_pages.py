"""Keyset pages of the audit report: stable when many events share one timestamp, forwards and
back, newest or oldest first, on the page and over the API; the number of queries a page makes
does not grow with its rows; a download carries exactly the rows the pages show, in order."""

from __future__ import annotations

import csv
import datetime as dt
import html as htmllib
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from missioncj.core.models import AuditEvent
from missioncj.interop.models import ExportRecord
from missioncj.participants.tests.test_access_matrix import api_client
from missioncj.privacy.audit_report import query as report_query
from missioncj.privacy.tests.audit_helpers import API, URL, api_events, walk_api, write_events

T = dt.datetime(2026, 10, 14, 15, 0, tzinfo=dt.UTC)
SECOND = dt.timedelta(seconds=1)
QUERY = {"month": "2026-10", "action": "test.keyset"}


@pytest.fixture
def crowd(world):
    """130 events at one instant, 10 a second before and 10 a second after; about North,
    South or no one in turn."""
    actor = world.user("casemanager")
    people = [world.north_person, world.south_person, None]
    events = []
    for when, count in ((T - SECOND, 10), (T, 130), (T + SECOND, 10)):
        for i in range(count):
            events += write_events(
                when, 1, actor=actor, participant=people[i % 3], action="test.keyset"
            )
    return events


def expected(order: str = "newest") -> list[str]:
    fields = ("-occurred_at", "-pk") if order == "newest" else ("occurred_at", "pk")
    rows = AuditEvent.objects.filter(action="test.keyset").order_by(*fields)
    return list(rows.values_list("hash", flat=True))


@pytest.mark.parametrize("order", ["newest", "oldest"])
def test_api_pages_are_stable_forwards_and_back(world, crowd, order):
    client = api_client(world.user("director"))
    bodies = walk_api(client, {**QUERY, "order": order}, limit=50)
    assert [len(b["items"]) for b in bodies] == [50, 50, 50]
    forward = [[r["event"] for r in b["items"]] for b in bodies]
    assert [h for page in forward for h in page] == expected(order)
    assert bodies[0]["previous"] is None and bodies[-1]["next"] is None
    # Back from the last page, one page at a time, to the first.
    back: list[list[str]] = []
    previous = bodies[-1]["previous"]
    while previous:
        body = client.get(API, {**QUERY, "order": order, "limit": "50", "before": previous}).json()
        back.insert(0, [r["event"] for r in body["items"]])
        previous = body["previous"]
    assert back == forward[:-1]


def _page_walk(client, query, rel="next", start=None):
    """Follow the page's own rel=next (or prev) links; the events of each page in order."""
    pages, url = [], start or query
    while url is not None:
        html = (
            client.get(URL, url).content.decode()
            if isinstance(url, dict)
            else client.get(url).content.decode()
        )
        pages.append(re.findall(r'data-event="([0-9a-f]{64})"', html))
        link = re.search(rf'href="(\?[^"]+)" rel="{rel}"', html)
        url = URL + htmllib.unescape(link[1]) if link else None
    return pages, html


def test_page_links_walk_every_event_once_and_back(world, login, crowd):
    client = login("supervisor")
    pages, last_html = _page_walk(client, QUERY)
    assert [len(p) for p in pages] == [50, 50, 50]
    assert [h for p in pages for h in p] == expected()
    assert "First page" in last_html
    prev = re.search(r'href="(\?[^"]+)" rel="prev"', last_html)
    assert prev is not None
    back, _ = _page_walk(client, QUERY, rel="prev", start=URL + htmllib.unescape(prev[1]))
    assert back == pages[-2::-1]


def test_oldest_first_is_one_click_away(world, login, crowd):
    html = login("director").get(URL, QUERY).content.decode()
    link = re.search(r'href="(\?[^"]+)" class="sort"', html)
    assert link is not None
    html = login("director").get(URL + htmllib.unescape(link[1])).content.decode()
    assert re.findall(r'data-event="([0-9a-f]{64})"', html) == expected("oldest")[:50]


def test_query_count_does_not_grow_with_rows(world, login, crowd):
    write_events(T, 1, actor=world.user("peer"), participant=world.north_person, action="test.few")
    write_events(T, 1, actor=world.user("peer"), participant=world.south_person, action="test.few")
    write_events(T, 1, actor=world.user("peer"), action="test.few")
    for username in ("director", "admin"):
        client = login(username)
        api = api_client(world.user(username))
        api.get(API)  # the token's first use is noted once
        counts = {}
        for action, rows in (("test.few", 3), ("test.keyset", 50)):
            for name, caller, url in (("page", client, URL), ("api", api, API)):
                with CaptureQueriesContext(connection) as queries:
                    response = caller.get(url, {"month": "2026-10", "action": action})
                assert response.status_code == 200
                assert response.content.decode().count(f"test.{action[5:]}") >= rows
                counts[(name, rows)] = len(queries.captured_queries)
        assert counts[("page", 3)] == counts[("page", 50)], counts
        assert counts[("api", 3)] == counts[("api", 50)], counts
        # A deep page (through a cursor) costs one lookup more, however deep.
        cursor = expected()[120]
        with CaptureQueriesContext(connection) as queries:
            client.get(URL, {"month": "2026-10", "action": "test.keyset", "after": cursor})
        assert len(queries.captured_queries) == counts[("page", 50)] + 1


def _csv_rows(response):
    return list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )


@pytest.mark.parametrize("order", ["newest", "oldest"])
def test_download_rows_equal_the_page_rows(world, login, crowd, monkeypatch, order):
    # Small chunks put chunk edges inside the run of equal timestamps.
    monkeypatch.setattr(report_query, "CHUNK_SIZE", 7)
    client = login("director")
    pages, _ = _page_walk(client, {**QUERY, "order": order})
    shown = [h for p in pages for h in p]
    api_rows = api_events(world.user("director"), **QUERY, order=order)
    rows = _csv_rows(client.get(URL, {**QUERY, "order": order, "format": "csv"}))
    assert [r["event"] for r in rows] == shown == [r["event"] for r in api_rows] == expected(order)
    for got, want in zip(rows, api_rows, strict=True):
        assert got["participant_id"] == (want["participant"] or "")
        assert got["participant_name"] == want["participant_name"]
        assert (got["actor"], got["action"], got["kind"]) == (
            want["actor"],
            want["action"],
            want["kind"],
        )
        assert dt.datetime.fromisoformat(got["occurred_at"]) == dt.datetime.fromisoformat(
            want["occurred_at"].replace("Z", "+00:00")
        )
    assert {r["participant_name"] for r in rows} == {"Test North", "Test South", ""}
    record = ExportRecord.objects.get()
    assert (record.row_count, record.participant_count, record.identified) == (150, 2, True)
    assert record.name == "privacy.audit_report"


def test_xlsx_carries_the_same_rows(world, login, crowd, monkeypatch):
    monkeypatch.setattr(report_query, "CHUNK_SIZE", 11)
    response = login("supervisor").get(URL, {**QUERY, "format": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    header, body = values[0], values[1:]
    events = [row[header.index("event")] for row in body]
    assert events == expected()
    names = {row[header.index("participant_name")] for row in body}
    assert names == {"Test North", "Test South", None}


def test_the_download_ignores_the_page_cursor(world, login, crowd):
    client = login("director")
    rows = _csv_rows(client.get(URL, {**QUERY, "after": expected()[60], "format": "csv"}))
    assert [r["event"] for r in rows] == expected()
