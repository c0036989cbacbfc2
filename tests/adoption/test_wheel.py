"""The wheel holds the six apps (with their migrations, templates and ``py.typed``)
and nothing else; its metadata names the supported Django and Python versions.

The wheel is built from a copy of the checkout, so the test leaves the tree as it
is (setuptools writes ``build/`` and ``*.egg-info`` beside the sources it builds).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests import OUR_APPS

ROOT = Path(__file__).resolve().parents[2]
APPS = set(OUR_APPS)
SKIP = shutil.ignore_patterns(
    ".git",
    ".venv*",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    "_build",
    "test-artifacts",
    "*.sqlite3",
    "node_modules",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "src"
    shutil.copytree(ROOT, source, ignore=SKIP)
    # With build isolation: pip installs the build backend pyproject.toml asks for.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--disable-pip-version-check",
            "-q",
            "-w",
            str(tmp / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode and "Could not find a version that satisfies" in result.stderr:
        pytest.skip(f"no index offers the build backend here:\n{result.stderr}")
    assert result.returncode == 0, result.stdout + result.stderr
    [path] = (tmp / "dist").glob("lino_apps-*.whl")
    with zipfile.ZipFile(path) as archive:
        yield archive


def test_wheel_holds_the_six_apps_only(wheel):
    names = wheel.namelist()
    top = {name.split("/")[0] for name in names}
    dist_info = {t for t in top if t.endswith(".dist-info")}
    assert top - dist_info == APPS
    for expected in (
        "lino_clients/migrations/0002_clientcontact.py",
        "lino_coachings/migrations/0002_coaching.py",
        "lino_core_model/templates/lino_core_model/admin/change_form.html",
        "lino_core_model/py.typed",
        "lino_checkdata/migrations/0001_initial.py",
    ):
        assert expected in names
    assert not [n for n in names if "demo_project" in n or "example_project" in n]


def test_wheel_metadata(wheel):
    [metadata] = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    text = wheel.read(metadata).decode()
    for classifier in (
        "Framework :: Django :: 5.2",
        "Framework :: Django :: 6.0",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
    ):
        assert f"Classifier: {classifier}\n" in text
    assert "License-Expression: AGPL-3.0-or-later\n" in text
    assert "Requires-Python: >=3.11\n" in text
