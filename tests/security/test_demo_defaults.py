"""The demo's defaults: DEBUG only on a loopback address, no committed secret key."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from demo_project import settings as demo_settings

REPO = Path(__file__).resolve().parents[2]


def run_demo_script(tmp_path: Path, **env: str) -> str:
    """What ``scripts/demo`` would run: a stand-in ``.venv/bin/python`` prints it."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "demo", tmp_path / "scripts" / "demo")
    (tmp_path / "scripts" / "venv.sh").write_text("")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text('#!/bin/sh\necho "DEBUG=$DJANGO_DEBUG HOSTS=$DJANGO_ALLOWED_HOSTS $*"\n')
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


@pytest.mark.parametrize("addr", ["", "127.0.0.1:8000", "localhost:8080", "[::1]:8000", "8000"])
def test_demo_on_a_loopback_address_runs_with_debug(tmp_path, addr):
    line = run_demo_script(tmp_path, **({"DEMO_ADDR": addr} if addr else {}))
    assert line.startswith("DEBUG=1 ") and "runserver" in line and "--insecure" not in line


@pytest.mark.parametrize("addr, hosts", [("0.0.0.0:8080", "*"), ("192.0.2.7:80", "192.0.2.7")])
def test_demo_on_another_address_runs_without_debug(tmp_path, addr, hosts):
    line = run_demo_script(tmp_path, DEMO_ADDR=addr)
    assert line == f"DEBUG=0 HOSTS={hosts} manage.py runserver --insecure {addr}"


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
