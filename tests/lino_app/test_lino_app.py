"""Our apps in a real Lino application, its database built by Lino's ``prep``.

Run by ``scripts/test-lino`` with ``--ds=tests.lino_app.settings``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip(
    "lino", reason="Lino is not installed: scripts/test-lino runs these tests in .venv-lino"
)

from django.conf import settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUR_LABELS = ["gfks", "summaries", "clients", "coachings"]


def manage(db: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.lino_app.settings",
        "LINO_APP_DB": str(db),
    }
    return subprocess.run(
        [sys.executable, "-m", "django", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_built_on_lino_users_and_contacts():
    from lino_clients.conf import app_settings

    plugins = settings.SITE.plugins
    assert plugins.users.app_name == "lino.modlib.users"
    assert plugins.contacts.app_name == "lino_xl.lib.contacts"
    assert settings.AUTH_USER_MODEL == "users.User"
    Client = settings.SITE.models.care.Client
    assert app_settings.CLIENT_MODEL == "care.Client"
    assert Client.__mro__.index(settings.SITE.models.contacts.Person) > 0


def test_prep_builds_the_database_from_a_clean_state(tmp_path):
    db = tmp_path / "lino_app.db"
    prep = manage(db, "prep", "--noinput")
    assert prep.returncode == 0, prep.stderr
    assert "Installed" in prep.stdout + prep.stderr
    # Lino's initdb runs makemigrations first: it found nothing to write
    check = manage(db, "makemigrations", "--check", "--dry-run")
    assert check.returncode == 0, check.stdout + check.stderr
    shown = manage(
        db,
        "shell",
        "-c",
        "from lino.api import rt; C = rt.models.coachings.Coaching;"
        "print(rt.models.care.Client.objects.count(), C.objects.count(),"
        " C.objects.filter(primary=True).count())",
    )
    assert shown.stdout.splitlines()[-1].split() == ["3", "4", "3"], shown.stderr
