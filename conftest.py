"""Test set-up shared by tests/ and the executable specs in docs/specs/."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo data once into the test database: the specs show it."""
    from demo_project.demo.data import load_demo_data

    with django_db_blocker.unblock():
        load_demo_data()


@pytest.hookimpl(tryfirst=True)  # before pytest-django sorts the database tests
def pytest_collection_modifyitems(items):
    """pytest-django blocks the database in doctests; the specs need it.

    Marked before pytest-django's sorting, the specs run with the other
    database tests, before the transactional ones that flush the demo data.
    """
    for item in items:
        if isinstance(item, pytest.DoctestItem):
            item.add_marker(pytest.mark.django_db)
