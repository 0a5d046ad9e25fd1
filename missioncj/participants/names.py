"""Names folded to one comparable form, in SQL (the stored match key) and in Python (queries).

The stored key (`Participant.name_key`) is a database-generated column, so every way a row is
written (services, bulk loaders, imports) keeps it right. Both sides fold the same way: lower
case, common Latin accents dropped, apostrophes dropped, hyphens and full stops read as spaces.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from django.db.models import CharField, Func

# Accented letters seen in names from Spanish, Portuguese, French and Italian, both cases (the
# SQL LOWER of SQLite and of a PostgreSQL "C" collation only folds ASCII).
_ACCENTS = {
    "a": "áàâãäåÁÀÂÃÄÅ",
    "e": "éèêëÉÈÊË",
    "i": "íìîïÍÌÎÏ",
    "o": "óòôõöÓÒÔÕÖ",
    "u": "úùûüÚÙÛÜ",
    "n": "ñÑ",
    "c": "çÇ",
    "y": "ýÿÝ",
}
_PUNCTUATION = {"'": "", "\u2019": "", "-": " ", ".": " "}  # \u2019: a typographic apostrophe
# One character to its replacement ("" drops it), for the SQL side.
_MAPPING = {
    **{letter: plain for plain, letters in _ACCENTS.items() for letter in letters},
    **_PUNCTUATION,
}
# SQLite parses nested calls on a small stack (about 25 deep), so there the key folds the
# Spanish letters only; other accents still match most trigrams, and the Python re-rank folds
# every accent.
_SQLITE_MAPPING = {letter: _MAPPING[letter] for letter in "áéíóúüñÁÉÍÓÚÜÑ"} | _PUNCTUATION


class FoldedName(Func):
    """`first || ' ' || last` folded in SQL: LOWER, then accents and punctuation mapped one
    character at a time (TRANSLATE on PostgreSQL, nested REPLACE on SQLite, which has no
    TRANSLATE). The expression of the generated `name_key` column."""

    arity = 2
    output_field = CharField()

    def _joined(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        first, first_params = compiler.compile(self.source_expressions[0])
        last, last_params = compiler.compile(self.source_expressions[1])
        return f"LOWER({first} || ' ' || {last})", [*first_params, *last_params]

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> Any:
        sql, params = self._joined(compiler, connection)
        for source, target in _SQLITE_MAPPING.items():
            sql = f"REPLACE({sql}, {_quoted(source)}, {_quoted(target)})"
        return sql, params

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        sql, params = self._joined(compiler, connection)
        # TRANSLATE drops the characters of the first list that have no partner in the second,
        # so the dropped ones go last.
        mapped = [(s, t) for s, t in _MAPPING.items() if t]
        dropped = [s for s, t in _MAPPING.items() if not t]
        sources = "".join([s for s, _ in mapped] + dropped)
        targets = "".join(t for _, t in mapped)
        return f"TRANSLATE({sql}, {_quoted(sources)}, {_quoted(targets)})", params


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=8192)  # names repeat a lot, and re-ranking folds each one several times
def fold(text: str) -> str:
    """A name folded like the stored key, then with any other accent removed and spaces
    collapsed: "  José  O'Brien-Díaz " → "jose obrien diaz"."""
    text = text.lower()
    for mark, replacement in _PUNCTUATION.items():
        text = text.replace(mark, replacement)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=8192)
def soundex(word: str) -> str:
    """American Soundex of a folded word ("" for a word without letters): names that sound
    alike when spoken over a phone or a counter share a code (Smith, Smyth → S530)."""
    letters = [c for c in fold(word) if "a" <= c <= "z"]
    if not letters:
        return ""
    codes = {
        **dict.fromkeys("bfpv", "1"),
        **dict.fromkeys("cgjkqsxz", "2"),
        **dict.fromkeys("dt", "3"),
        "l": "4",
        **dict.fromkeys("mn", "5"),
        "r": "6",
    }
    out = [letters[0].upper()]
    previous = codes.get(letters[0], "")
    for letter in letters[1:]:
        code = codes.get(letter, "")
        if code and code != previous:
            out.append(code)
        if letter not in "hw":  # h and w do not separate letters with the same code
            previous = code
        if len(out) == 4:
            break
    return "".join(out).ljust(4, "0")
