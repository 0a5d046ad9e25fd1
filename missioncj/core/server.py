"""The production server behind `missioncj serve` (and the demo's `missioncj run`).

gunicorn runs several worker processes, each with a few threads (the `gthread` worker), so a
page uses every core the machine has rather than the one core a single Python process can use.
The application is loaded once in the master and forked (`preload_app`): workers start fast,
share memory, and an import error stops the server at start instead of in a worker loop.

Shutdown: SIGTERM is graceful — the master stops accepting connections, the workers finish the
requests they are serving (up to `GRACEFUL_SECONDS`) and exit. SIGINT (Ctrl-C) and SIGQUIT stop
at once.

SQLite works across processes because it runs in WAL mode (readers never wait for the writer)
with `transaction_mode="IMMEDIATE"` and a busy timeout, so writers from several processes queue
on the database lock instead of failing; every worker opens its own connections after the fork.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

# A request slower than this is still served (gthread workers heartbeat from their main
# thread, so a long export does not get its worker killed); this bounds an unresponsive worker.
WORKER_TIMEOUT_SECONDS = 120
GRACEFUL_SECONDS = 30
# Idle keep-alive connections wait in the worker's poller, not in a thread.
KEEPALIVE_SECONDS = 5


@dataclass(frozen=True)
class ServerPlan:
    host: str
    port: int
    workers: int
    threads: int

    @property
    def bind(self) -> str:
        host = f"[{self.host}]" if ":" in self.host and not self.host.startswith("[") else self.host
        return f"{host}:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.bind}/"


def default_workers(cpus: int | None = None) -> int:
    """One process per core plus one, so a core is never idle while a worker waits on the
    database or on a slow client (measured: docs/scaling.md)."""
    cores = cpus if cpus is not None else (os.cpu_count() or 1)
    return max(2, cores + 1)


def default_threads() -> int:
    """Threads per worker: enough to overlap database waits (fsync of a commit, a busy
    SQLite writer) without more GIL contention than it saves (measured: docs/scaling.md)."""
    return 4


def plan(
    *, host: str, port: int, workers: int | None = None, threads: int | None = None
) -> ServerPlan:
    workers = default_workers() if workers is None else workers
    threads = default_threads() if threads is None else threads
    if not 1 <= workers <= 64:
        raise ValueError(f"--workers must be between 1 and 64 (got {workers})")
    if not 1 <= threads <= 64:
        raise ValueError(f"--threads must be between 1 and 64 (got {threads})")
    if not 0 <= port <= 65535:
        raise ValueError(f"--port must be between 0 and 65535 (got {port})")
    return ServerPlan(host=host, port=port, workers=workers, threads=threads)


def _after_fork(server: Any, worker: Any) -> None:
    """A worker must never reuse a database connection opened in the master."""
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        conn.close()


def gunicorn_options(server_plan: ServerPlan) -> dict[str, Any]:
    return {
        "bind": [server_plan.bind],
        "workers": server_plan.workers,
        "threads": server_plan.threads,
        "worker_class": "gthread",
        "preload_app": True,
        "timeout": WORKER_TIMEOUT_SECONDS,
        "graceful_timeout": GRACEFUL_SECONDS,
        "keepalive": KEEPALIVE_SECONDS,
        "post_fork": _after_fork,
        "proc_name": "missioncj",
        # Requests are not logged one by one (the app's audit trail records what matters);
        # errors go to stderr.
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        # Heartbeat files in memory where there is a tmpfs (containers often have a slow /tmp).
        "worker_tmp_dir": "/dev/shm" if os.path.isdir("/dev/shm") else None,  # noqa: S108
        # No runtime control socket: two servers on one machine must not share one.
        "control_socket_disable": True,
    }


def run(server_plan: ServerPlan) -> None:
    """Serve until SIGTERM or SIGINT (blocks)."""
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from missioncj.wsgi import application

    # Whatever the caller (e.g. `missioncj run` after migrating) opened is not inherited.
    connections.close_all()
    options = gunicorn_options(server_plan)

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                if key in self.cfg.settings and value is not None:
                    self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    Server().run()
