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


def _guest_role_migration():
    import importlib

    module = importlib.import_module(
        "lino_coachings.migrations.0003_coachingtype_eval_guestrole")
    return importlib.reload(module).Migration  # reads the setting again


def test_eval_guestrole_migration_follows_the_guest_role_setting(settings):
    migration = _guest_role_migration()  # the demo: LINO_COACHINGS_GUEST_ROLE_MODEL = cal.GuestRole
    assert ("cal", "__first__") in migration.dependencies
    assert migration.operations[0].field.remote_field.model == "cal.GuestRole"
    del settings.LINO_COACHINGS_GUEST_ROLE_MODEL  # a site without guest roles
    try:
        migration = _guest_role_migration()
        assert migration.dependencies == [("coachings", "0002_coaching")]
        assert migration.operations == []
    finally:
        settings.LINO_COACHINGS_GUEST_ROLE_MODEL = "cal.GuestRole"
        _guest_role_migration()  # the module as the other tests expect it
