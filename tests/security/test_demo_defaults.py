"""The demo's defaults: DEBUG only on a loopback address, no committed secret key,
static files served through the URL conf (no 500 for a path leaving them)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import wsgiref.util
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles.management.commands.runserver import (
    Command as RunserverCommand,
)
from django.core import signals
from django.db import close_old_connections

from demo_project import settings as demo_settings

REPO = Path(__file__).resolve().parents[2]


def run_demo_script(tmp_path: Path, **env: str) -> str:
    """What ``scripts/demo`` would run: a stand-in ``.venv/bin/python`` prints it (and
    runs the script's ``-c`` snippets with the real interpreter)."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "demo", tmp_path / "scripts" / "demo")
    (tmp_path / "scripts" / "venv.sh").write_text("")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(
        f'#!/bin/sh\n[ "$1" = -c ] && exec {sys.executable} "$@"\n'
        'echo "DEBUG=$DJANGO_DEBUG HOSTS=$DJANGO_ALLOWED_HOSTS STATIC=$DJANGO_SERVE_STATIC $*"\n'
    )
    python.chmod(0o755)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEMO_"))}
    result = subprocess.run(
        ["bash", str(tmp_path / "scripts" / "demo")],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()[-1]  # the runserver line


@pytest.mark.parametrize(
    "addr", ["", "127.0.0.1:8000", "127.254.3.9:80", "localhost:8080", "[::1]:8000", "8000"]
)
def test_demo_on_a_loopback_address_runs_with_debug(tmp_path, addr):
    line = run_demo_script(tmp_path, **({"DEMO_ADDR": addr} if addr else {}))
    assert line.startswith("DEBUG=1 ") and line.endswith(
        f"STATIC=1 manage.py runserver --nostatic {addr or '127.0.0.1:8000'}"
    )


@pytest.mark.parametrize(
    "addr, hosts",
    [
        ("0.0.0.0:8080", "*"),
        ("192.0.2.7:80", "192.0.2.7"),
        # host names that only look like loopback (issue 22, N12)
        ("127.attacker.example:8000", "127.attacker.example"),
        ("127.0.0.1.attacker.example:8000", "127.0.0.1.attacker.example"),
        ("localhost.attacker.example:80", "localhost.attacker.example"),
        ("127.1:8000", "127.1"),  # not an IP address as written
        ("[::2]:8000", "::2"),
    ],
)
def test_demo_on_another_address_runs_without_debug(tmp_path, addr, hosts):
    line = run_demo_script(tmp_path, DEMO_ADDR=addr)
    assert line == f"DEBUG=0 HOSTS={hosts} STATIC=1 manage.py runserver --nostatic {addr}"


def demo_server(line: str, settings) -> Any:
    """The WSGI handler that the runserver ``line`` of ``scripts/demo`` serves, with the
    settings it gets from the script's environment."""
    values = dict(word.split("=", 1) for word in line.split() if "=" in word)
    settings.DEBUG = values["DEBUG"] == "1"
    settings.DEMO_SERVE_STATIC = values.get("STATIC") == "1"
    command = RunserverCommand()
    args = line.split("manage.py runserver ", 1)[1].split()
    options = vars(command.create_parser("manage.py", "runserver").parse_args(args))
    return command.get_handler(**options)


def wsgi_get(handler: Any, path: str) -> tuple[int, bytes]:
    """The status and body of ``GET path`` (``path`` as the server decodes it); an
    exception out of the handler is a 500, as runserver answers it."""
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET"}
    wsgiref.util.setup_testing_defaults(environ)
    status = []
    # as Django's test client does: the connection of the other tests stays open
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        response = handler(environ, lambda s, headers, exc_info=None: status.append(s))
        body = b"".join(response)
        response.close()  # as a WSGI server does
    except Exception:
        return 500, b""
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return int(status[0].split()[0]), body


TRAVERSALS = [
    "/static/../../demo_project/settings.py",  # %2e%2e/%2e%2e/ decoded by the server
    "/static/../../.secret_key",  # ..%2f..%2f
    "/static/admin/../../../../../../.secret_key",
]


@pytest.mark.parametrize("addr", ["127.0.0.1:8000", "0.0.0.0:8080"])
def test_the_demo_server_refuses_a_static_path_leaving_the_static_folders(
    tmp_path, settings, addr
):
    """Issue 22, N6: runserver's static handler answered 500 (``SuspiciousFileOperation``)."""
    handler = demo_server(run_demo_script(tmp_path, DEMO_ADDR=addr), settings)
    for path in TRAVERSALS:
        status, body = wsgi_get(handler, path)
        assert status in (400, 404), path
        assert b"SECRET_KEY =" not in body and (REPO / ".secret_key").read_bytes() not in body
    status, body = wsgi_get(handler, "/static/admin/css/base.css")
    assert status == 200 and b"body" in body  # the demo serves its static files


def test_static_files_are_not_served_unless_asked_for(client):
    assert client.get("/static/admin/css/base.css").status_code == 404


def demo_setting(name: str) -> str:
    """The demo's setting ``name`` as printed by a fresh Python without ``DJANGO_*`` variables."""
    code = f"from demo_project import settings; print(settings.{name})"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    ).stdout.strip()


def test_debug_is_off_unless_asked_for():
    assert demo_setting("DEBUG") == "False"


def test_secret_key_comes_from_an_ignored_file():
    assert demo_setting("SECRET_KEY") == (REPO / ".secret_key").read_text().strip()
    if shutil.which("git") and (REPO / ".git").exists():
        ignored = subprocess.run(["git", "check-ignore", "-q", ".secret_key"], cwd=REPO)
        assert ignored.returncode == 0


def test_secret_key_is_generated_once_into_a_private_file(tmp_path):
    path = tmp_path / ".secret_key"
    key = demo_settings.secret_key(path)
    assert len(key) >= 50 and demo_settings.secret_key(path) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(tmp_path.iterdir()) == [path]
    assert demo_settings.secret_key(tmp_path / "other") != key
