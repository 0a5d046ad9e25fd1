"""The participant timeline comes a page at a time, whatever the length of the history.

A person with years of contacts must open as fast as a newcomer (a page's cost may not grow
with the history), and "Older entries" walks back through every entry exactly once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from missioncj.care.models import Component, Contact, Location, Modality
from missioncj.care.services import log_contact
from missioncj.conftest import World
from missioncj.participants.timeline import PAGE

OLDER = re.compile(r'href="\?before=([^"#]+)#timeline-h" rel="next"')


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _contacts(world: World, count: int, *, start: dt.datetime, same_time: int = 0) -> None:
    episode = world.north_person.episodes.get()
    for n in range(count):
        # The last `same_time` contacts share one minute (a page boundary must not split them).
        minutes = n if n < count - same_time else count - same_time
        log_contact(
            actor=world.user("casemanager"),
            episode=episode,
            occurred_at=start + dt.timedelta(minutes=minutes),
            duration_minutes=10,
            modality=Modality.PHONE,
            location=Location.REMOTE,
            components=int(Component.CTI),
            note=f"timeline note {n:03d}",
        )


def _notes(html: str) -> list[str]:
    return re.findall(r"timeline note (\d{3})", html)


def test_older_entries_walk_every_contact_once(world: World, login: Any) -> None:
    start = (timezone.now() - dt.timedelta(days=20)).replace(second=0, microsecond=0)
    total = PAGE * 2 + 7
    _contacts(world, total, start=start, same_time=4)
    client = login("casemanager")
    url = f"/participants/{world.north_person.public_id}/"
    seen: list[str] = []
    pages = 0
    while url and pages < 10:
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        seen.extend(_notes(html))
        pages += 1
        found = OLDER.search(html)
        url = (
            f"/participants/{world.north_person.public_id}/?before={found.group(1)}"
            if found
            else ""
        )
    assert pages >= 3
    assert sorted(seen) == [f"{n:03d}" for n in range(total)]
    assert len(seen) == len(set(seen))
    # Newest first across pages; entries sharing a time come newest recorded first.
    assert seen[:4] == [f"{n:03d}" for n in range(total - 1, total - 5, -1)]
    assert seen == sorted(seen, reverse=True)
    assert "Newest entries" in html


def test_a_page_costs_the_same_for_a_long_history(world: World, login: Any) -> None:
    client = login("casemanager")
    url = f"/participants/{world.north_person.public_id}/"
    start = timezone.now() - dt.timedelta(days=40)
    _contacts(world, 5, start=start)
    with CaptureQueriesContext(connection) as short:
        first = client.get(url)
    _contacts(world, PAGE * 3, start=start + dt.timedelta(days=1))
    with CaptureQueriesContext(connection) as long:
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert len(long) == len(short)
    assert len(_notes(second.content.decode())) <= PAGE
    assert Contact.objects.filter(participant=world.north_person).count() > PAGE * 3


def test_a_mangled_position_shows_the_newest_with_a_message(world: World, login: Any) -> None:
    client = login("casemanager")
    _contacts(world, 3, start=timezone.now() - dt.timedelta(days=2))
    for bad in ("yesterday", "2026-10-01T10:00"):  # not a time; a time without its offset
        response = client.get(f"/participants/{world.north_person.public_id}/?before={bad}")
        assert response.status_code == 200
        html = response.content.decode()
        assert "not understood" in html
        assert _notes(html)[0] == "002"
