"""The relation-kind tests run only with their own settings, which install their models.

``pytest tests/relations --ds=tests.relations.settings`` (``scripts/test`` runs it
after the main session); in the main session (the demo's settings) they are
not collected.
"""

from django.conf import settings

if settings.SETTINGS_MODULE != "tests.relations.settings":
    collect_ignore_glob = ["test_*.py"]
