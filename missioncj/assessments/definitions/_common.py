"""Helpers shared by the shipped instrument definitions (plain data, no Django)."""

from __future__ import annotations

from typing import Any


def options(*labels: str, start: int = 0) -> list[dict[str, Any]]:
    """[{"value": start, "label": labels[0]}, …] — values count up from `start`."""
    return [{"value": start + i, "label": label} for i, label in enumerate(labels)]


def valued(*pairs: tuple[int, str]) -> list[dict[str, Any]]:
    return [{"value": value, "label": label} for value, label in pairs]


def items(texts: list[str], opts: list[dict[str, Any]], prefix: str = "q") -> list[dict[str, Any]]:
    """Numbered items q1…qN sharing one response scale, all required."""
    return [
        {"id": f"{prefix}{n}", "text": text, "options": opts, "required": True}
        for n, text in enumerate(texts, start=1)
    ]


def band(low: int, high: int, code: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"min": low, "max": high, "code": code, "label": label, **extra}


YES_NO = [{"value": 1, "label": "Yes"}, {"value": 0, "label": "No"}]
