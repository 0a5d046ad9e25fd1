"""Background tasks without a message broker: a `Task` row per request, run in a thread of the
web process once the request's transaction commits (or by `missioncj tasks run` in a worker
process), reporting progress on the row as it goes.

    @register("outcomes.dashboard")
    def build(params: dict, progress: Progress) -> dict: ...

    task = request_task(actor=user, kind="outcomes.dashboard", params={...})

A request with the same kind and parameters reuses a task that is waiting, running, or finished
within `fresh_for`, so reloading a page does not start the work again. Parameters must carry
everything that decides what the result may contain (e.g. the program ids the user may read):
two users share a result only when they asked for exactly the same thing.

`MISSIONCJ_TASKS = "inline"` runs the task at once in the requesting thread (tests); the
default `"thread"` starts a daemon thread when the request's transaction commits; `"queue"`
only leaves the row waiting, for `missioncj tasks run --loop` workers (several app servers:
reports run on the workers, not in the processes that answer pages). A worker claims a task
with one conditional UPDATE, so any number of workers can poll the same table."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone

from missioncj.core.models import Task, TaskStatus

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
STALE = dt.timedelta(minutes=30)  # a task waiting or running this long is taken for dead
TaskFn = Callable[[dict[str, Any], Progress], dict[str, Any]]
TASKS: dict[str, TaskFn] = {}


def register(kind: str) -> Callable[[TaskFn], TaskFn]:
    def wrap(fn: TaskFn) -> TaskFn:
        TASKS[kind] = fn
        return fn

    return wrap


def params_key(kind: str, params: dict[str, Any]) -> str:
    text = json.dumps([kind, params], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def request_task(
    *,
    actor: Any,
    kind: str,
    params: dict[str, Any],
    fresh_for: dt.timedelta = dt.timedelta(minutes=10),
) -> Task:
    if kind not in TASKS:
        raise KeyError(f"No task named {kind}")
    key = params_key(kind, params)
    now = timezone.now()
    # A finished result is fresh for `fresh_for`; a waiting or running task only while it
    # could still be alive (a restart can leave a row "running" that nothing runs).
    reusable = (
        Task.objects.filter(kind=kind, params_key=key)
        .filter(
            Q(status=TaskStatus.DONE, finished_at__gte=now - fresh_for)
            | Q(status__in=[TaskStatus.QUEUED, TaskStatus.RUNNING], created_at__gte=now - STALE)
        )
        .order_by("-created_at")
        .first()
    )
    if reusable is not None:
        return reusable
    task = Task.objects.create(kind=kind, params=params, params_key=key, requested_by=actor)
    mode = getattr(settings, "MISSIONCJ_TASKS", "thread")
    if mode == "inline":
        run_task(task.pk)
        task.refresh_from_db()
        return task
    if mode == "thread":
        transaction.on_commit(lambda: _start(task.pk))
    # "queue": left waiting for a `missioncj tasks run --loop` worker process.
    return task


def _start(task_id: int) -> None:
    threading.Thread(target=_run_in_thread, args=(task_id,), daemon=True).start()


def _run_in_thread(task_id: int) -> None:
    try:
        run_task(task_id)
    finally:
        connection.close()


def _progress(task_id: int) -> Progress:
    def report(done: int, total: int, step: str) -> None:
        Task.objects.filter(pk=task_id).update(done=done, total=total, step=step[:120])

    return report


def run_task(task_id: int) -> bool:
    """Run one waiting task; False if another runner claimed it first."""
    claimed = Task.objects.filter(pk=task_id, status=TaskStatus.QUEUED).update(
        status=TaskStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return False
    task = Task.objects.get(pk=task_id)
    try:
        result = TASKS[task.kind](task.params, _progress(task_id))
    except Exception as exc:
        logger.exception("task %s failed", task.kind)
        Task.objects.filter(pk=task_id).update(
            status=TaskStatus.FAILED, error=str(exc)[:300], finished_at=timezone.now()
        )
        return True
    Task.objects.filter(pk=task_id).update(
        status=TaskStatus.DONE, result=result, finished_at=timezone.now()
    )
    return True


def reclaim_stale() -> int:
    """Mark tasks "running" for longer than STALE as failed; returns how many."""
    return Task.objects.filter(
        status=TaskStatus.RUNNING, started_at__lt=timezone.now() - STALE
    ).update(
        status=TaskStatus.FAILED,
        error="Stopped before it finished (the process ended).",
        finished_at=timezone.now(),
    )


def run_waiting(limit: int = 100) -> int:
    """Run tasks left waiting (a worker process, or after a restart); returns how many ran.
    Tasks "running" for longer than STALE (their thread died with its process) are marked
    failed, so the next request starts afresh."""
    close_old_connections()
    Task.objects.filter(status=TaskStatus.RUNNING, started_at__lt=timezone.now() - STALE).update(
        status=TaskStatus.FAILED,
        error="Stopped before it finished (the process ended).",
        finished_at=timezone.now(),
    )
    ran = 0
    for task_id in (
        Task.objects.filter(status=TaskStatus.QUEUED)
        .order_by("pk")[:limit]
        .values_list("pk", flat=True)
    ):
        ran += run_task(task_id)
    return ran
