"""Work higher floors attach to program creation (e.g. care seeds the default curricula).

`programs` cannot import `care`; care appends a callable here from its AppConfig.ready().
Each hook is called as `hook(actor=..., program=...)` at the end of `create_program`, inside
its transaction, so a failing hook leaves no program behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ProgramCreated = Callable[..., Any]

program_created: list[ProgramCreated] = []


def register(hook: ProgramCreated) -> ProgramCreated:
    if hook not in program_created:
        program_created.append(hook)
    return hook


@dataclass(frozen=True)
class ProgramLink:
    """A page a higher floor offers about a whole program (reversed with its public id), listed
    beside each program on the programs page."""

    label: str
    url_name: str


program_links: list[ProgramLink] = []


def register_link(link: ProgramLink) -> ProgramLink:
    if link not in program_links:
        program_links.append(link)
    return link
