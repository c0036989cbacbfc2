"""How the quick search compares text: :func:`fold`, one rule on every database.

``fold(text)`` is ``text`` in compatibility form (NFKD: a full-width ``Ｍ``, a
ligature or a superscript become their plain letters), without accents (the
combining diacritical marks) and format characters (zero-width space, BOM, soft
hyphen, direction marks: category Cf), in lower case, composed again (NFC). So
``ÁDIL``, ``ádil``, ``adil`` and an NFD-encoded ``Ádil`` are one word, and so are
``Ｍanager``, ``Man<U+200B>ager`` and ``manager``.

A search word is folded in Python; the stored text is folded by the database:

- SQLite: :func:`fold` itself, registered as the SQL function ``lino_fold`` on
  every connection Django opens (its ``LIKE`` folds ASCII only);
- PostgreSQL: the same steps in SQL (:func:`fold_sql`: ``normalize``, ``lower``,
  ``regexp_replace``), also the expression of the trigram index;
- MariaDB: the accents and format characters are removed (``REGEXP_REPLACE``);
  case, precomposed accents and width are the collation's (``utf8mb4_unicode_ci``
  treats them as our rule does).

``docs/guide/search.rst`` ("Case, accents and look-alikes") states the rule.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import models
from django.db.models import Func
from django.db.models.lookups import IContains

__all__ = ["DROPPED_RANGES", "fold", "fold_sql", "register_sqlite_fold"]

#: The characters :func:`fold` removes (after NFKD), as inclusive ranges: the
#: combining diacritical mark blocks (accents) and the format characters (Cf,
#: Unicode 14). Written out, not computed, so that the SQL of the PostgreSQL
#: index stays the same text when Python's Unicode tables grow.
DROPPED_RANGES: tuple[tuple[int, int], ...] = (
    (0x0300, 0x036F),  # combining diacritical marks
    (0x1AB0, 0x1AFF),  # ... extended
    (0x1DC0, 0x1DFF),  # ... supplement
    (0x20D0, 0x20FF),  # ... for symbols
    (0xFE20, 0xFE2F),  # combining half marks
    (0x00AD, 0x00AD),  # format characters (Cf) from here on: soft hyphen
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),  # zero-width space, joiners, direction marks
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),  # BOM, zero-width no-break space
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
_DROP = {c: None for low, high in DROPPED_RANGES for c in range(low, high + 1)}
SQLITE_FUNCTION = "lino_fold"


def fold(text: str) -> str:
    """``text`` as the quick search compares it (see the module's docstring)."""
    if text.isascii():  # the common case: NFKD and the dropped ranges change nothing
        return text.lower()
    kept = unicodedata.normalize("NFKD", text).translate(_DROP)
    return unicodedata.normalize("NFC", kept.lower())


def _pg_range(low: int, high: int) -> str:
    def char(c: int) -> str:
        return f"\\u{c:04x}" if c <= 0xFFFF else f"\\U{c:08x}"

    return char(low) if low == high else f"{char(low)}-{char(high)}"


def _pcre_range(low: int, high: int) -> str:
    return f"\\x{{{low:x}}}" if low == high else f"\\x{{{low:x}}}-\\x{{{high:x}}}"


# ASCII only (PostgreSQL's regular expressions read \uXXXX): no quote, no %.
PG_DROPPED = "[" + "".join(_pg_range(*r) for r in DROPPED_RANGES) + "]"
MYSQL_DROPPED = "[" + "".join(_pcre_range(*r) for r in DROPPED_RANGES) + "]"


def fold_sql(sql: str) -> str:
    """PostgreSQL: the SQL of ``fold(<sql>)`` (immutable: a trigram index may hold it).

    ASCII text (as many bytes as characters) is only lowered, as :func:`fold` does:
    ``normalize`` and ``regexp_replace`` cost ten times ``lower`` on a scan.
    """
    kept = f"regexp_replace(normalize(({sql}), NFKD), '{PG_DROPPED}', '', 'g')"
    return (
        f"(CASE WHEN octet_length({sql}) = char_length({sql}) THEN lower({sql}) "
        f"ELSE normalize(lower({kept}), NFC) END)"
    )


def _sqlite_fold(value: Any) -> Any:
    return fold(value) if isinstance(value, str) else value


def register_sqlite_fold(sender: Any = None, connection: Any = None, **kwargs: Any) -> None:
    """``connection_created`` receiver: ``lino_fold`` on a SQLite connection.

    Deterministic, so that SQLite may use it in triggers and indexes. The
    ``QuickSearchIndex`` triggers call it: a program that writes those tables
    outside Django (the ``sqlite3`` shell) must register it too.
    """
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION, 1, _sqlite_fold, deterministic=True
        )


def _sqlite_sql(sql: str, params: list, pattern: str) -> tuple[str, list]:
    """SQLite: ASCII text is compared by ``LIKE`` itself (for ASCII it folds exactly as
    ``fold`` does); only text beyond ASCII (more bytes than characters) pays for the
    call of ``lino_fold``, a Python function: microseconds a row on a scan."""
    like = "LIKE %s ESCAPE '\\'"
    beyond_ascii = f"length(CAST({sql} AS BLOB)) <> length({sql})"
    return (
        f"(CASE WHEN {beyond_ascii} THEN {SQLITE_FUNCTION}({sql}) {like} "
        f"ELSE {sql} {like} END)",
        [*params, *params, *params, pattern, *params, pattern],
    )


class FoldedContains(Func):
    """``fold(expression)`` contains ``fold(word)``: the quick search's word condition.

    Not a registered lookup (that would change every ``CharField`` of the project):
    an expression a ``Q`` holds. A backend not named here gets Django's ``icontains``.
    """

    output_field = models.BooleanField()
    conditional = True

    def __init__(self, expression: Any, word: str) -> None:
        super().__init__(expression)
        self.word = fold(word)

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        pattern = f"%{connection.ops.prep_for_like_query(self.word)}%"
        vendor = connection.vendor
        if vendor == "sqlite":
            return _sqlite_sql(sql, params, pattern)
        if vendor == "postgresql":
            return f"{fold_sql(f'{sql}::text')} LIKE %s", [*params, pattern]
        if vendor == "mysql":
            return f"REGEXP_REPLACE({sql}, %s, '') LIKE %s", [*params, MYSQL_DROPPED, pattern]
        lhs = self.get_source_expressions()[0]
        return IContains(lhs, self.word).as_sql(compiler, connection)
