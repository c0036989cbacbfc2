"""Quick search: the text a user types in a search box, turned into a ``Q``.

Rules (``docs/specs/model.rst`` shows them on the demo):

- ``#<digits>`` matches the primary key only;
- ``*<text>`` matches the ``ref`` field (the whole rest of the text);
- otherwise every word must match (AND), each word in any of the
  ``quick_search_fields`` (OR, contained in it); a word of digits not starting
  with ``0`` also matches the ``quick_search_fields_digit`` exactly.

Text is compared folded (:func:`~lino_core_model.search.fold`): case,
accents, Unicode normalisation, full-width letters and zero-width characters do
not matter, alike on SQLite, PostgreSQL and MariaDB.

Odd input never raises a database error: a text of only spaces, a lone ``#`` or
``*``, ``#abc``, NUL, a lone surrogate (no database stores one) or digits too large
for an integer column give a ``Q`` that matches nothing (or, for ``#abc``, a plain
text search); ``None`` is an empty text. A text that is not a string, or that has
more than :data:`MAX_WORDS` different words, raises ``ValidationError``.

Where the model declares a :class:`~lino_core_model._search_index.QuickSearchIndex`
(PostgreSQL and SQLite), the words of at least :data:`MIN_INDEXED_WORD` characters
also get conditions the index serves: the indexed text contains their rarest
trigrams. Every match fulfils them; the plain conditions stay, so the rows are the
same as without the index by construction, and the database starts from the
index instead of reading every row (``docs/guide/search.rst``).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models, router
from django.db.models import F, Func, Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from lino_core_model._search_index import QuickSearchIndex, trigram_text_sql
from lino_core_model._text_fold import FoldedContains, fold
from lino_core_model.options import INTEGER_FIELDS, TEXT_FIELDS, lino_options

__all__ = ["MAX_WORDS", "fold", "quick_search_filter", "searchable_text", "search_words", "word_q"]

# The largest value every backend accepts in an integer comparison.
MAX_INT = 2**63 - 1
NOTHING = Q(pk__in=[])
#: The most different words a quick-search text may have (more is a ``ValidationError``):
#: more words than a person types; beyond it the SQL would outgrow SQLite's expression depth.
MAX_WORDS = 30
# Trigrams need 3 characters: shorter words are searched without the index.
MIN_INDEXED_WORD = 3
# How many of a word's rarest trigrams the index is asked for, judged on SAMPLE rows.
RAREST_TRIGRAMS = 2
SAMPLE = 64
SAMPLE_SECONDS = 300
INDEXED_VENDORS = ("postgresql", "sqlite")
SURROGATE = re.compile("[\ud800-\udfff]")


def search_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The names of ``quick_search_fields`` (default: every CharField and TextField)."""
    return lino_options(model).search_fields


