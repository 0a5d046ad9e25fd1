"""Background tasks: reuse, failure, progress, and a real thread."""

from __future__ import annotations

import time

import pytest

from missioncj.core import tasks
from missioncj.core.models import Task, TaskStatus


@tasks.register("test.square")
def _square(params, progress):
    progress(1, 2, "halfway")
    return {"square": params["n"] ** 2}


@tasks.register("test.broken")
def _broken(params, progress):
    raise ValueError("the data ran out")


def test_a_task_runs_reports_and_is_reused(world):
    actor = world.user("director")
    task = tasks.request_task(actor=actor, kind="test.square", params={"n": 7})
    assert (task.status, task.result, task.percent) == (TaskStatus.DONE, {"square": 49}, 100)
    assert task.step == "halfway" and task.total == 2
    again = tasks.request_task(actor=actor, kind="test.square", params={"n": 7})
    assert again.pk == task.pk
    other = tasks.request_task(actor=actor, kind="test.square", params={"n": 8})
    assert other.pk != task.pk and other.result == {"square": 64}


def test_a_failure_is_recorded_and_not_reused(world):
    actor = world.user("director")
    task = tasks.request_task(actor=actor, kind="test.broken", params={})
    assert task.status == TaskStatus.FAILED
    assert task.error == "the data ran out"
    assert tasks.request_task(actor=actor, kind="test.broken", params={}).pk != task.pk


def test_unknown_task_kind_is_refused(world):
    with pytest.raises(KeyError):
        tasks.request_task(actor=world.user("director"), kind="test.none", params={})


@pytest.mark.django_db(transaction=True)
def test_in_a_thread_after_commit(settings, django_user_model):
    settings.MISSIONCJ_TASKS = "thread"
    actor = django_user_model.objects.create(username="thread-runner")
    task = tasks.request_task(actor=actor, kind="test.square", params={"n": 3})
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        task.refresh_from_db()
        if task.status == TaskStatus.DONE:
            break
        time.sleep(0.1)
    assert task.status == TaskStatus.DONE
    assert task.result == {"square": 9}


@pytest.mark.django_db(transaction=True)
def test_waiting_tasks_are_run_by_the_worker_command(settings, django_user_model):
    from django.core.management import call_command

    actor = django_user_model.objects.create(username="worker")
    task = Task.objects.create(
        kind="test.square", params={"n": 5}, params_key="x", requested_by=actor
    )
    call_command("tasks", "run")
    task.refresh_from_db()
    assert (task.status, task.result) == (TaskStatus.DONE, {"square": 25})


def test_a_task_left_running_by_a_dead_process_is_not_reused(world):
    import datetime as dt

    from django.utils import timezone

    actor = world.user("director")
    long_ago = timezone.now() - dt.timedelta(hours=2)
    dead = Task.objects.create(
        kind="test.square",
        params={"n": 4},
        params_key=tasks.params_key("test.square", {"n": 4}),
        requested_by=actor,
        status=TaskStatus.RUNNING,
        started_at=long_ago,
    )
    Task.objects.filter(pk=dead.pk).update(created_at=long_ago)
    fresh = tasks.request_task(actor=actor, kind="test.square", params={"n": 4})
    assert fresh.pk != dead.pk and fresh.result == {"square": 16}
    assert tasks.reclaim_stale() == 1
    dead.refresh_from_db()
    assert dead.status == TaskStatus.FAILED
    assert "Stopped before it finished" in dead.error
