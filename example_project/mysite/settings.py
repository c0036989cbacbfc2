"""Settings of the example project: a case-management site built on the six apps."""

from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "example-only-not-secret"
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    "mysite.apps.SiteAdminConfig",  # django.contrib.admin with the site tools link
    "django.contrib.auth",
    "django.contrib.contenttypes",  # needed by lino_core_model and lino_gfks
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "lino_core_model",  # needed by the five others
    "lino_gfks",
    "lino_checkdata",  # needs lino_gfks
    "lino_summaries",
    "lino_clients",
    "lino_coachings",  # needs lino_clients
    "crm",
]

# Our models and the apps' models that point at them, set before the first migrate.
AUTH_USER_MODEL = "crm.User"
LINO_CLIENTS_CLIENT_MODEL = "crm.Client"
LINO_CLIENTS_PARTNER_MODEL = "crm.Partner"
LINO_CLIENTS_PERSON_MODEL = "crm.Person"
LINO_CLIENTS_COMPANY_MODEL = "crm.Organisation"
LINO_CLIENTS_ROLE_TYPE_MODEL = "crm.RoleType"
LINO_CLIENTS_NOTE_MODEL = "crm.Note"
LINO_CLIENTS_NOTE_CLIENT_FIELD = "client"
LINO_CLIENTS_NOTE_DATE_FIELD = "date"
LINO_SUMMARIES_START_YEAR = 2025
LINO_SUMMARIES_END_YEAR = 2026

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "mysite.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

# SQLite by default; DATABASE_URL=postgres://... or mysql://... for another server.
DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.mysql":
    import pymysql  # the pure-Python driver stands in for mysqlclient

    pymysql.install_as_MySQLdb()
    DATABASES["default"].setdefault("OPTIONS", {})["charset"] = "utf8mb4"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
