"""Every app, setting or template our code relies on is a system check with an id and
a hint. Missing apps are tried in small throw-away projects (subprocesses: the app
registry of this suite cannot lose an app)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.test import override_settings

from lino_clients.checks import check_model_settings
from lino_core_model.checks import check_admin_templates

ROOT = Path(__file__).resolve().parents[2]

USER_APP = """
from django.contrib.auth.models import AbstractUser
from lino_coachings.mixins import CoachMixin


class User({bases}):
    '''A user model with the bases under test.'''
"""

OUR_MODEL_APP = """
from django.db import models
from lino_core_model.models import Model


class Thing(Model):
    name = models.CharField(max_length=20)
"""


def run_check(
    tmp_path: Path, installed_apps: list[str], models: str | None = None, settings: str = ""
) -> subprocess.CompletedProcess:
    """``manage.py check`` of a project with ``installed_apps`` (and an app ``shop``
    whose models module is ``models``)."""
    if models is not None:
        (tmp_path / "shop").mkdir()
        (tmp_path / "shop" / "__init__.py").write_text("")
        (tmp_path / "shop" / "models.py").write_text(models)
        installed_apps = [*installed_apps, "shop"]
    (tmp_path / "check_settings.py").write_text(
        textwrap.dedent(f"""
        SECRET_KEY = "x"
        INSTALLED_APPS = {installed_apps!r}
        DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}}}
        DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
    """)
        + settings
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "check_settings",
    }
    return subprocess.run(
        [sys.executable, "-m", "django", "check"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_summaries_without_core_model(tmp_path):
    result = run_check(tmp_path, ["django.contrib.contenttypes", "lino_summaries"])
    assert result.returncode == 1
    assert "(lino_summaries.E003) lino_summaries needs 'lino_core_model'" in result.stderr
    assert "HINT: Add 'lino_core_model' to INSTALLED_APPS." in result.stderr


def test_our_model_without_core_model(tmp_path):
    result = run_check(tmp_path, ["django.contrib.contenttypes"], models=OUR_MODEL_APP)
    assert result.returncode == 1
    assert (
        "(lino_core_model.E007) shop.Thing inherit lino_core_model.models.Model, "
        "but 'lino_core_model' is not in INSTALLED_APPS."
    ) in result.stderr


@pytest.mark.parametrize(
    "app, installed",
    [
        ("lino_core_model", ["lino_core_model", "lino_gfks"]),
        ("lino_gfks", ["lino_gfks", "lino_core_model"]),
        ("lino_checkdata", ["lino_checkdata", "lino_gfks", "lino_core_model"]),
    ],
)
def test_without_contenttypes(tmp_path, app, installed):
    """Our models import ContentType: the first of our apps to load says what is missing."""
    result = run_check(tmp_path, installed)
    assert result.returncode == 1
    assert f"{app} needs 'django.contrib.contenttypes' in INSTALLED_APPS" in result.stderr
    assert "RuntimeError" not in result.stderr


def test_checkdata_without_gfks(tmp_path):
    installed = ["django.contrib.contenttypes", "django.contrib.auth", "lino_core_model"]
    result = run_check(tmp_path, [*installed, "lino_checkdata"])
    assert result.returncode == 1
    assert "(lino_checkdata.E001) lino_checkdata needs 'lino_gfks'" in result.stderr
    assert "HINT: Add 'lino_gfks' to INSTALLED_APPS." in result.stderr
    assert run_check(tmp_path, [*installed, "lino_gfks", "lino_checkdata"]).returncode == 0


USER_PROJECT = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "lino_core_model",
    "lino_clients",
    "lino_coachings",
]
USER_SETTINGS = 'AUTH_USER_MODEL = "shop.User"\nLINO_CLIENTS_CLIENT_MODEL = "shop.User"\n'


@pytest.mark.parametrize(
    "bases, warned",
    [
        ("CoachMixin, AbstractUser", True),
        ("AbstractUser, CoachMixin", False),
    ],
)
def test_base_order_of_the_user_model(tmp_path, bases, warned):
    result = run_check(
        tmp_path, USER_PROJECT, models=USER_APP.format(bases=bases), settings=USER_SETTINGS
    )
    assert (
        "(lino_coachings.W002) shop.User lists CoachMixin before Django's user base "
        "class" in result.stderr
    ) is warned, result.stderr
    assert ("HINT: Put Django's base first" in result.stderr) is warned


def test_model_settings_name_installed_models():
    assert check_model_settings() == []
    with override_settings(LINO_CLIENTS_ROLE_TYPE_MODEL="contacts.NoSuchModel"):
        [error] = check_model_settings()
    assert error.id == "lino_clients.E006"
    assert error.msg == (
        "LINO_CLIENTS_ROLE_TYPE_MODEL is 'contacts.NoSuchModel', which is no installed model."
    )
    assert "LINO_CLIENTS_ROLE_TYPE_MODEL in your settings" in error.hint


def test_swappable_settings_keep_their_value():
    with override_settings(LINO_CLIENTS_CONTACT_TYPE_MODEL="contacts.RoleType"):
        [error] = check_model_settings()
    assert error.id == "lino_clients.E005"


def test_admin_templates_must_be_found():
    assert check_admin_templates() == []
    engine = {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": False,
        "OPTIONS": {},
    }
    with override_settings(TEMPLATES=[engine]):
        [error] = check_admin_templates()
    assert error.id == "lino_core_model.E008" and "APP_DIRS" in error.hint


def test_coaching_type_setting_keeps_its_value():
    from lino_coachings.checks import check_models

    assert check_models() == []
    with override_settings(LINO_COACHINGS_COACHING_TYPE_MODEL="contacts.RoleType"):
        [error] = check_models()
    assert error.id == "lino_coachings.E004"
