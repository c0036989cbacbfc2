"""Simultaneous saves on the demo's SQLite database wait for each other (finding 9)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from demo_project.contacts.models import Country

WRITERS = 8


@pytest.fixture
def demo_file_database(tmp_path, django_db_blocker):
    """A file database configured like the demo's (the test database is in memory).

    Not a test database: the threads use it outside of the test's transaction.
    """
    if connection.vendor != "sqlite":
        pytest.skip("the demo's default database is SQLite")
    connections.settings["file"] = {
        **connections["default"].settings_dict,
        "NAME": str(tmp_path / "demo.sqlite3"),
    }
    with django_db_blocker.unblock():
        with connections["file"].schema_editor() as editor:
            editor.create_model(Country)
        Country.objects.using("file").create(isocode="BE", name="Belgium")
        connections["file"].close()
        yield "file"
    del connections.settings["file"]


def test_simultaneous_saves_wait_for_the_lock(demo_file_database):
    """Each writer reads the row, then saves it, as the admin's change view does."""
    errors = []

    def save(i: int) -> None:
        try:
            with transaction.atomic(using=demo_file_database):
                country = Country.objects.using(demo_file_database).get(isocode="BE")
                time.sleep(0.1)  # the others read meanwhile
                country.name = f"Belgium {i}"
                country.save(using=demo_file_database)
        except Exception as exc:  # the test counts them
            errors.append(exc)
        finally:
            connections[demo_file_database].close()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert Country.objects.using(demo_file_database).get(isocode="BE").name.startswith("Belgium ")
