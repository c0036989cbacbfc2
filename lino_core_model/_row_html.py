"""Summary rows: a row shown as one paragraph of HTML (built with etgen)."""

from __future__ import annotations

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from etgen.html import E, tostring

from lino_core_model.utils import xml_text


def admin_url(obj) -> str | None:
    """The admin change page of ``obj``, or None when its model is not in the admin."""
    meta = obj._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return None


def obj2html(obj, text=None):
    """A link to ``obj``'s detail page (its admin page), or plain text."""
    text = xml_text(str(obj) if text is None else text)
    url = admin_url(obj)
    return E.a(text, href=url) if url else text


class SummaryRow:
    """Mixed into ``Model``: ``summary_row`` / ``as_summary_row``."""

    # The public, stable path that migrations name as a base of our models
    # (the class may move; ``lino_core_model.models.SummaryRow`` stays).
    __module__ = "lino_core_model.models"

    summary_row_template: str | None = None

    def summary_row(self, ar=None, **kw) -> Iterable:
        """The elements describing this row in a summary panel (default: a link)."""
        make_link = getattr(ar, "obj2html", None) or obj2html
        yield make_link(self)

    def as_summary_row(self, ar=None, **kw) -> str:
        """This row as one ``<p>`` of HTML (``summary_row_template`` if set)."""
        if self.summary_row_template:
            return render_to_string(self.summary_row_template, {"obj": self, "ar": ar})
        return tostring(E.p(*self.summary_row(ar, **kw)))

__all__ = ["SummaryRow", "admin_url", "obj2html"]
