"""`missioncj loadtest`: loopback only, bounded, and a short real run against `missioncj serve`
with zero errors and every kind of request made (not timed: speed is for the figures)."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.conf import global_settings
from django.core.management import CommandError, call_command
from django.db import connection

from missioncj.care.models import Contact
from missioncj.conftest import PASSWORD, World
from missioncj.core.audit import verify_chain
from missioncj.demo.loadtest.forms import page_form, participant_links, with_values
from missioncj.demo.loadtest.http import LoopbackOnly, Target, loopback_target
from missioncj.demo.loadtest.report import KindStats, percentile, summarize, to_markdown
from missioncj.demo.loadtest.run import KINDS, LoadPlan, run_load, source_address
from missioncj.demo.loadtest.server import database_url, served

# --- loopback only ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5:8000",
        "http://192.168.1.20:8000",
        "http://172.16.0.1",
        "http://8.8.8.8",
        "http://example.org:8000",
        "http://127.0.0.1.example.org:8000",
        "http://[::2]:8000",
        "https://127.0.0.1:8000",
        "ftp://127.0.0.1",
        "127.0.0.1:8000",
    ],
)
def test_anything_but_loopback_http_is_refused(url: str) -> None:
    with pytest.raises(LoopbackOnly):
        loopback_target(url)


@pytest.mark.parametrize(
    ("url", "host", "port"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1", 8000),
        ("http://127.0.0.1:8000/", "127.0.0.1", 8000),
        ("http://localhost:9000", "127.0.0.1", 9000),
        ("http://127.8.9.10", "127.8.9.10", 80),
        ("http://[::1]:8000", "::1", 8000),
    ],
)
def test_loopback_urls_are_accepted(url: str, host: str, port: int) -> None:
    assert loopback_target(url) == Target(host=host, port=port)


def test_the_command_refuses_a_non_loopback_url_before_anything_runs(db: Any) -> None:
    with pytest.raises(CommandError, match=r"only targets loopback addresses.*10\.1\.2\.3"):
        call_command("loadtest", "--url", "http://10.1.2.3:8000", "--seconds", "1")
    with pytest.raises(CommandError, match="only targets loopback"):
        call_command("loadtest", "--url", "http://cases.example.org")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--users", "0"], "users must be between 1 and 200"),
        (["--users", "201"], "users must be between 1 and 200"),
        (["--seconds", "0"], "seconds must be between 1 and 600"),
        (["--seconds", "601"], "seconds must be between 1 and 600"),
        (["--think", "-1"], "think must be between 0 and 60"),
    ],
)
def test_users_and_time_are_bounded(db: Any, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("loadtest", "--url", "http://127.0.0.1:8000", *args)


def test_without_demo_data_there_is_nothing_to_load(db: Any) -> None:
    with pytest.raises(CommandError, match="load it first with `missioncj demo`"):
        call_command("loadtest", "--seconds", "1")


def test_each_user_comes_from_its_own_loopback_address() -> None:
    v4 = Target("127.0.0.1", 8000)
    assert [source_address(v4, n) for n in (0, 1, 249, 250)] == [
        "127.0.0.2",
        "127.0.0.3",
        "127.0.0.251",
        "127.0.0.2",
    ]
    assert source_address(Target("::1", 8000), 3) is None


# --- reading pages like a browser -------------------------------------------------------------

PAGE = """
<form method="post" action="/accounts/logout/"><input type="hidden" name="csrfmiddlewaretoken"
 value="tok"><button type="submit">Sign out</button></form>
<a href="/participants/0924b149-a2cf-4b8b-b78a-9b3422d46ec3/">Linda Moore</a>
<form method="post" novalidate><input type="hidden" name="csrfmiddlewaretoken" value="tok">
<select name="episode"><option value="">---</option><option value="7" selected>Drug court</option>
</select>
<select name="modality"><option value="in_person">In person</option><option value="phone">Phone
</option></select>
<input type="number" name="duration_minutes" value="15">
<input type="checkbox" name="components" value="cti" checked>
<input type="checkbox" name="components" value="drt">
<input type="checkbox" name="draft">
<textarea name="note">
</textarea>
<button type="submit">Save</button>
</form>
<a href="/participants/0924b149-a2cf-4b8b-b78a-9b3422d46ec3/">Linda Moore</a>
<a href="/participants/30ddd8e6-9a2b-4b4e-90e8-61275e435a3e/">Joseph Robinson</a>
"""


def test_the_page_form_is_read_as_a_browser_would_submit_it() -> None:
    fields = page_form(PAGE)
    assert fields == [
        ("csrfmiddlewaretoken", "tok"),
        ("episode", "7"),
        ("modality", "in_person"),  # nothing selected: the first option
        ("duration_minutes", "15"),
        ("components", "cti"),  # only the checked box
        ("note", ""),
    ]
    assert with_values(fields, note="Hello", extra="1")[-2:] == [("note", "Hello"), ("extra", "1")]
    assert page_form("<form method='get'><input name='q'></form>") == []


def test_participant_links_are_listed_once_in_order() -> None:
    assert participant_links(PAGE) == [
        ("0924b149-a2cf-4b8b-b78a-9b3422d46ec3", "Linda Moore"),
        ("30ddd8e6-9a2b-4b4e-90e8-61275e435a3e", "Joseph Robinson"),
    ]


# --- figures ----------------------------------------------------------------------------------


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.50) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([7.0], 0.99) == 7.0
    assert percentile([], 0.5) == 0.0
    stats = KindStats()
    for v in values:
        stats.ok(v)
    stats.failed(500.0, "HTTP 500 for GET /")
    row = summarize(stats, seconds=10)
    assert (row["requests"], row["errors"], row["rps"], row["max_ms"]) == (101, 1, 10.1, 500.0)
    assert row["error_samples"] == ["HTTP 500 for GET /"]


# --- a real, short run ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_short_load_test_against_missioncj_serve_has_no_errors(
    world: World, settings: Any
) -> None:
    logins = ("casemanager", "supervisor")
    # Demo mode signs in with a password alone; these personas had an authenticator. The
    # server checks passwords with the production hashers.
    Authenticator.objects.filter(user__username__in=logins).delete()
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    for name in logins:
        user = world.user(name)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    contacts_before = Contact.objects.count()
    env = {"MISSIONCJ_DEMO": "1", "MISSIONCJ_DATABASE_URL": database_url(connection.settings_dict)}
    connection.close()  # the server's processes write to this database too

    with served(workers=2, threads=2, env=env) as running:
        plan = LoadPlan(
            target=loopback_target(running.url),
            users=3,
            seconds=8,
            logins=logins,
            password=PASSWORD,
        )
        report = run_load(plan, running.cpu_seconds)

    assert report["total"]["errors"] == 0, report
    every_kind = {kind for kinds in KINDS.values() for kind in kinds}
    assert set(report["kinds"]) == every_kind
    for kind, row in report["kinds"].items():
        assert row["requests"] > 0, kind
        assert row["errors"] == 0, (kind, row["error_samples"])
        assert 0 < row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"] <= row["max_ms"]
    # Every contact POST created one contact, through the form, from several processes.
    saved = report["kinds"]["contact_save"]["requests"]
    assert Contact.objects.count() == contacts_before + saved
    assert Contact.objects.filter(note="Phone check-in (load test).").count() == saved
    assert verify_chain().ok
    table = to_markdown({**report, "server": {"workers": 2, "threads": 2}})
    assert "| participant |" in table
    assert "| **all** |" in table
