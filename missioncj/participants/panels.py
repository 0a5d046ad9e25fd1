"""Sections of the participant page contributed by higher floors (CTI phase, dose, plans …).

Like the timeline, `participants` cannot import `care` or `court`; they register panels here.
Each panel names a template and a function that returns its context (or None to hide it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from missioncj.participants.models import Episode, Participant

T = TypeVar("T")

PanelContext = Callable[[Participant, Any, list[Episode]], dict[str, Any] | None]


class PageEpisodes(list[Episode]):
    """The participant's episodes as `Episode.objects.visible_to(user)` returned them for one
    page, handed to every panel and timeline provider, with a place where they share rows
    that more than one of them shows (read once per page, not once per panel)."""

    def __init__(self, episodes: Iterable[Episode]) -> None:
        super().__init__(episodes)
        self.shared: dict[str, Any] = {}


def shared(episodes: list[Episode], key: str, read: Callable[[], T]) -> T:
    """`read()`, once per page when `episodes` are the participant page's."""
    memo = getattr(episodes, "shared", None)
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return cast(T, memo[key])


def shared_newest(episodes: list[Episode], key: str, limit: int, read: Callable[[int], T]) -> T:
    """`read(limit)`: the newest `limit` rows of something (a list, or a tuple whose first item
    is that list), taken from an earlier read of at least as many rows on the same page
    when there was one."""
    memo = getattr(episodes, "shared", None)
    if memo is None:
        return read(limit)
    found = memo.get(key)
    if found is not None and found[0] >= limit:
        return cast(T, _first(found[1], limit))
    rows = read(limit)
    memo[key] = (limit, rows)
    return rows


def _first(rows: Any, limit: int) -> Any:
    if isinstance(rows, tuple):
        return (rows[0][:limit], *rows[1:])
    return rows[:limit]


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
