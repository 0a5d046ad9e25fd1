"""Read a page the way a browser submits it: the fields of a form with their current values
(text inputs, checked boxes, selected options, text areas), the CSRF token included."""

from __future__ import annotations

import re
from html.parser import HTMLParser

PARTICIPANT_LINK = re.compile(r'href="/participants/([0-9a-f-]{36})/"[^>]*>([^<]+)<')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _FormReader(HTMLParser):
    """Collects the fields of the first POST form whose action is this page (not sign-out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self.found = False
        self._inside = False
        self._select: str | None = None
        self._select_options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if not self.found and a.get("method", "").lower() == "post" and not a.get("action"):
                self._inside = self.found = True
            return
        if not self._inside:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._select_options = name, []
        elif tag == "option" and self._select is not None:
            self._select_options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._inside:
            self._inside = False
        elif tag == "select" and self._select is not None:
            chosen = [v for v, selected in self._select_options if selected]
            # Like a browser: the first option when none is marked selected.
            if chosen or self._select_options:
                self.fields.append((self._select, (chosen or [self._select_options[0][0]])[0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None


def page_form(html: str) -> list[tuple[str, str]]:
    """The fields the page's own POST form would submit; empty when it has none."""
    reader = _FormReader()
    reader.feed(html)
    reader.close()
    return reader.fields if reader.found else []


def with_values(fields: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    """The same fields with some set (added when absent)."""
    out = [(k, values.get(k, v)) for k, v in fields]
    out += [(k, v) for k, v in values.items() if k not in {name for name, _ in fields}]
    return out


def csrf_token(html: str) -> str | None:
    found = CSRF_FIELD.search(html)
    return found.group(1) if found else None


def participant_links(html: str) -> list[tuple[str, str]]:
    """(public id, name) of every participant linked from a page, in order, once each."""
    seen: dict[str, str] = {}
    for public_id, name in PARTICIPANT_LINK.findall(html):
        seen.setdefault(public_id, name.strip())
    return list(seen.items())
