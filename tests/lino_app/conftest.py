"""The Lino application's test database: migrated, then Lino's demo fixtures.

Replaces the root conftest's set-up, which loads the plain demo's data.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.utils import setup_databases, teardown_databases


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    site = settings.SITE
    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False)
        for plugin in site.installed_plugins:
            plugin.on_initdb(site, verbosity=0)
        call_command("loaddata", *site.demo_fixtures, verbosity=0)
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)
