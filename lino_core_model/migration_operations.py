"""Migration operations shared by the apps' shipped migrations."""

from __future__ import annotations

from typing import Any

from django.db import migrations


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

__all__ = ["CreateModelIfMissing"]
