"""A real Lino application hosting our six apps (run by ``scripts/test-lino``).

Lino's own users (``lino.modlib.users``: user types and roles) and contacts
(``lino_xl.lib.contacts``: Partner, Person, Company, Role), a small app of its own
(``care``) whose client model is built on Lino's ``Person``, and our apps
configured to those models through our ``LINO_*`` settings.
"""

from __future__ import annotations

import os
from pathlib import Path

from lino.projects.std.settings import *  # noqa: F403
from lino.projects.std.settings import Site as LinoSite

from tests import OUR_APPS


class Site(LinoSite):
    title = "lino-apps in a Lino application"
    demo_fixtures = ["std", "lino_app_demo"]
    user_types_module = "lino_xl.lib.xl.user_types"
    default_ui = "lino.modlib.extjs"

    def get_installed_plugins(self):
        yield super().get_installed_plugins()
        yield "lino.modlib.users"
        yield "lino_xl.lib.contacts"
        yield OUR_APPS
        yield "tests.lino_app.care"

    def setup_menu(self, user_type, main, ar=None):
        super().setup_menu(user_type, main, ar)
        main.add_menu("care", "Care").add_action(self.models.care.Clients)


SITE = Site(globals())

# ``prep`` builds a file database (LINO_APP_DB, default: default.db beside this
# file, as Lino's Site sets); pytest-django's test database lives in memory.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("LINO_APP_DB", str(Path(__file__).with_name("default.db"))),
        "TEST": {"NAME": ":memory:"},
    }
}
# The browser test's runserver serves Lino's static and generated media files.
DEBUG = os.environ.get("LINO_APP_DEBUG") == "1"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True

LINO_CLIENTS_CLIENT_MODEL = "care.Client"
LINO_CLIENTS_NOTE_MODEL = "care.Note"
LINO_CLIENTS_NOTE_CLIENT_FIELD = "client"
LINO_COACHINGS_GUEST_ROLE_MODEL = "care.GuestRole"
