"""The client-row lock of ``Coaching.save()``: the guarantee on MariaDB, the
serialisation of concurrent writers everywhere (not on SQLite, which has no row locks)."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import OperationalError, connection, transaction

from lino_coachings.models import Coaching
from lino_coachings.primary import lock_client

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not connection.features.has_select_for_update,
                       reason="no row locks (SQLite)"),
]

SHORT_WAIT = {  # (set, reset)
    "postgresql": ("SET LOCAL lock_timeout = '300ms'", None),
    "mysql": ("SET SESSION innodb_lock_wait_timeout = 1",
              "SET SESSION innodb_lock_wait_timeout = DEFAULT"),
}


def _hold_client_lock(client_model, client_id, locked, release):
    """In another connection: lock the client row until ``release`` is set."""
    from django.db import connection as own

    try:
        with transaction.atomic():
            lock_client(client_model, client_id, "default")
            locked.set()
            release.wait(10)
    finally:
        own.close()


def test_saving_a_primary_coaching_waits_for_the_client_lock(client_135, users):
    locked, release = threading.Event(), threading.Event()
    worker = threading.Thread(target=_hold_client_lock,
                              args=(type(client_135), client_135.pk, locked, release))
    set_wait, reset_wait = SHORT_WAIT[connection.vendor]
    worker.start()
    try:
        assert locked.wait(10)
        coaching = Coaching(client=client_135, user=users["rolf"], primary=True,
                            start_date=datetime.date(2024, 6, 1))
        with pytest.raises(OperationalError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(set_wait)
            coaching.save()
    finally:
        release.set()
        worker.join(10)
        if reset_wait:
            with connection.cursor() as cursor:
                cursor.execute(reset_wait)
    assert Coaching.objects.filter(client=client_135, primary=True).count() == 1
