"""The shipped migration follows LINO_CLIENTS_CLIENT_MODEL and the primary setting."""

from __future__ import annotations

from django.db.migrations.loader import MigrationLoader


def test_coachings_migration_depends_on_the_configured_models():
    migration = MigrationLoader(None, ignore_no_migrations=True).get_migration(
        "coachings", "0002_coaching")
    assert ("avanti", "__first__") in migration.dependencies
    coaching = migration.operations[0]
    assert dict(coaching.fields)["client"].remote_field.model == "avanti.Client"
    names = [c.name for c in coaching.options["constraints"]]
    assert names == ["coachings_one_primary_per_client", "coachings_period_ordered"]
