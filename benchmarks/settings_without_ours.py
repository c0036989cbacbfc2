"""The demo settings without any app of ours: the start-up baseline."""

from __future__ import annotations

from demo_project.settings import *  # noqa: F403
from demo_project.settings import INSTALLED_APPS as ALL_APPS

INSTALLED_APPS = [a for a in ALL_APPS if not a.startswith(("lino_", "demo_project"))]
AUTH_USER_MODEL = "auth.User"
