"""Reports read from a replica; everything else, and every write, uses the primary.

With `MISSIONCJ_REPLICA_URL` set, settings add a `replica` database (a PostgreSQL streaming
replica of the primary). Code that computes a report marks itself:

    with reading_replica():
        report = court_measures(program, filters)

    @reads_replica
    def build_dashboard(params, progress): ...

Inside, reads go to the replica, except where they must not:
- inside a transaction on the primary (a transaction sees its own writes, and
  `select_for_update` only means something on the primary);
- the cache and sessions (sign-in limits and used TOTP codes are written on the primary and
  must be read back from it at once).
Writes always go to the primary. Without the setting nothing changes: there is no `replica`.
A replica lags the primary by a little (usually well under a second): reports may not yet
count the last few writes, which is why pages and forms never read from it.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
# Apps whose rows are read straight after they are written, by design.
PRIMARY_ONLY_APPS = frozenset({"django_cache", "sessions"})

_reading_replica: ContextVar[bool] = ContextVar("missioncj_reading_replica", default=False)

F = TypeVar("F", bound=Callable[..., Any])


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextlib.contextmanager
def reading_replica() -> Iterator[None]:
    """Reads inside go to the replica when there is one (see the module docstring)."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def reads_replica(fn: F) -> F:
    """Run `fn` inside `reading_replica()`; a generator is resumed inside it each time, so
    the context never leaks into whoever consumes it."""
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def generator(*args: Any, **kwargs: Any) -> Any:
            inner = fn(*args, **kwargs)
            while True:
                with reading_replica():
                    try:
                        item = next(inner)
                    except StopIteration as stop:
                        return stop.value
                yield item

        return generator  # type: ignore[return-value]

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with reading_replica():
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def read_alias(app_label: str) -> str:
    """Where a read of a model of `app_label` goes now."""
    if (
        _reading_replica.get()
        and app_label not in PRIMARY_ONLY_APPS
        and replica_configured()
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    ):
        return REPLICA
    return DEFAULT_DB_ALIAS


class ReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        return read_alias(model._meta.app_label)

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # The replica holds the same rows as the primary.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA, None}

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # A replica is a copy: it is migrated by replication, never directly.
        return db == DEFAULT_DB_ALIAS
