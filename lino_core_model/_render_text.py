"""The text renderer: a table or a choicelist as the ``=====`` rst table of the specs.

``rstgen.table()`` draws the table; this module only turns values into cell
texts the way Lino does (HTML to rst-ish text, ``Yes``/``No``, ISO dates) and
adds the ``**Total (N rows)**`` row.
"""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import rstgen
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.safestring import SafeData
from django.utils.translation import gettext as _
from etgen.html2rst import html2rst
from lxml import etree, html

if TYPE_CHECKING:  # requests print through this module: no import back
    from lino_core_model._requests import ActionRequest


__all__ = ["show", "to_rst"]

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# Tags html2rst renders; every other tag (links included) shows its text only.
_KNOWN_TAGS = {"p", "li", "pre", "ul", "ol", "br", "b", "em", "i", "img", "td", "th", "tr",
               "thead", "tbody", "table", "div", "span", "h1", "h2", "h3", "h4", "h5", "h6"}


def is_choicelist(source: Any) -> bool:
    """Whether ``source`` is a choicelist (rows are its items) rather than a table."""
    return isinstance(source, type) and hasattr(source, "get_list_items")


def to_rst(source: Any, ar: ActionRequest) -> str:
    """The rst text of ``source`` (a ``Table`` or a ``ChoiceList``) for request ``ar``."""
    if ar.table is not source:
        ar = ar.spawn(source, ar.master_instance)
    if is_choicelist(source):
        headers, rows = _choicelist_rows(source, ar)
    else:
        headers, rows = _table_rows(source, ar)
    return rstgen.table(headers, rows) if rows else ""


def show(ar: ActionRequest) -> None:
    """Print the table of ``ar``, or "No data to display" when it has no rows."""
    ar.check_view_permission(ar.table)
    text = to_rst(ar.table, ar)
    print(text.rstrip("\n") if text else _("No data to display"))


def _table_rows(table: Any, ar: ActionRequest) -> tuple[list[str], list[list[str]]]:
    columns = table.get_columns()
    headers = [str(c.header) for c in columns]
    rows: list[list[str]] = []
    sums: list[Any] = [None] * len(columns)
    for obj in select_shown_relations(ar.get_data_iterator(), columns):
        row = []
        for i, col in enumerate(columns):
            value = col.value(obj, ar)
            if col.summable and value is not None:
                sums[i] = value if sums[i] is None else sums[i] + value
            row.append(cell_text(value))
        rows.append(row)
    if rows and any(c.summable for c in columns):
        total = [f"**{cell_text(s)}**" if s is not None else "" for s in sums]
        if not columns[0].summable:
            total[0] = f"**{table.get_sum_text(ar, len(rows))}**"
        rows.append(total)
    return headers, rows


def select_shown_relations(rows: Any, columns: list) -> Any:
    """Join the foreign keys that columns show: one query per page, not one per row."""
    if not isinstance(rows, models.QuerySet):
        return rows
    paths = {p for p in (_related_path(rows.model, c.name) for c in columns) if p}
    return rows.select_related(*sorted(paths)) if paths else rows


def _related_path(model: type[models.Model], name: str) -> str | None:
    """The leading foreign keys of column ``name`` (``company__name`` -> ``company``)."""
    path = []
    for part in name.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            break
        if not isinstance(field, models.ForeignKey):
            break
        path.append(part)
        model = field.related_model
    return "__".join(path) or None


def _choicelist_rows(cl: Any, ar: ActionRequest) -> tuple[list[str], list[list[str]]]:
    getter = getattr(cl, "get_column_names", None)
    if getter is not None:
        names = list(getter())
    else:
        names = [t.split(":")[0] for t in cl.column_names.split() if t != "*"]
    headers = [str(cl.get_column_header(name)) for name in names]
    rows = [
        [cell_text(cl.get_column_value(name, choice, ar)) for name in names]
        for choice in ar.get_data_iterator()
    ]
    return headers, rows


def cell_text(value: Any) -> str:
    """The text of one cell: how Lino's text renderer shows ``value``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if etree.iselement(value):
        return html_to_text(value)
    if isinstance(value, str):
        if isinstance(value, SafeData) or _TAG.search(value):
            return html_to_text(value)
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    if isinstance(value, (Decimal, int, float, Promise, models.Model)):
        return str(value)
    if isinstance(value, (list, tuple)) or _is_generator(value):
        return "".join(cell_text(v) for v in value)
    return str(value)


def html_to_text(value: Any) -> str:
    """HTML (an element or a string with tags) as rst-ish text: ``<b>x</b>`` -> ``**x**``."""
    if isinstance(value, str):
        try:
            value = html.fragment_fromstring(value, create_parent="div")
        except etree.ParserError:
            return value
    else:
        value = copy.deepcopy(value)  # we change the tags below
    etree.strip_elements(value, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for element in value.iter():
        if element.tag == "strong":
            element.tag = "b"
        elif element.tag not in _KNOWN_TAGS:
            element.tag = "span"  # links and unknown tags: their text
    return html2rst(value, True).strip()


def _is_generator(value: Any) -> bool:
    return isinstance(value, Iterable) and hasattr(value, "__next__")
