"""Sphinx configuration of the lino-apps documentation (built by ``scripts/docs``)."""

from __future__ import annotations

project = "lino-apps"
author = "lino-apps developers"
copyright = "lino-apps developers, AGPL-3.0-or-later"
release = "0.1.0"

extensions: list[str] = []
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = "lino-apps"
# The specs are doctests: their ``>>>`` blocks are shown as they are.
highlight_language = "python"
