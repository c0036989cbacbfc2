"""Sphinx configuration of the lino-apps documentation (built by ``scripts/docs``)."""

from __future__ import annotations

import glob
import os
import re
import sys
import zlib
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
# autodoc imports the apps: with the demo's settings, from this checkout.
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo_project.settings")
django.setup()

project = "lino-apps"
author = "lino-apps developers"
copyright = "lino-apps developers, AGPL-3.0-or-later"
release = "0.1.0"

extensions = ["sphinx.ext.autodoc", "sphinx.ext.intersphinx", "sphinx_copybutton"]
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = "lino-apps"
html_static_path = ["_static"]
html_css_files = ["wide.css"]
# The specs are doctests: their ``>>>`` blocks are shown as they are.
highlight_language = "python"
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True

autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_typehints = "description"


def _inventory(pattern: str) -> str | None:
    """A local copy of a project's inventory (Debian's python3-doc, python-django-doc):
    the build needs no network. Without one, that project's names stay plain text."""
    found = sorted(glob.glob(pattern))
    return found[-1] if found else None


def _dirhtml(path: str | None) -> str | None:
    """A copy of the inventory at ``path`` whose ``page.html#x`` links read ``page/#x``:
    Debian builds Django's docs as html, docs.djangoproject.com serves them as dirhtml."""
    if path is None:
        return None
    raw = Path(path).read_bytes()
    lines = raw.split(b"\n", 4)
    body = zlib.decompress(lines[4]).decode()
    body = re.sub(r"(\S+)\.html(#\S*)?(?= )", lambda m: f"{m[1]}/{m[2] or ''}", body)
    target = Path(__file__).parent / "_build" / "django-objects.inv"
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(b"\n".join(lines[:4]) + b"\n" + zlib.compress(body.encode()))
    return str(target)


intersphinx_mapping = {
    name: (url, local)
    for name, url, local in (
        (
            "python",
            "https://docs.python.org/3/",
            _inventory("/usr/share/doc/python3*/html/objects.inv"),
        ),
        (
            "django",
            "https://docs.djangoproject.com/en/5.2/",
            _dirhtml(_inventory("/usr/share/doc/python-django-doc/html/objects.inv")),
        ),
    )
    if local is not None
}
