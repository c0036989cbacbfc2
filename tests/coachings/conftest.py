"""Helpers of the coachings tests: users, clients, and swapping the primary constraint."""

from __future__ import annotations

import contextlib

import pytest
from django.db import connection

from demo_project.avanti.models import Client
from demo_project.users.models import User
from lino_coachings.models import Coaching
from lino_coachings.primary import primary_constraint


@pytest.fixture
def users(db):
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def client_135(db):
    """ARSHUN Aloyoshenká: one (ended) primary coaching by romain."""
    return Client.objects.get(pk=135)


def _execute(statement) -> None:
    with connection.cursor() as cursor:
        cursor.execute(str(statement))


@contextlib.contextmanager
def primary_constraint_replaced(per_type: bool | None):
    """Inside the test's transaction, replace the per-client constraint by the
    per-type one (``per_type=True``) or by none (``None``: rows as a legacy
    import may have left them). Needs transactional DDL (SQLite, PostgreSQL)."""
    editor = connection.schema_editor()
    current = primary_constraint(per_type=False)
    _execute(current.remove_sql(Coaching, editor))
    if per_type:
        _execute(primary_constraint(per_type=True).create_sql(Coaching, editor))
    yield


needs_partial_indexes = pytest.mark.skipif(
    not connection.features.supports_partial_indexes,
    reason="the backend has no conditional unique constraints (MariaDB)")
