"""A minimal Lino site hosting the six lino-apps, with the demo's own apps.

The demo's users and contacts stand in for Lino's (they carry the demo data);
Lino adds only its always-installed plugins (about, jinja, extjs, bootstrap3).
"""

from __future__ import annotations

from pathlib import Path

from lino.projects.std.settings import *  # noqa: F403
from lino.projects.std.settings import Site as LinoSite

from tests import OUR_APPS

DEMO_APPS = ["users", "contacts", "avanti", "contracts", "cal", "notes", "demo"]


class Site(LinoSite):
    title = "lino-apps in a Lino site"
    demo_fixtures = ["lino_apps_demo"]

    def get_installed_plugins(self):
        yield super().get_installed_plugins()
        yield "django.contrib.auth"
        yield OUR_APPS
        yield [f"demo_project.{name}" for name in DEMO_APPS]

    def get_plugin_configs(self):
        # The demo's apps stand in for Lino's users and contacts here: Lino builds
        # no user interface for them (tests/lino_app is the real Lino application).
        yield super().get_plugin_configs()
        for name in DEMO_APPS:
            yield (name, "hidden", True)


SITE = Site(globals())

# Site() points DATABASES to default.db beside this file; the tests need no file.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
AUTH_USER_MODEL = "users.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [Path(__file__).resolve().parent / "fixtures"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True

LINO_CLIENTS_CLIENT_MODEL = "avanti.Client"
LINO_CLIENTS_NOTE_CLIENT_FIELD = "partner"
LINO_COACHINGS_GUEST_ROLE_MODEL = "cal.GuestRole"
LINO_SUMMARIES_START_YEAR = 2024
LINO_SUMMARIES_END_YEAR = 2024
