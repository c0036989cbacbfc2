"""The tables of the test models, made from the models as they are now.

Without a migration, Django creates an app's tables before it migrates the
others: on PostgreSQL and MariaDB the foreign keys to ``django_content_type``
then fail. This migration runs after them, takes its state from the models and
creates their tables with the schema editor, so a model added to
``models.py`` needs no new migration (the app is for tests only).
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.db import migrations
from django.db.migrations.state import ModelState


def test_models() -> list:
    return list(global_apps.get_app_config("relations").get_models())


def create_models() -> list:
    """A ``CreateModel`` per model, for the migration state (permissions included)."""
    operations = []
    for model in test_models():
        state = ModelState.from_model(model)
        operations.append(migrations.CreateModel(
            name=state.name, fields=list(state.fields.items()), options=state.options,
            bases=state.bases, managers=state.managers))
    return operations


def create_tables(apps, schema_editor) -> None:
    for model in test_models():
        schema_editor.create_model(model)  # its auto-created m2m tables too


class Migration(migrations.Migration):
    initial = True
    dependencies = [
        ("contenttypes", "__latest__"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=create_models(),
            database_operations=[migrations.RunPython(create_tables, migrations.RunPython.noop)],
        )
    ]
