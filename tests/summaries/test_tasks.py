"""The daily run: enqueued as chunks of masters, executed by a real tasks backend."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from demo_project.avanti.models import Client
from demo_project.contracts.models import Contract, UserStat
from lino_summaries.tasks import check_summaries_chunk, enqueue_daily_run

pytestmark = pytest.mark.django_db



def test_the_demo_runs_tasks_on_the_immediate_backend():
    assert type(check_summaries_chunk.get_backend()).__name__ == "ImmediateBackend"


def test_enqueued_chunks_run_on_the_tasks_backend():
    Contract.objects.create(client_id=165, start_date=datetime.date(2024, 2, 1))
    UserStat.objects.update(notes=99)
    results = enqueue_daily_run(chunk_size=2)
    assert len(results) == 3 + 3  # 5 clients, 5 users in chunks of 2
    assert {r.status.name for r in results} == {"SUCCESSFUL"}
    assert [r.return_value for r in results] == [2, 2, 1, 2, 2, 1]
    assert {r.task.name for r in results} == {check_summaries_chunk.name}
    assert Client.objects.get(pk=165).active_from == datetime.date(2024, 2, 1)
    assert not UserStat.objects.filter(notes=99).exists()


def test_enqueue_command():
    UserStat.objects.update(notes=99)
    out = io.StringIO()
    call_command("checksummaries", "--enqueue", stdout=out)
    assert out.getvalue() == "Enqueued 2 tasks on backend 'default'.\n"
    assert not UserStat.objects.filter(notes=99).exists()


def test_database_backend_and_its_worker_run_the_daily_run(settings, monkeypatch):
    """Enqueued tasks wait in the database until ``db_worker`` runs them."""
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    # The worker closes connections that are not in autocommit mode: the test's own
    # transaction (on PostgreSQL this would end the test); a real worker has none.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    settings.LINO_SUMMARIES_TASK_BACKEND = "database"
    Contract.objects.create(client_id=165, start_date=datetime.date(2024, 2, 1))
    UserStat.objects.update(notes=99)
    out = io.StringIO()
    call_command("checksummaries", "--enqueue", "--chunk-size", "3", stdout=out)
    assert out.getvalue() == "Enqueued 4 tasks on backend 'database'.\n"
    assert DBTaskResult.objects.filter(status="READY").count() == 4
    assert UserStat.objects.filter(notes=99).count() == 60
    call_command("db_worker", "--batch", "--backend", "database", "--no-startup-delay",
                 "--interval", "0", stdout=io.StringIO(), stderr=io.StringIO())
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert not UserStat.objects.filter(notes=99).exists()
    assert Client.objects.get(pk=165).active_from == datetime.date(2024, 2, 1)
