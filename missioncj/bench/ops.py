"""An operation the benchmark measures, its target, and the signed-in clients that run pages.

Pages run through `django.test.Client` signed in with `force_login`, so middleware, sessions,
templates and the audit events of reads are all in the time. Signing in does not touch the
user's `last_login` (the benchmark leaves rows as it found them); each client signs out at the
end, which removes its session row. The login and logout are audit events, like the reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in
from django.http import HttpResponseBase
from django.test import Client

from missioncj.accounts.models import User
from missioncj.bench.facts import BenchError, Facts

Run = Callable[[int], Any]


@dataclass(frozen=True)
class Target:
    """What the task asks of an operation (None: nothing asked)."""

    p95_ms: float | None = None
    ratio: float | None = None  # at most this many times the hand-written SQL
    recall: float | None = None  # share of seeded duplicates found in the top 10
    flat_memory: bool = False

    @property
    def text(self) -> str:
        parts = []
        if self.p95_ms is not None:
            limit = f"{self.p95_ms / 1000:g} s" if self.p95_ms >= 1000 else f"{self.p95_ms:g} ms"
            parts.append(f"p95 ≤ {limit}")
        if self.ratio is not None:
            parts.append(f"≤ {self.ratio:g}x SQL")
        if self.recall is not None:
            parts.append(f"recall ≥ {self.recall:.0%}")
        if self.flat_memory:
            parts.append("flat memory")
        return ", ".join(parts) or "—"

    def as_dict(self) -> dict[str, Any]:
        return {
            "p95_ms": self.p95_ms,
            "ratio": self.ratio,
            "recall": self.recall,
            "flat_memory": self.flat_memory,
            "text": self.text,
        }


@dataclass
class Operation:
    name: str
    label: str
    target: Target = field(default_factory=Target)
    run: Run | None = None
    hand_sql: Run | None = None
    rows: int | None = None  # rows the operation shows or handles
    note: str = ""
    unavailable: str = ""  # why it cannot be measured here (the operation is not built yet)
    heavy: bool = False  # seconds per run: fewer runs (see runner.HEAVY_RUNS)
    after: Callable[[], dict[str, Any]] | None = None  # extra figures once timed
    cleanup: Callable[[], None] | None = None


def unavailable(name: str, label: str, target: Target, reason: str) -> Operation:
    return Operation(name, label, target, unavailable=reason)


class Clients:
    """One signed-in test client per user."""

    def __init__(self) -> None:
        self._clients: dict[int, Client] = {}

    def of(self, user: User) -> Client:
        client = self._clients.get(user.pk)
        if client is None:
            client = Client()
            user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
            try:
                client.force_login(user)
            finally:
                user_logged_in.connect(update_last_login, dispatch_uid="update_last_login")
            self._clients[user.pk] = client
        return client

    def close(self) -> None:
        for client in self._clients.values():
            client.logout()
        self._clients.clear()


def read(response: HttpResponseBase) -> int:
    """Read the whole body (a streamed file too) and return its length."""
    if getattr(response, "streaming", False):
        body = response.streaming_content  # type: ignore[attr-defined]
        size: int = sum(len(chunk) for chunk in body)
        response.close()
        return size
    return len(response.content)  # type: ignore[attr-defined]


@dataclass
class Context:
    facts: Facts
    clients: Clients
    today: dt.date
    import_rows: int
    export_rows: int

    def get(self, user: User, url: str, data: dict[str, Any] | None = None) -> int:
        """GET as the user; anything but 200 stops the benchmark with the reason."""
        response = self.clients.of(user).get(url, data or {})
        if response.status_code != 200:
            where = response.get("Location", "")
            raise BenchError(
                f"GET {url} as {user.username} answered {response.status_code}"
                + (f" (to {where})" if where else "")
                + "; the benchmark measures pages that answer 200."
            )
        return read(response)
