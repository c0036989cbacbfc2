"""``QuickSearchIndex``: the index that makes the quick search fast, declared in ``Meta.indexes``.

One declaration per table, on the text fields of that table that the quick
search reads (``docs/guide/search.rst``)::

    class Partner(Model):
        class Meta:
            indexes = [QuickSearchIndex(fields=["name", "email", "city"], name="partner_qs")]

What ``makemigrations`` then creates depends on the database:

- PostgreSQL: a GIN index with ``gin_trgm_ops`` on the fields' text, joined by
  spaces and folded (:func:`trigram_text_sql`), as the search compares it. The
  migration needs :class:`lino_core_model.migration_operations.TrigramExtension` first.
- SQLite: an FTS5 table with the trigram tokenizer on the folded text of the
  fields (the ``lino_fold`` function of ``text_fold``), external content
  (``content=``, the model's table), kept in sync by three triggers.

Text is folded as :func:`~lino_core_model.search.fold` says. An index
created before the folding (0.x) holds other text: rebuild it with
:class:`lino_core_model.migration_operations.RebuildQuickSearchIndex`.
- MariaDB (and any other backend): nothing. Its FULLTEXT index finds words, not
  substrings, so no index gives the same rows; the quick search scans as before.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.ddl_references import Statement, Table

from lino_core_model._text_fold import SQLITE_FUNCTION, fold_sql

TRIGGERS = ("ai", "ad", "au")  # after insert, delete, update


class QuickSearchIndex(models.Index):
    """An index for ``icontains`` on ``fields`` (text fields of this model's own table)."""

    # The public, stable path that migrations name (the class may move).
    __module__ = "lino_core_model.models"

    def __init__(self, *, fields: list[str], name: str, **kwargs: Any) -> None:
        if kwargs.get("opclasses") or kwargs.get("condition") or kwargs.get("include"):
            raise ValueError("QuickSearchIndex takes only fields and a name.")
        super().__init__(fields=fields, name=name, **kwargs)

    def create_sql(self, model, schema_editor, using: str = "", **kwargs):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            return self._trigram_index(model, schema_editor)
        if vendor == "sqlite":
            return _now_and_deferred(schema_editor, *self._fts_create(model, schema_editor))
        return _nothing(schema_editor)

    def remove_sql(self, model, schema_editor, **kwargs):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            return super().remove_sql(model, schema_editor, **kwargs)
        if vendor == "sqlite":
            return _now_and_deferred(schema_editor, *self._fts_drop(schema_editor))
        return _nothing(schema_editor)

    def _trigram_index(self, model, schema_editor) -> Statement:
        """A GIN trigram index on the fields' text joined: one list of rows per trigram."""
        q = schema_editor.quote_name
        columns = [q(model._meta.get_field(name).column) for name in self.fields]
        return Statement(
            "CREATE INDEX %(name)s ON %(table)s USING gin ((%(text)s) gin_trgm_ops)",
            name=q(self.name),
            table=Table(model._meta.db_table, q),
            text=trigram_text_sql(columns),
        )

    def _fts_create(self, model, schema_editor) -> tuple[Statement, list[Statement]]:
        """Create if missing; then drop, create, triggers, fill (right also after
        SQLite remade the table, which drops the triggers).

        ``detail=none``: the index keeps rowids only (a search asks it for single
        trigrams). It holds the folded text (``lino_fold``), so FTS5's own
        ``'rebuild'``, which reads the raw columns, is not used: the fill folds.
        Statements name the model's table through ``Table`` so that
        Django's rename of ``new__<table>`` (when SQLite remakes a table) reaches them.
        """
        q = schema_editor.quote_name
        table = Table(model._meta.db_table, q)
        columns = [q(model._meta.get_field(name).column) for name in self.fields]
        pk = q(model._meta.pk.column)
        fts = q(self.name)

        def values(row: str) -> str:
            folded = [f"{SQLITE_FUNCTION}({row}.{c})" for c in columns]
            return ", ".join([f"{row}.{pk}", *folded])

        insert = f"INSERT INTO {fts} (rowid, {', '.join(columns)}) VALUES ({values('new')});"
        delete = (
            f"INSERT INTO {fts} ({fts}, rowid, {', '.join(columns)}) "
            f"VALUES ('delete', {values('old')});"
        )
        trigger = "CREATE TRIGGER %(name)s AFTER %(event)s ON %(table)s BEGIN %(body)s END"
        names = [q(f"{self.name}_{suffix}") for suffix in TRIGGERS]
        create = (
            "CREATE VIRTUAL TABLE %(exists)s%(fts)s USING fts5(%(columns)s, "
            "content=%(table)s, content_rowid=%(pk)s, tokenize='trigram', detail='none')"
        )
        parts = {"fts": fts, "columns": ", ".join(columns), "table": table, "pk": pk}
        return Statement(create, exists="IF NOT EXISTS ", **parts), [
            Statement("DROP TABLE IF EXISTS %(fts)s", fts=fts),
            Statement(create, exists="", **parts),
            Statement(trigger, name=names[0], event="INSERT", table=table, body=insert),
            Statement(trigger, name=names[1], event="DELETE", table=table, body=delete),
            Statement(
                trigger,
                name=names[2],
                event=f"UPDATE OF {pk}, {', '.join(columns)}",
                table=table,
                body=delete + " " + insert,
            ),
            Statement(
                "INSERT INTO %(fts)s (rowid, %(columns)s) SELECT %(values)s FROM %(table)s",
                fts=fts,
                columns=", ".join(columns),
                values=", ".join([pk, *(f"{SQLITE_FUNCTION}({c})" for c in columns)]),
                table=table,
            ),
        ]

    def _fts_drop(self, schema_editor) -> tuple[Statement, list[Statement]]:
        q = schema_editor.quote_name
        drops = [
            Statement("DROP TRIGGER IF EXISTS %(name)s", name=q(f"{self.name}_{suffix}"))
            for suffix in TRIGGERS
        ]
        return drops[0], drops[1:] + [Statement("DROP TABLE IF EXISTS %(fts)s", fts=q(self.name))]


def trigram_text_sql(columns: list[str]) -> str:
    """PostgreSQL: the indexed (folded) text; a search compares the very same expression."""
    joined = " || ' ' || ".join(f"COALESCE(({c})::text, '')" for c in columns)
    return fold_sql(joined)


def _now_and_deferred(schema_editor, now: Statement, deferred: list[Statement]) -> Statement:
    """SQLite runs one statement per call: Django runs ``now``, the rest are deferred.

    ``now`` is idempotent (``IF [NOT] EXISTS``) because Django runs it either at
    once (``AddIndex``) or after the deferred ones (``CreateModel``, and when
    SQLite remakes a table).
    """
    schema_editor.deferred_sql.extend(deferred)
    return now


def _nothing(schema_editor) -> Statement:
    """A statement that does nothing: this backend has no index for the quick search."""
    return Statement("DO 0" if schema_editor.connection.vendor == "mysql" else "SELECT 1")


__all__ = ["QuickSearchIndex", "trigram_text_sql"]
