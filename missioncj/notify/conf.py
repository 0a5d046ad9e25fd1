"""Reminder settings: `missioncj.config` (the environment, validated at start-up), overridable by
a Django setting of the same name (`MISSIONCJ_NOTIFY_BACKEND`, `MISSIONCJ_SMS_URL`, …)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from missioncj.config import config


def setting(name: str) -> Any:
    return getattr(settings, f"MISSIONCJ_{name.upper()}", getattr(config, name))
