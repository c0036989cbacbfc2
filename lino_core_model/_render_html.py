"""The HTML renderer: a ``Table`` as an HTML ``<table>``, e.g. a slave panel in the admin.

The same columns and rows as the text renderer (``render_text.py``); a row that is a
model instance shows as a link to its admin page, HTML values (elements and safe
strings) stay HTML. Any other text, e.g. from the database, is text: escaped,
and the characters XML refuses replaced, so that they never crash a page.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.html import format_html_join
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext as _
from etgen.html import E, tostring
from lxml import etree, html

from lino_core_model._render_text import cell_text
from lino_core_model._requests import ActionRequest
from lino_core_model._row_html import obj2html
from lino_core_model.utils import xml_text

__all__ = ["to_html"]


def to_html(table: Any, ar: ActionRequest) -> SafeString:
    """The rows of ``ar`` (a request on ``table``) as ``<table class="lino-table">``."""
    columns = table.get_columns()
    rows = list(ar.get_data_iterator())
    if not rows:
        return format_html_join("", "<p>{}</p>", [(_("No data to display"),)])
    head = E.tr(*[E.th(xml_text(str(c.header))) for c in columns])
    body = [E.tr(*[E.td(_cell(c.value(obj, ar), ar)) for c in columns]) for obj in rows]
    return mark_safe(tostring(E.table(E.thead(head), E.tbody(*body), **{"class": "lino-table"})))


def _cell(value: Any, ar: ActionRequest) -> Any:
    """An element or a text for one cell (a row links as ``ar.obj2html`` says, if it says)."""
    if etree.iselement(value):
        return value
    if isinstance(value, models.Model):
        return getattr(ar, "obj2html", obj2html)(value)
    if isinstance(value, SafeData):
        return html.fragment_fromstring(xml_text(str(value)), create_parent="span")
    if isinstance(value, str):  # not HTML: a text with "<" shows as typed
        return xml_text(value)
    return xml_text(cell_text(value))
