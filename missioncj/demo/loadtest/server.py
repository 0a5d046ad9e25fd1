"""Start `missioncj serve` on a free loopback port for the load test, and stop it (SIGTERM,
the graceful path production uses)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from missioncj.core.server import GRACEFUL_SECONDS

START_SECONDS = 60


class ServerFailed(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_url(settings_dict: dict[str, Any]) -> str:
    """The MISSIONCJ_DATABASE_URL of a Django connection (e.g. the test database)."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    query = []
    if settings_dict.get("HOST"):
        query.append(f"host={quote(settings_dict['HOST'], safe='/')}")
    if settings_dict.get("PORT"):
        query.append(f"port={settings_dict['PORT']}")
    suffix = "?" + "&".join(query) if query else ""
    return f"postgresql://{credentials}/{settings_dict['NAME']}{suffix}"


@dataclass(frozen=True)
class Running:
    url: str
    pid: int

    def cpu_seconds(self) -> float | None:
        """CPU time used so far by the server: its master and its worker processes (Linux
        /proc; None elsewhere). Per request, it says what the server needs of a machine
        whatever else that machine is doing."""
        return process_tree_cpu(self.pid)


def _stat(pid: int | str) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # fields from the state on (the name may hold spaces)


def process_tree_cpu(pid: int) -> float | None:
    own = _stat(pid)
    if own is None:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    # utime, stime (this process) and cutime, cstime (children it has waited for).
    total = sum(int(v) for v in own[11:15])
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(entry.name)
            if fields is not None and int(fields[1]) == pid:
                total += int(fields[11]) + int(fields[12])
    return total / ticks


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=2) as answer:  # noqa: S310
            return bool(answer.status == 200)
    except OSError:
        return False


@contextlib.contextmanager
def served(
    *,
    workers: int | None = None,
    threads: int | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[Running]:
    """Run `missioncj serve` on 127.0.0.1:<free port> with this process's settings (plus
    `env`), yield it (base URL and process id), and stop it gracefully afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "missioncj.cli", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port)]
    if workers is not None:
        command += ["--workers", str(workers)]
    if threads is not None:
        command += ["--threads", str(threads)]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(  # noqa: S603  (our own command, no shell)
            command,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + START_SECONDS
            while not _healthy(url):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    tail = log.read().decode("utf-8", "replace")[-2000:]
                    raise ServerFailed(f"`missioncj serve` did not start:\n{tail}")
                time.sleep(0.2)
            yield Running(url=url, pid=process.pid)
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=GRACEFUL_SECONDS + 10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