def digit_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The names of ``quick_search_fields_digit`` (default: integer fields, not FKs)."""
    return lino_options(model).digit_fields


def has_ref_field(model: type[models.Model]) -> bool:
    try:
        return isinstance(model._meta.get_field("ref"), TEXT_FIELDS)
    except FieldDoesNotExist:
        return False


def is_digits(text: str) -> bool:
    """ASCII digits only (``"²".isdigit()`` is true, but ``int("²")`` fails)."""
    return text.isascii() and text.isdigit()


def quick_search_filter(
    model: type[models.Model],
    search_text: str | None,
    prefix: str | None = "",
    *,
    use_index: bool = True,
) -> Q:
    """The filter for ``search_text`` on ``model``; ``prefix`` e.g. ``"partner__"``.

    ``use_index=False`` gives the plain search (the same rows, without the index).
    """
    text = searchable_text(search_text)
    prefix = _clean_prefix(prefix)
    if not text:
        return NOTHING
    if text.startswith("*") and has_ref_field(model):
        rest = text[1:].strip()
        return word_q(f"{prefix}ref__icontains", rest) if fold(rest) else NOTHING
    if text.startswith("#") and is_digits(text[1:]):
        return _pk_filter(model, text[1:], prefix)
    words = search_words(text)
    if not words:
        return NOTHING
    result = Q()
    for word in words:
        result &= _word_filter(model, word, prefix)
    alias = _indexed_database(model) if use_index else None
    return result & _Search(model, alias).filter(words, prefix) if alias else result


def searchable_text(search_text: object) -> str:
    """``search_text`` as searched: stripped, without NUL (no backend stores it in text);
    ``""`` (find nothing) for None or a lone surrogate (no text can hold it).
    ``ValidationError`` for a value that is not a string."""
    if search_text is None:
        return ""
    if not isinstance(search_text, str):
        raise ValidationError(_("The search text must be a string."))
    text = search_text.replace("\x00", "").strip()
    return "" if SURROGATE.search(text) else text


def search_words(text: str) -> list[str]:
    """The different folded words of ``text`` (a word of only accents or zero-width
    characters is none); ``ValidationError`` beyond :data:`MAX_WORDS`."""
    words = list(dict.fromkeys(word for word in map(fold, text.split()) if word))
    if len(words) > MAX_WORDS:
        raise ValidationError(
            _("Too many words to search (at most %(max)d)."), params={"max": MAX_WORDS}
        )
    return words


def word_q(lookup: str, value: object) -> Q:
    """The ``Q`` of one (lookup, value) condition: ``<path>__icontains`` compares folded
    text (``FoldedContains``), any other
    lookup is Django's."""
    if lookup.endswith("__icontains") and isinstance(value, str):
        return Q(FoldedContains(F(lookup.removesuffix("__icontains")), value))
    return Q(**{lookup: value})


def _clean_prefix(prefix: object) -> str:
    if prefix is None:
        return ""
    if not isinstance(prefix, str) or (prefix and not prefix.endswith("__")):
        raise ValidationError(_("A search prefix is a path ending with '__', e.g. 'partner__'."))
    return prefix


def _pk_filter(model: type[models.Model], digits: str, prefix: str) -> Q:
    value = int(digits)
    if value > MAX_INT or not isinstance(_pk_field(model), INTEGER_FIELDS):
        return NOTHING
    return Q(**{f"{prefix}pk": value})


def _word_filter(model: type[models.Model], word: str, prefix: str) -> Q:
    conditions = _word_conditions(model, word)
    return _any(word_q(f"{prefix}{lookup}", value) for lookup, value in conditions) or NOTHING


class TrigramText(Func):
    """PostgreSQL: the text a ``QuickSearchIndex`` holds (``trigram_text_sql``)."""

    output_field = models.TextField()

    def as_sql(self, compiler, connection, **extra):
        columns, params = [], []
        for expression in self.get_source_expressions():
            sql, more = compiler.compile(expression)
            columns.append(sql)
            params.extend(more)
        return trigram_text_sql(columns), params


class TrigramLike(Func):
    """PostgreSQL: ``text LIKE '%trigram%'`` (a folded trigram), which the trigram
    index serves."""

    output_field = models.BooleanField()
    conditional = True

    def __init__(self, text: TrigramText, trigram: str) -> None:
        super().__init__(text)
        self.trigram = trigram

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        pattern = f"%{connection.ops.prep_for_like_query(self.trigram)}%"
        return f"{sql} LIKE %s", [*params, pattern]


def _word_conditions(model: type[models.Model], word: str) -> list[tuple[str, object]]:
    """(lookup, value) pairs, one per field: the word matches if any of them holds."""
    conditions: list[tuple[str, object]] = [
        (f"{name}__icontains", word) for name in search_fields(model)
    ]
    if is_digits(word) and not word.startswith("0") and int(word) <= MAX_INT:
        conditions += [(name, int(word)) for name in digit_fields(model)]
    return conditions


# -- the index --------------------------------------------------------------


