"""Lists and reports as files: the shape every floor hands over (`Table`, `Column`) and the one
call a view makes (`export_response`). The writer itself lives in `interop.tables` (the export
floor), which plugs in here from its `AppConfig.ready()`, so care, court, privacy or outcomes
can offer a download without importing a higher floor.

Convention: a page offers its rows as `?format=csv` or `?format=xlsx` on its own URL, with the
same filters (`wanted_format`; the links come from the `_download.html` include)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponseBase

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass
class Table:
    """A named list of rows. Rows are mappings by column key, or sequences in column order;
    they may be a generator (e.g. over a queryset's `.iterator()`), read once."""

    name: str
    columns: Sequence[Column]
    rows: Iterable[Mapping[str, Any] | Sequence[Any]]

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.columns]


def columns(*pairs: tuple[str, str]) -> list[Column]:
    """`columns(("key", "Label"), …)`."""
    return [Column(key, label) for key, label in pairs]


def wanted_format(request: HttpRequest) -> str | None:
    """`csv` or `xlsx` when the page was asked for a download, else None."""
    fmt = request.GET.get("format", "")
    return fmt if fmt in FORMATS else None


Sender = Callable[..., HttpResponseBase]
_SENDER: list[Sender] = []


def register_sender(sender: Sender) -> None:
    _SENDER[:] = [sender]


def export_response(
    request: HttpRequest,
    table: Table,
    fmt: str,
    *,
    program: Any,
    name: str,
    identified: bool,
    participant_count: int | Callable[[], int],
    kind: str = "table",
) -> HttpResponseBase:
    """Write the table as `fmt`, log it in the export log (with its audit event) and send it.
    `name` says which list it is (e.g. `care.caseload`); `identified` whether rows name anyone;
    `participant_count` how many distinct participants the rows carry — or a function asked
    once the rows are written, for rows that stream from a generator and are counted on the
    way."""
    if not _SENDER:  # pragma: no cover - interop is an installed app
        raise RuntimeError("No export writer is installed (missioncj.interop).")
    return _SENDER[0](
        request,
        table,
        fmt,
        program=program,
        name=name,
        identified=identified,
        participant_count=participant_count,
        kind=kind,
    )


def participant_file(
    request: HttpRequest, participant: Any, table: Table, fmt: str, *, name: str
) -> HttpResponseBase:
    """One participant's list (events, assessments, tests, referrals) as a file: identified,
    about that one person."""
    return export_response(
        request, table, fmt, program=None, name=name, identified=True, participant_count=1
    )
