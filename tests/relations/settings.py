"""The demo's settings plus the test-only app ``tests.relations``.

The specs show the demo's models only, so the tests of this app run in a pytest
session of their own (``scripts/test`` runs it after the main one):
``pytest tests/relations --ds=tests.relations.settings``.
"""

from demo_project.settings import *  # noqa: F403
from demo_project.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.relations"]