def quick_search_indexes(
    model: type[models.Model],
) -> dict[str, tuple[type[models.Model], QuickSearchIndex]]:
    """Field name -> (its table's model, the ``QuickSearchIndex`` covering it), MTI too."""
    concrete = model._meta.concrete_model
    found: dict[str, tuple[type[models.Model], QuickSearchIndex]] = {}
    for table in [concrete, *concrete._meta.get_parent_list()]:
        for index in table._meta.indexes:
            if isinstance(index, QuickSearchIndex):
                for name in index.fields:
                    found.setdefault(name, (table, index))
    return found


class _Search:
    """One search's use of the index."""

    def __init__(self, model: type[models.Model], alias: str) -> None:
        self.model, self.alias = model, alias
        self.vendor = connections[alias].vendor
        self.indexes = quick_search_indexes(model)

    def filter(self, words: list[str], prefix: str) -> Q:
        """``pk IN``/trigram conditions that every match fulfils (a superset)."""
        result = Q()
        shared: dict[str, list[str]] = defaultdict(list)  # index name -> words
        for word in words:
            by_table = _by_table(self.model, _word_conditions(self.model, word))
            if len(word) < MIN_INDEXED_WORD or by_table is None:
                continue
            [(table, pairs), *others] = by_table.items()
            names = {self.index_name(lookup) for lookup, _ in pairs}
            if not others and len(names) == 1 and None not in names:  # all in one index
                shared[names.pop()].append(word)
            elif not others:  # one table: its conditions apply to the model itself
                result &= self.table_filter(table, pairs, word, prefix)
            else:  # several tables: the union of each table's rows
                querysets = [
                    table._base_manager.filter(self.table_filter(table, pairs, word))
                    .order_by()
                    .values("pk")
                    for table, pairs in by_table.items()
                ]
                result &= Q(**{f"{prefix}pk__in": querysets[0].union(*querysets[1:])})
        for name, group in shared.items():  # a row must contain every trigram of every word
            rare = self.rarest(self.table_of(name), group)
            if self.vendor == "sqlite":
                result &= Q(**{f"{prefix}pk__in": self.fts_rows(name, rare)})
                continue
            result &= self.trigrams_in(name, rare, prefix)
        return result

    def trigrams_in(self, name: str, trigrams: list[str], prefix: str) -> Q:
        """PostgreSQL: the indexed text of ``name`` contains each trigram."""
        index = self.index(name)
        text = TrigramText(*[F(f"{prefix}{field}") for field in index.fields])
        return Q(*[Q(TrigramLike(text, trigram)) for trigram in trigrams])

    def table_of(self, name: str) -> type[models.Model]:
        return next(table for table, index in self.indexes.values() if index.name == name)

    def index(self, name: str) -> QuickSearchIndex:
        return next(index for _table, index in self.indexes.values() if index.name == name)

    def index_name(self, lookup: str) -> str | None:
        """The name of the index that serves this ``icontains`` lookup, if any."""
        found = self.indexes.get(lookup.removesuffix("__icontains"))
        return found[1].name if found is not None and lookup.endswith("__icontains") else None

    def table_filter(
        self,
        table: type[models.Model],
        pairs: list[tuple[str, object]],
        word: str,
        prefix: str = "",
    ) -> Q:
        """The rows of one table that may match ``word``: an indexed field must contain
        its rarest trigrams (SQLite: the FTS5 table finds them), another the word."""
        indexed = [lookup for lookup, _ in pairs if self.index_name(lookup)]
        plain = [(lookup, value) for lookup, value in pairs if lookup not in indexed]
        q = _any(word_q(f"{prefix}{lookup}", value) for lookup, value in plain)
        if not indexed:
            return q
        rare = self.rarest(table, [word])
        for name in sorted({self.index_name(lookup) for lookup in indexed}):
            if self.vendor == "sqlite":
                q |= Q(**{f"{prefix}pk__in": self.fts_rows(name, rare)})
            else:
                q |= self.trigrams_in(name, rare, prefix)
        return q

    def fts_rows(self, name: str, trigrams: list[str]) -> RawSQL:
        """SQLite: the rowids of the FTS5 table ``name`` whose text has all ``trigrams``."""
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in trigrams)
        return RawSQL(f'SELECT rowid FROM "{name}" WHERE "{name}" MATCH %s', [match])

    def rarest(self, table: type[models.Model], words: list[str]) -> list[str]:
        """The :data:`RAREST_TRIGRAMS` trigrams of ``words`` found in the fewest sampled rows.

        Every row that contains a word contains each of its trigrams (the words, the
        conditions and the indexed text are folded alike), so any of them selects a superset;
        a trigram index reads the whole list of each trigram it is given, hence the
        rarest. Alphanumeric ones first: pg_trgm ignores other characters.
        """
        trigrams = {w[i : i + 3] for w in words for i in range(len(w) - 2)}
        sample = self.sample(table)

        def rank(trigram: str) -> tuple:
            return (not trigram.isalnum(), sum(trigram in row for row in sample), trigram)

        return sorted(trigrams, key=rank)[:RAREST_TRIGRAMS]

    def sample(self, table: type[models.Model]) -> list[str]:
        names = [name for name, (t, _i) in self.indexes.items() if t is table]
        return _sample(self.alias, table, tuple(names))


