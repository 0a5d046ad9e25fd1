"""Small lookups for the fidelity templates."""

from __future__ import annotations

from typing import Any

from django import template

from missioncj.outcomes import fidelity_weeks as weeks

register = template.Library()


@register.filter
def count(counts: weeks.Counts, name: str) -> int:
    return int(getattr(counts, name))


@register.filter
def rate(rates: dict[str, float | None], name: str) -> str:
    value = rates.get(name)
    return "—" if value is None else f"{value:.2f}"


@register.filter
def label(labels: dict[str, str], name: str) -> str:
    return labels.get(name, name)


@register.filter
def rest(share: float) -> float:
    """The other part of a percentage (100 minus share), one decimal."""
    return round(100 - share, 1)


@register.filter
def sessions(item: Any, kind: str) -> str:
    """Distinct sessions completed of the curriculum, as x/N."""
    total = item.facts.totals.get(kind, 0)
    return f"{item.sessions_done(kind)}/{total or '—'}"


@register.filter
def phase(number: int | None) -> str:
    return weeks.phase_name(number)
