"""Rendering rows and tables: as reStructuredText (``rt.show``, the specs' ``=====``
tables), as HTML tables, and a row as a paragraph of HTML (summary rows, links)."""

from __future__ import annotations

from typing import Any

from lino_core_model import _render_text
from lino_core_model._render_html import to_html
from lino_core_model._render_text import cell_text, show
from lino_core_model._requests import ActionRequest
from lino_core_model._row_html import SummaryRow, admin_url, obj2html


def to_rst(source: Any, ar: ActionRequest | None = None) -> str:
    """The rst text of ``source`` (a ``Table`` or a ``ChoiceList``) for request ``ar``
    (a request without a user when None)."""
    return _render_text.to_rst(source, ActionRequest(source) if ar is None else ar)


__all__ = ["SummaryRow", "admin_url", "cell_text", "obj2html", "show", "to_html", "to_rst"]
