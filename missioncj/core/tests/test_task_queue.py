"""`MISSIONCJ_TASKS=queue`: web processes only enqueue; `missioncj tasks run` workers run each
task once, however many poll."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from missioncj.core import tasks
from missioncj.core.models import Task, TaskStatus


@tasks.register("test.queue.double")
def _double(params: dict[str, Any], progress: tasks.Progress) -> dict[str, Any]:
    return {"double": params["n"] * 2}


@pytest.mark.django_db(transaction=True)
def test_queued_tasks_wait_for_a_worker_and_run_once(settings: Any, django_user_model: Any) -> None:
    settings.MISSIONCJ_TASKS = "queue"
    actor = django_user_model.objects.create(username="reporter")
    task = tasks.request_task(actor=actor, kind="test.queue.double", params={"n": 21})
    # Committed (no transaction here) and still waiting: nothing in this process runs it.
    task.refresh_from_db()
    assert task.status == TaskStatus.QUEUED
    assert tasks.request_task(actor=actor, kind="test.queue.double", params={"n": 21}).pk == task.pk

    call_command("tasks", "run")
    task.refresh_from_db()
    assert (task.status, task.result) == (TaskStatus.DONE, {"double": 42})
    # A second worker finds nothing to claim.
    assert tasks.run_task(task.pk) is False
    assert tasks.run_waiting() == 0
    assert Task.objects.count() == 1
