"""Given names that may stand for the same person (Bill / William, Pepe / José), read from the
package's own table `data/given_names.txt`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from missioncj.participants.names import fold

TABLE = Path(__file__).parent / "data" / "given_names.txt"


@cache
def _groups() -> tuple[tuple[str, ...], ...]:
    groups = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        names = tuple(dict.fromkeys(fold(n) for n in line.split(",") if n.strip()))
        if len(names) > 1:
            groups.append(names)
    return tuple(groups)


@cache
def _index() -> dict[str, frozenset[int]]:
    index: dict[str, set[int]] = {}
    for number, names in enumerate(_groups()):
        for name in names:
            index.setdefault(name, set()).add(number)
    return {name: frozenset(numbers) for name, numbers in index.items()}


def same_person_names(a: str, b: str) -> bool:
    """True when two different folded given names are in one group of the table."""
    if a == b:
        return False
    index = _index()
    return bool(index.get(a, frozenset()) & index.get(b, frozenset()))


def alternatives(name: str, limit: int = 5) -> list[str]:
    """Other names a person called `name` may be recorded under, most likely first: the formal
    names of its groups, then the rest of each group in the table's order; at most `limit`."""
    groups = [_groups()[n] for n in sorted(_index().get(name, ()))]
    ordered = [g[0] for g in groups] + [n for g in groups for n in g[1:]]
    return [n for n in dict.fromkeys(ordered) if n != name][:limit]
