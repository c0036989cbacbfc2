"""The tables of lino_gfks: ContentTypes, help texts, broken GFKs."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from etgen.html import E

from lino_core_model.fields import displayfield
from lino_core_model.render import obj2html
from lino_core_model.roles import SiteStaff
from lino_core_model.tables import Table
from lino_core_model.utils import mti_parents

from .broken import broken_gfks
from .models import HelpText

__all__ = ["BrokenGFKs", "ContentTypes", "HelpTexts", "HelpTextsByModel"]


class ContentTypes(Table):
    """Every model of the site (Django's ``ContentType`` rows)."""

    model = ContentType
    label = _("Content types")
    column_names = "id app_label model base_classes"
    order_by = "id"
    required_roles = frozenset({SiteStaff})

    @displayfield(_("Base classes"))
    def base_classes(cls, obj: ContentType, ar: Any) -> Any:
        """Links to the content types of the concrete MTI parents of ``obj``'s model."""
        model = obj.model_class()
        if model is None:
            return ""
        items: list[Any] = []
        for parent in mti_parents(model):
            ct = ContentType.objects.get_for_model(parent)
            if items:
                items.append(", ")
            items.append(obj2html(ct, f"{ct.app_label}.{ct.model}"))
        return E.span(*items) if items else ""


class HelpTexts(Table):
    model = HelpText
    column_names = "field verbose_name help_text id content_type"
    required_roles = frozenset({SiteStaff})

    @displayfield(_("Verbose name"))
    def verbose_name(cls, obj: HelpText, ar: Any) -> str:
        field = obj.get_model_field()
        return "" if field is None else str(getattr(field, "verbose_name", field.name))


class HelpTextsByModel(HelpTexts):
    master_key = "content_type"


class BrokenGFKs(Table):
    """Every row whose GFK points to a missing row or to a content type without model."""

    label = _("Broken GFKs")
    column_names = "database_model database_object message todo"
    required_roles = frozenset({SiteStaff})

    @classmethod
    def get_request_queryset(cls, ar: Any) -> list[Any]:
        return list(broken_gfks())

    @displayfield(_("Database model"))
    def database_model(cls, row: Any, ar: Any) -> Any:
        ct = ContentType.objects.get_for_model(row.obj)
        return obj2html(ct, f"{ct.app_label}.{ct.model}")

    @displayfield(_("Database object"))
    def database_object(cls, row: Any, ar: Any) -> Any:
        return obj2html(row.obj)

    @displayfield(_("Message"))
    def message(cls, row: Any, ar: Any) -> str:
        return row.message

    @displayfield(_("Action"))
    def todo(cls, row: Any, ar: Any) -> str:
        return row.todo
