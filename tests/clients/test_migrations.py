"""The shipped migration takes its related models from the LINO_CLIENTS_* settings."""

from __future__ import annotations

from django.db.migrations.loader import MigrationLoader


def test_clients_migration_depends_on_the_configured_models():
    migration = MigrationLoader(None, ignore_no_migrations=True).get_migration(
        "clients", "0002_clientcontact")
    assert ("avanti", "__first__") in migration.dependencies  # LINO_CLIENTS_CLIENT_MODEL
    assert ("contacts", "__first__") in migration.dependencies
    fields = dict(migration.operations[0].fields)
    assert fields["client"].remote_field.model == "avanti.Client"
    assert fields["company"].remote_field.model == "contacts.Company"
