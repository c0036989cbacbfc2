"""Our first migrations need none of the project's models, and a project's foreign
key to our types makes its migration depend on our first migration (not our last)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db.migrations.loader import MigrationLoader

from demo_project.contacts.models import Partner


@pytest.fixture(scope="module")
def loader() -> MigrationLoader:
    return MigrationLoader(None, ignore_no_migrations=True)


@pytest.mark.parametrize("app", ["clients", "coachings"])
def test_first_migration_needs_no_project_model(loader, app):
    assert loader.get_migration(app, "0001_initial").dependencies == []


@pytest.mark.parametrize(
    "app, name, project_models",
    [
        ("clients", "0002_clientcontact", {"avanti", "contacts"}),
        ("coachings", "0002_coaching", {"avanti", "users"}),
    ],
)
def test_second_migration_follows_the_project(loader, app, name, project_models):
    deps = loader.get_migration(app, name).dependencies
    assert (app, "0001_initial") in deps
    assert {label for label, _ in deps} - {app} == project_models


@pytest.mark.parametrize(
    "field, setting",
    [
        (
            lambda: get_user_model()._meta.get_field("coaching_type"),
            "LINO_COACHINGS_COACHING_TYPE_MODEL",
        ),
        (lambda: Partner._meta.get_field("client_contact_type"), "LINO_CLIENTS_CONTACT_TYPE_MODEL"),
    ],
)
def test_project_keys_to_our_types_are_swappable(field, setting):
    """makemigrations writes ``swappable_dependency(settings.<setting>)`` for them,
    which Django resolves to our ``0001_initial``."""
    assert field().swappable_setting == setting
