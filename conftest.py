"""Test set-up shared by tests/ and the executable specs in docs/specs/."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo data once into the test database: the specs show it."""
    from demo_project.demo.data import load_demo_data

    with django_db_blocker.unblock():
        load_demo_data()


def pytest_collection_modifyitems(items):
    """pytest-django blocks the database in doctests; the specs need it."""
    for item in items:
        if isinstance(item, pytest.DoctestItem):
            item.add_marker(pytest.mark.django_db)
