"""The support network as a simple picture: an inline SVG drawn on the server (no script, no
outside library). The participant is in the centre; active ties sit around a circle, grouped
by role; a line's thickness is the tie's strength (the table beside it says the same in words,
so colour and thickness are never the only cue). Ended ties are not drawn."""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from missioncj.linkage.models import SupportRole, SupportTie

SIZE = 360
CENTRE = SIZE / 2
RADIUS = 130
STROKE = {1: 1.5, 2: 4, 3: 7}
ROLE_ORDER = {role.value: index for index, role in enumerate(SupportRole)}


def active_ties(ties: Sequence[SupportTie]) -> list[SupportTie]:
    """Ties still in place, grouped by role (in the order of `SupportRole`), then by name."""
    live = [t for t in ties if t.ended_on is None]
    return sorted(live, key=lambda t: (ROLE_ORDER.get(t.role, 99), t.name.lower(), t.pk or 0))


def _short(text: str, limit: int = 18) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def network_svg(centre_label: str, ties: Sequence[SupportTie]) -> SafeString:
    live = active_ties(ties)
    count = max(len(live), 1)
    nodes = []
    for index, tie in enumerate(live):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        x = round(CENTRE + RADIUS * math.cos(angle), 1)
        y = round(CENTRE + RADIUS * math.sin(angle), 1)
        nodes.append(
            (
                tie.role,
                CENTRE,
                CENTRE,
                x,
                y,
                STROKE.get(tie.strength, 1.5),
                f"{tie.get_role_display()}: {tie.name} ({tie.get_strength_display().lower()})",
                x,
                y,
                x,
                round(y + 26, 1),
                _short(tie.name),
                x,
                round(y + 38, 1),
                _short(str(tie.get_role_display())),
            )
        )
    body = format_html_join(
        "",
        '<g class="tie tie-{}"><line x1="{}" y1="{}" x2="{}" y2="{}" stroke-width="{}">'
        "</line><title>{}</title>"
        '<circle cx="{}" cy="{}" r="14"></circle>'
        '<text x="{}" y="{}" text-anchor="middle" class="tie-name">{}</text>'
        '<text x="{}" y="{}" text-anchor="middle" class="tie-role">{}</text></g>',
        nodes,
    )
    summary = (
        f"{centre_label}'s support network: {len(live)} active tie{'s' if len(live) != 1 else ''}"
    )
    return format_html(
        '<svg class="network-picture" viewBox="0 -10 {} {}" role="img" '
        'aria-labelledby="network-title" xmlns="http://www.w3.org/2000/svg">'
        '<title id="network-title">{}</title>{}'
        '<g class="centre"><circle cx="{}" cy="{}" r="24"></circle>'
        '<text x="{}" y="{}" text-anchor="middle">{}</text></g></svg>',
        SIZE,
        SIZE + 30,
        summary,
        body,
        CENTRE,
        CENTRE,
        CENTRE,
        CENTRE + 4,
        _short(centre_label, 14),
    )
