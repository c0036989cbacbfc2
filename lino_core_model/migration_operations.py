"""Migration operations shared by the apps' shipped migrations."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.migrations.operations.base import Operation


class CreateModelIfMissing(migrations.CreateModel):
    """``CreateModel`` that leaves an existing table alone.

    For a model moved out of an app's ``0001_initial`` into a later migration
    (so that ``0001_initial`` needs none of the project's models): databases
    migrated before the move already have its table, created by the old
    ``0001_initial``.
    """

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        model = to_state.apps.get_model(app_label, self.name)
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            exists = model._meta.db_table in connection.introspection.table_names(cursor)
        if not exists:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

class TrigramExtension(Operation):
    """Create the ``pg_trgm`` extension on PostgreSQL (``QuickSearchIndex`` needs it).

    ``django.contrib.postgres``'s own operation on PostgreSQL, nothing elsewhere
    (importing it needs psycopg, which a SQLite project may not have).
    """

    reversible = True

    def state_forwards(self, app_label: str, state) -> None:
        """A database extension changes no model state."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            from django.contrib.postgres.operations import TrigramExtension as Create

            Create().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        """Nothing: other models may use ``pg_trgm``, so it stays installed."""

    def describe(self) -> str:
        return "Creates the pg_trgm extension on PostgreSQL"

    def deconstruct(self):
        return self.__class__.__name__, [], {}


class RebuildQuickSearchIndex(Operation):
    """Drop and create a ``QuickSearchIndex`` again, as the current code defines it.

    For an index created before the quick search folded text (Unicode case, accents,
    look-alikes: ``text_fold``): its SQLite FTS5 table held the raw text, its
    PostgreSQL expression was ``UPPER(...)``. After the rebuild every existing row is
    found by the folded search. Changes no model state; backwards it rebuilds too
    (an index of the old code would not serve the current search).
    """

    reversible = True

    def __init__(self, model_name: str, name: str) -> None:
        self.model_name, self.name = model_name, name

    def state_forwards(self, app_label: str, state) -> None:
        """The index stays declared as it was: no state change."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        index = next(i for i in model._meta.indexes if i.name == self.name)
        schema_editor.remove_index(model, index)
        schema_editor.add_index(model, index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        self.database_forwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return f"Rebuilds the quick-search index {self.name} on {self.model_name}"

    @property
    def migration_name_fragment(self) -> str:
        return f"rebuild_{self.name.lower()}"

    def deconstruct(self):
        return self.__class__.__name__, [], {"model_name": self.model_name, "name": self.name}


def copy_rows(
    schema_editor: Any, model: Any, source_table: str, target_table: str, *, drop_source: bool
) -> bool:
    """Copy the rows of ``source_table`` into ``target_table`` (both with the columns of
    ``model``), ids kept, skipping ids already there; then drop ``source_table`` if
    ``drop_source``. Nothing happens when either table is missing (returns False).

    For a model that moves from one app to another: each app's migration adopts
    the rows the other left, so neither needs the other's migrations in its graph
    (a project may install the second app later). Run it from
    ``RunPython(..., atomic=False)``: MySQL refuses DDL inside a transaction.
    """
    connection = schema_editor.connection
    if not {source_table, target_table} <= set(connection.introspection.table_names()):
        return False
    quote = connection.ops.quote_name
    source, target = quote(source_table), quote(target_table)
    pk = quote(model._meta.pk.column)
    columns = ", ".join(quote(f.column) for f in model._meta.concrete_fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {target} ({columns}) SELECT {columns} FROM {source} "
            f"WHERE {pk} NOT IN (SELECT {pk} FROM {target})"
        )
        if connection.vendor == "postgresql":  # its id sequence does not follow inserted ids
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), coalesce(max({pk}), 1), "
                f"max({pk}) IS NOT null) FROM {target}",
                [target_table, model._meta.pk.column],
            )
        if drop_source:
            cursor.execute(f"DROP TABLE {source}")
    return True


def hand_over_content_type(
    apps: Any, schema_editor: Any, model_name: str, source_app: str, target_app: str
) -> None:
    """Give the content type of ``source_app.model_name`` to ``target_app`` (and with
    it the permissions groups and users hold, and the admin log), unless the target
    has one already."""
    types = apps.get_model("contenttypes", "ContentType").objects.using(
        schema_editor.connection.alias
    )
    if not types.filter(app_label=target_app, model=model_name).exists():
        types.filter(app_label=source_app, model=model_name).update(app_label=target_app)


__all__ = [
    "CreateModelIfMissing",
    "RebuildQuickSearchIndex",
    "TrigramExtension",
    "copy_rows",
    "hand_over_content_type",
]
