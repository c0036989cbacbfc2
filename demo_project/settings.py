"""Settings of the demo site.

The database comes from ``DATABASE_URL`` (default: ``sqlite:///<repo>/demo.sqlite3``),
e.g. ``postgres://postgres@127.0.0.1:5432/lino_apps`` or
``mysql://root@127.0.0.1:3306/lino_apps``.

``DJANGO_DEBUG=1`` turns on ``DEBUG`` (``scripts/demo`` does so only on a loopback
address); ``DJANGO_ALLOWED_HOSTS`` (comma-separated) adds host names;
``DJANGO_SECRET_KEY`` gives the secret key, else a key is generated once into
``.secret_key`` (ignored by git). ``DJANGO_SERVE_STATIC=1`` (``scripts/demo``)
serves the static files through the URL conf, for ``runserver --nostatic``.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import dj_database_url
import django
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def secret_key(path: Path) -> str:
    """The key in ``path``, written there first (readable by its owner only) if missing."""
    if not path.exists():
        new = path.with_name(f"{path.name}.{os.getpid()}")
        fd = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(get_random_secret_key())
        try:
            with contextlib.suppress(FileExistsError):  # another process was first: its key wins
                os.link(new, path)
        finally:
            new.unlink()
    return path.read_text().strip()


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or secret_key(BASE_DIR / ".secret_key")
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = [
    "127.0.0.1",
    "localhost",
    "testserver",
    *filter(None, os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")),
]

# Django's tasks framework: built in from Django 6, the django-tasks backport on 5.2.
# django-tasks-db: the database backend and its worker (manage.py db_worker).
TASKS_APPS = ["django_tasks", "django_tasks_db"] if django.VERSION < (6,) else ["django_tasks_db"]
TASKS_MODULE = "django_tasks" if django.VERSION < (6,) else "django.tasks"
# The daily summaries run (checksummaries --enqueue): the immediate backend runs the
# tasks at once; "database" stores them for ``manage.py db_worker``.
TASKS = {
    "default": {"BACKEND": f"{TASKS_MODULE}.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "lino_core_model",
    "lino_gfks",
    "lino_checkdata",
    "lino_summaries",
    *TASKS_APPS,
    "lino_clients",
    "lino_coachings",
    "demo_project.users",
    "demo_project.contacts",
    "demo_project.avanti",
    "demo_project.contracts",
    "demo_project.cal",
    "demo_project.notes",
    "demo_project.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "demo_project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "demo_project" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "demo_project.wsgi.application"

DATABASES = {  # an empty DATABASE_URL counts as unset
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'demo.sqlite3'}",
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Simultaneous writers wait for each other (up to 20 s) instead of failing with
    # "database is locked": a transaction takes the write lock when it begins, not
    # when it first writes after reading (a lock upgrade SQLite cannot wait for).
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
if DATABASES["default"]["ENGINE"] == "django.db.backends.mysql":
    # PyMySQL (pure Python) stands in for mysqlclient, which needs C headers.
    import pymysql

    pymysql.install_as_MySQLdb()
    DATABASES["default"].setdefault("OPTIONS", {})["charset"] = "utf8mb4"
    DATABASES["default"]["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}

AUTH_USER_MODEL = "users.User"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The demo's static files through its URL conf (demo_project/urls.py), as Django's
# ``DEBUG`` or ``runserver --insecure`` would serve them, but where a path leaving the
# static folders (``/static/..%2f..%2f.secret_key``) answers 400, not 500.
DEMO_SERVE_STATIC = os.environ.get("DJANGO_SERVE_STATIC", "0") == "1"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# lino_core_model: a plain Django model given our methods (vetoes, quick search), opted in.
LINO_CORE_MODEL_DJANGO2LINO = ["contenttypes.ContentType"]

# lino_clients: the avanti client, and notes about partners for the "note" event.
LINO_CLIENTS_CLIENT_MODEL = "avanti.Client"
LINO_CLIENTS_NOTE_CLIENT_FIELD = "partner"
LINO_COACHINGS_GUEST_ROLE_MODEL = "cal.GuestRole"

# Demo passwords are "1234": a fast hasher keeps `prep` and the tests quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# lino_summaries: the demo's dated summaries cover the years of its data.
LINO_SUMMARIES_START_YEAR = 2024
LINO_SUMMARIES_END_YEAR = 2024