_samples: dict[tuple[str, type[models.Model]], tuple[float, list[str]]] = {}


def _sample(alias: str, table: type[models.Model], names: tuple[str, ...]) -> list[str]:
    """:data:`SAMPLE` rows of ``table`` spread over its primary keys (folded text).

    Kept :data:`SAMPLE_SECONDS`, like a planner's statistics: a stale sample may
    cost speed, never a row.
    """
    cached = _samples.get((alias, table))
    if cached is not None and time.monotonic() - cached[0] < SAMPLE_SECONDS:
        return cached[1]
    rows = table._base_manager.using(alias).order_by()
    if isinstance(_pk_field(table), INTEGER_FIELDS):
        # Two queries: SQLite reads every row for MIN() and MAX() in one.
        keys = rows.values_list("pk", flat=True)
        low, high = keys.order_by("pk").first() or 0, keys.order_by("-pk").first() or 0
        step = max((high - low) // SAMPLE, 1)
        rows = rows.filter(pk__in=list(range(low, high + 1, step))[: SAMPLE + 1])
    values = rows.values_list(*names)[: SAMPLE + 1]
    sample = [fold(" ".join(v or "" for v in row)) for row in values]
    _samples[(alias, table)] = (time.monotonic(), sample)
    return sample


def _any(conditions) -> Q:
    result = Q()
    for q in conditions:
        result |= q
    return result


def _pk_field(model: type[models.Model]) -> models.Field:
    pk = model._meta.pk
    while pk.is_relation:  # an MTI child's pk is the link to its parent's pk
        pk = pk.target_field
    return pk


def _indexed_database(model: type[models.Model]) -> str | None:
    """The database alias if the model declares an index that this database has."""
    alias = router.db_for_read(model)
    vendor = connections[alias].vendor
    return alias if quick_search_indexes(model) and vendor in INDEXED_VENDORS else None


def _by_table(
    model: type[models.Model], conditions: list[tuple[str, object]]
) -> dict[type[models.Model], list[tuple[str, object]]] | None:
    """The conditions grouped by the table (model) of their field; None: a related field."""
    by_table: dict[type[models.Model], list[tuple[str, object]]] = defaultdict(list)
    for lookup, value in conditions:
        try:
            field = model._meta.get_field(lookup.removesuffix("__icontains"))
        except FieldDoesNotExist:  # a path through a relation: not on a table of ours
            return None
        by_table[field.model._meta.concrete_model].append((lookup, value))
    return by_table
