"""Helpers for tests with concurrent writers on a real database server."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections


@pytest.fixture
def concurrent(transactional_db):
    """Concurrent writers need row locks: PostgreSQL or MariaDB, not SQLite."""
    if connection.vendor not in ("postgresql", "mysql"):
        pytest.skip(f"concurrent writers run on PostgreSQL and MariaDB, not {connection.vendor}")


def run_concurrently(*writers: Callable[[], object], timeout: float = 30) -> list:
    """Run each writer in its own thread (its own connection); results or exceptions."""
    results: list = [None] * len(writers)

    def run(i: int, writer: Callable[[], object]) -> None:
        try:
            results[i] = writer()
        except Exception as exc:  # the test inspects what each writer saw
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert not any(t.is_alive() for t in threads), "a writer did not finish in time"
    return results
