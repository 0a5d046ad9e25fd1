"""Sections of the participant page contributed by higher floors (CTI phase, dose, plans …).

Like the timeline, `participants` cannot import `care` or `court`; they register panels here.
Each panel names a template and a function that returns its context (or None to hide it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from missioncj.participants.models import Episode, Participant

PanelContext = Callable[[Participant, Any, list[Episode]], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: PanelContext
    order: int = 100


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    template: str
    context: dict[str, Any]


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    _panels[panel.key] = panel
    return panel


def panels_for(participant: Participant, user: Any, episodes: list[Episode]) -> list[RenderedPanel]:
    rendered = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(participant, user, episodes)
        if context is not None:
            rendered.append(RenderedPanel(panel.key, panel.template, context))
    return rendered
