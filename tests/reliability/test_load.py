"""Several processes write at the same time; afterwards the invariants hold (issue 18).

``LINO_LOAD_WORKERS`` worker processes (default 4), each with its own
connection to the test database, run the office mix of
:mod:`tests.reliability.loadmix` for ``LINO_LOAD_SECONDS`` (default 20) while
one more process runs ``checksummaries`` in chunks in a loop. Our refusals
(vetoes, ``MergeError``, ``StateChanged``, a row another worker removed) are
expected and counted by kind; a deadlock or lock wait timeout fails the test,
and so does a raw database error (or one of ours hiding one).
At the end: no broken GFK, at most one primary coaching per client, no
dangling foreign key, every summary run completed, and the summaries equal a
recomputation by plain aggregate queries. It prints the operations per second
and the errors by kind (``pytest -s`` shows them).

``LINO_LOAD_LOCK_OWNERS=0`` turns the GFK owner lock off in the workers (to
measure what it prevents: the test then finds broken GFKs and fails).
PostgreSQL and MariaDB only: SQLite serialises writers.
"""

from __future__ import annotations

import os

from django.db import connection

from . import loadmix

SECONDS = float(os.environ.get("LINO_LOAD_SECONDS", "20"))
WORKERS = int(os.environ.get("LINO_LOAD_WORKERS", "4"))
LOCK_OWNERS = os.environ.get("LINO_LOAD_LOCK_OWNERS", "1") != "0"


def test_office_load(concurrent):
    """The test database is committed to (transactional): the workers see it."""
    assert connection.settings_dict["NAME"].startswith("test_")  # pytest-django's
    loadmix.set_up()
    report = loadmix.run(WORKERS, SECONDS, lock_owners=LOCK_OWNERS)
    loadmix.print_report(report, WORKERS)
    found = loadmix.invariants()
    print("invariants:", found)
    assert report.deadlocks == 0, report.errors
    assert report.raw == {}, report.samples  # a clear error of ours, never a raw one
    assert report.summary_failures == [] and report.summary_runs, report.summary_failures
    assert sum(report.done.values()) > 0
    assert found == {
        "broken GFKs": 0,
        "clients with two primaries": 0,
        "dangling foreign keys": [],
        "final summary run": "completed",
        "summaries unlike a recomputation": [],
    }
