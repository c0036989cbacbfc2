"""The example project (the tutorial) builds from an empty migrations folder and works.

The project is copied to a temporary folder; ``makemigrations``, ``migrate`` and
``makemigrations --check`` run in subprocesses on the database vendor of this
suite run (SQLite, or the server of ``DATABASE_URL``), in a database of its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "example_project"


def _server_url(vendor: str) -> str | None:
    """The suite's DATABASE_URL when it names a server of ``vendor``."""
    url = os.environ.get("DATABASE_URL", "")
    prefixes = {"postgresql": ("postgres",), "mysql": ("mysql", "mariadb")}[vendor]
    return url if url.startswith(prefixes) else None


class ScratchDatabase:
    """A database with a unique name on the suite's server, dropped afterwards."""

    def __init__(self, vendor: str, url: str) -> None:
        import dj_database_url

        self.vendor = vendor
        self.params = dj_database_url.parse(url)
        self.name = f"h_example_{uuid.uuid4().hex[:12]}"
        base = url.rsplit("/", 1)[0]
        self.url = f"{base}/{self.name}"

    def _execute(self, sql: str) -> None:
        p = self.params
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(
                host=p["HOST"],
                port=p["PORT"] or 5432,
                user=p["USER"],
                password=p["PASSWORD"] or None,
                dbname="postgres",
                autocommit=True,
            ) as conn:
                conn.execute(sql)
        else:
            import pymysql

            conn = pymysql.connect(
                host=p["HOST"],
                port=int(p["PORT"] or 3306),
                user=p["USER"],
                password=p["PASSWORD"] or "",
            )
            try:
                conn.cursor().execute(sql)
            finally:
                conn.close()

    def create(self) -> None:
        suffix = " CHARACTER SET utf8mb4" if self.vendor == "mysql" else ""
        self._execute(f"CREATE DATABASE {self.name}{suffix}")

    def drop(self) -> None:
        self._execute(f"DROP DATABASE IF EXISTS {self.name}")


@pytest.fixture
def project(tmp_path):
    """The example project in ``tmp_path`` with an empty migrations folder, and the
    environment of its ``manage.py``: (folder, run)."""
    target = tmp_path / "example_project"
    shutil.copytree(
        EXAMPLE, target, ignore=shutil.ignore_patterns("__pycache__", "db.sqlite3", "0*.py")
    )
    assert sorted(p.name for p in (target / "crm" / "migrations").iterdir()) == ["__init__.py"]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(target), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "mysite.settings",
    }
    env.pop("DATABASE_URL", None)
    vendor = connection.vendor
    scratch = None
    if vendor != "sqlite":
        url = _server_url(vendor)
        if url is None:
            pytest.skip(f"the example project runs on {vendor} only with a DATABASE_URL")
        scratch = ScratchDatabase(vendor, url)
        scratch.create()
        env["DATABASE_URL"] = scratch.url

    def run(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, *args],
            cwd=target,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    try:
        yield target, run
    finally:
        if scratch is not None:
            scratch.drop()


def test_example_project_builds_and_works(project):
    target, run = project
    run("manage.py", "makemigrations")
    assert (target / "crm" / "migrations" / "0001_initial.py").exists()
    run("manage.py", "migrate")
    run("manage.py", "makemigrations", "--check", "--dry-run")
    run("manage.py", "check", "--fail-level", "ERROR")
    # A database migrated before our apps split their 0001_initial has the tables
    # of the 0002 migrations without their records (and none of the later
    # migrations, e.g. coachings 0003, a no-op here): migrate must go forward.
    run(
        "manage.py",
        "shell",
        "-c",
        "from django.db.migrations.recorder import MigrationRecorder as R; "
        "R.Migration.objects.filter(name__in=['0002_clientcontact', '0002_coaching',"
        " '0003_coachingtype_eval_guestrole']).delete()",
    )
    out = run("manage.py", "migrate")
    assert "Applying coachings.0002_coaching... OK" in out
    out = run(str(ROOT / "tests" / "adoption" / "exercise_example.py"))
    assert out.rstrip().endswith("EXERCISED"), out
