"""Reading pieces of our own rendered pages (an SVG chart, a table) as XML in tests."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET


def element(html: str, tag: str, dom_id: str) -> ET.Element:
    """The `<tag id="dom_id">…</tag>` of a page, parsed; the page is markup this app rendered."""
    found = re.search(rf'<{tag}[^>]*id="{dom_id}".*?</{tag}>', html, re.DOTALL)
    assert found, f"no <{tag}> with id {dom_id}"
    return ET.fromstring(found.group(0))  # noqa: S314 (our own markup, not untrusted input)


def body_rows(html: str, table_id: str) -> list[ET.Element]:
    body = element(html, "table", table_id).find("tbody")
    assert body is not None
    return body.findall("tr")


def text(node: ET.Element) -> str:
    return " ".join("".join(node.itertext()).split())
