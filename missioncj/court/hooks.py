"""What other apps may hook into, without court importing them: `docket_changed` is called
(after the transaction commits) with a DocketEntry whenever a participant is put on a docket,
taken off it (the entry is then passed with `removed=True`), or the hearing's date, time or
status changes (called once per entry). `notify` uses it to plan and cancel reminders."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction

DocketHook = Callable[..., None]
_docket_hooks: list[DocketHook] = []


def on_docket_changed(hook: DocketHook) -> None:
    if hook not in _docket_hooks:
        _docket_hooks.append(hook)


def docket_changed(entry: Any, *, removed: bool = False) -> None:
    """Call every hook once the current transaction commits."""
    for hook in list(_docket_hooks):
        transaction.on_commit(partial(hook, entry, removed=removed))
