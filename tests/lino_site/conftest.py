"""The Lino site's database: built like Lino's ``prep`` does it.

pytest-django migrates the test database (Lino's ``initdb`` migrates too); then,
as ``initdb`` does, every plugin's ``on_initdb`` runs and the site's
``demo_fixtures`` load (our demo data as a Lino ``.py`` fixture). Lino's own
``prep`` command is not called: its ``initdb`` runs ``makemigrations`` for every
app and would write migration files for the plain Django models whose
ContentType foreign keys Lino turns into PROTECT (``auth.Permission``, the
demo's ``Tag``).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    site = settings.SITE
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)  # the root conftest loaded data
        for plugin in site.installed_plugins:
            plugin.on_initdb(site, verbosity=0)
        call_command("loaddata", *site.demo_fixtures, verbosity=0)
