"""The summary run retries a unit that failed on a lock conflict, then skips it and
says so (issue 18: the daily run completes under load)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from demo_project.avanti.models import Client
from lino_core_model.locks import is_lock_conflict
from lino_summaries import engine
from lino_summaries.engine import SummariesSkipped
from lino_summaries.recompute import check_summaries

pytestmark = pytest.mark.django_db


class DeadlockDetected(Exception):
    """What psycopg raises: the SQLSTATE says what happened."""

    sqlstate = "40P01"


def deadlock() -> OperationalError:
    exc = OperationalError("deadlock detected")
    exc.__cause__ = DeadlockDetected()
    return exc


@pytest.fixture
def failing(monkeypatch):
    """Make the units of the given masters fail on a deadlock ``times`` times."""
    real = engine._recompute_rows
    calls: dict = {}

    def setup(pks: set, times: int) -> dict:
        def recompute_rows(model, masters):
            unit = frozenset(masters.values_list("pk", flat=True)) if masters is not None else None
            if unit and unit & pks and calls.get(unit, 0) < times:
                calls[unit] = calls.get(unit, 0) + 1
                real(model, masters)  # the work is done, then rolled back
                raise deadlock()
            return real(model, masters)

        monkeypatch.setattr(engine, "_recompute_rows", recompute_rows)
        monkeypatch.setattr(engine.time, "sleep", lambda s: None)
        return calls

    return setup


def test_lock_conflicts_are_recognised():
    assert is_lock_conflict(deadlock())
    assert is_lock_conflict(OperationalError(1213, "Deadlock found when trying to get lock"))
    assert not is_lock_conflict(OperationalError("no such table"))
    assert not is_lock_conflict(ValueError(1213))


def test_a_unit_that_deadlocked_is_retried(failing, settings):
    settings.LINO_SUMMARIES_RETRIES = 3
    pks = sorted(Client.objects.values_list("pk", flat=True))
    Client.objects.update(active_from=None)
    calls = failing({pks[0]}, times=3)
    assert check_summaries([Client], chunk_size=10) == [Client]
    assert list(calls.values()) == [3]
    assert not Client.objects.filter(pk__in=pks, contracts__isnull=False, active_from=None).exists()


def test_a_unit_that_keeps_failing_is_skipped_and_reported(failing, settings):
    """The other chunks are done; the command names the skipped one and exits non-zero."""
    settings.LINO_SUMMARIES_RETRIES = 2
    pks = sorted(set(Client.objects.filter(contracts__isnull=False).values_list("pk", flat=True)))
    Client.objects.update(active_from=None)
    calls = failing({pks[0]}, times=99)
    with pytest.raises(CommandError, match=r"Skipped 1 summary units .*avanti\.Client \(masters "):
        call_command("checksummaries", "avanti.Client", chunk_size=1)
    assert list(calls.values()) == [3]  # the first try and two retries
    assert Client.objects.get(pk=pks[0]).active_from is None  # rolled back each time
    assert not Client.objects.filter(pk__in=pks[1:], active_from=None).exists()


def test_other_errors_are_not_retried(monkeypatch):
    def broken(model, masters):
        raise OperationalError("no such column")

    monkeypatch.setattr(engine, "_recompute_rows", broken)
    with pytest.raises(OperationalError, match="no such column"):
        check_summaries([Client])
    with pytest.raises(SummariesSkipped):  # the exception names what it skipped
        raise SummariesSkipped([(Client, 1, 2, "deadlock detected")])


def test_the_admin_says_what_was_skipped(client, failing, settings):
    """The admin action and the row action show the message instead of failing."""
    settings.LINO_SUMMARIES_RETRIES = 0
    pk = Client.objects.filter(contracts__isnull=False).order_by("pk").first().pk
    failing({pk}, times=99)
    client.login(username="robin", password="1234")
    response = client.post(
        "/admin/avanti/client/",
        {"action": "update_summaries", "_selected_action": [str(pk)]},
        follow=True,
    )
    assert "Skipped 1 summary units after repeated lock conflicts" in response.content.decode()
    response = client.post(
        "/admin/avanti/client/",
        {"action": "check_summaries", "_selected_action": [str(pk)]},
        follow=True,
    )
    assert "Skipped 1 summary units after repeated lock conflicts" in response.content.decode()
