"""Rendering rows and tables: as reStructuredText (``rt.show``, the specs' ``=====``
tables), as HTML tables, and a row as a paragraph of HTML (summary rows, links)."""

from __future__ import annotations

from lino_core_model._render_html import to_html
from lino_core_model._render_text import cell_text, show, to_rst
from lino_core_model._row_html import SummaryRow, admin_url, obj2html

__all__ = ["SummaryRow", "admin_url", "cell_text", "obj2html", "show", "to_html", "to_rst"]
