"""`missioncj serve`: gunicorn workers sized to the machine, bounded options, graceful SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from missioncj.core import server
from missioncj.demo.loadtest.server import free_port


def test_workers_follow_the_cores() -> None:
    assert server.default_workers(1) == 2
    assert server.default_workers(2) == 3
    assert server.default_workers(8) == 9
    assert server.default_workers() == max(2, (os.cpu_count() or 1) + 1)


def test_the_plan_is_bounded_and_binds_ipv6_in_brackets() -> None:
    plan = server.plan(host="127.0.0.1", port=8000)
    assert (plan.workers, plan.threads) == (server.default_workers(), server.default_threads())
    assert plan.bind == "127.0.0.1:8000"
    assert server.plan(host="::1", port=8000, workers=2, threads=1).bind == "[::1]:8000"
    with pytest.raises(ValueError, match="--workers must be between 1 and 64"):
        server.plan(host="127.0.0.1", port=8000, workers=0)
    with pytest.raises(ValueError, match="--threads must be between 1 and 64"):
        server.plan(host="127.0.0.1", port=8000, threads=65)
    with pytest.raises(ValueError, match="--port must be between 0 and 65535"):
        server.plan(host="127.0.0.1", port=70000)


def test_gunicorn_runs_threaded_workers_from_a_preloaded_app() -> None:
    options = server.gunicorn_options(server.plan(host="0.0.0.0", port=80, workers=3, threads=4))  # noqa: S104
    assert options["bind"] == ["0.0.0.0:80"]
    assert (options["workers"], options["threads"]) == (3, 4)
    assert options["worker_class"] == "gthread"
    assert options["preload_app"] is True
    assert options["graceful_timeout"] == server.GRACEFUL_SECONDS
    assert options["control_socket_disable"] is True


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--workers", "0"], {}, "--workers must be between 1 and 64"),
        (["--threads", "100"], {}, "--threads must be between 1 and 64"),
        ([], {"PORT": "eighty"}, "PORT must be a number"),
    ],
)
def test_serve_refuses_bad_options(
    monkeypatch: Any, args: list[str], env: dict[str, str], message: str
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(CommandError, match=message):
        call_command("serve", *args)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.django_db(transaction=True)
def test_serve_answers_from_several_workers_and_stops_gracefully_on_sigterm(
    monkeypatch: Any,
) -> None:
    from django.db import connection

    from missioncj.demo.loadtest.server import database_url

    port = free_port()
    env = {
        **os.environ,
        "MISSIONCJ_DATABASE_URL": database_url(connection.settings_dict),
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "missioncj.cli", "serve", "--workers", "2", "--threads", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/healthz"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    assert answer.status == 200
                    assert answer.headers["Server"] == "gunicorn"
                    break
            except OSError:
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        # Static files are served by whitenoise from the workers.
        static = f"http://127.0.0.1:{port}/static/missioncj/app.css"
        with urllib.request.urlopen(static, timeout=5) as answer:
            assert answer.status == 200
            assert answer.headers["Content-Type"].startswith("text/css")
        # The master and its two workers.
        deadline = time.monotonic() + 30
        while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(_children(process.pid)) == 2
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=server.GRACEFUL_SECONDS + 10) == 0
        output = process.stdout.read().decode() if process.stdout else ""
        assert f"Serving on http://127.0.0.1:{port}/ (2 workers x 2 threads)" in output
        with pytest.raises(OSError):
            urllib.request.urlopen(url, timeout=2)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
