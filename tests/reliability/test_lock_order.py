"""Our operations lock the rows they change first, through the MTI root, in one
statement (docs/guide/operations.rst, "The lock order"): the summaries unit, the
state change and the primary-coach switch. A lock taken later, or on several
tables of a family at once, made them deadlock with each other under load."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo_project.avanti.models import Client
from lino_clients.choicelists import ClientStates
from lino_summaries.recompute import check_summaries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def row_locks():
    if not connection.features.has_select_for_update:
        pytest.skip(f"{connection.vendor} has no row locks: no lock query is sent")


def statements(ctx: CaptureQueriesContext) -> list[str]:
    """The statements captured, without savepoints."""
    return [
        q["sql"]
        for q in ctx.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def assert_locks_clients(sql: str) -> None:
    """A lock of client rows through their root row (contacts_partner) only."""
    assert " FOR " in sql, sql
    selected = sql.split(" WHERE ")[0]
    assert "contacts_partner" in selected and "avanti_client" not in selected, sql


def test_state_change_locks_its_row_first():
    client = Client.objects.create(first_name="Lock", last_name="First")
    with CaptureQueriesContext(connection) as ctx:
        client.set_workflow_state(None, "client_state", ClientStates.coached)
    assert_locks_clients(statements(ctx)[0])


def test_summaries_unit_locks_its_masters_first():
    with CaptureQueriesContext(connection) as ctx:
        check_summaries([Client], chunk_size=1000)
    sqls = statements(ctx)
    assert_locks_clients(sqls[1])  # after the query cutting the masters into chunks
    assert "ORDER BY" in sqls[1]


def test_primary_switch_locks_the_client_first():
    from django.contrib.auth import get_user_model

    from lino_coachings.models import Coaching

    client = Client.objects.create(first_name="Lock", last_name="Primary")
    user = get_user_model().objects.create(username="lockcoach")
    with CaptureQueriesContext(connection) as ctx:
        Coaching.objects.create(client=client, user=user, primary=True)
    assert_locks_clients(statements(ctx)[0])
