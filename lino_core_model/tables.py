"""``Table``: a declarative view on the rows of a model.

A table says which rows (``filter``, ``exclude``, ``master_key``, parameters,
quick search, ``order_by``) and which columns (``column_names``) to show. It is
never instantiated; an ``ActionRequest`` asks it for rows, ``render.to_rst()``
prints it. Every table defined in an installed app is registered under
``app_label.TableName`` and reachable as ``rt.models.<app_label>.<TableName>``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import (
    AppRegistryNotReady,
    FieldDoesNotExist,
    ImproperlyConfigured,
)
from django.db import models
from django.db.models import Q
from django.db.models.sql.datastructures import Join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lino_core_model.fields import VirtualField, get_virtual_field
from lino_core_model.roles import has_required_roles
from lino_core_model.search import quick_search_filter
from lino_core_model.utils import concrete_family, split_names

#: Every registered table by ``"app_label.TableName"``.
registry: dict[str, type[Table]] = {}
_pending: list[type[Table]] = []

SUMMABLE_FIELDS = (
    models.IntegerField, models.DecimalField, models.FloatField, models.DurationField
)
_LAZY_ATTRIBUTES = ("label", "verbose_name_plural")


@dataclass
class Column:
    """One column of a table: its name, header, value getter and summability."""

    name: str
    header: Any
    getter: Callable[[Any, Any], Any]
    field: Any = None
    summable: bool = False

    def value(self, obj: Any, ar: Any) -> Any:
        return self.getter(obj, ar)


class TableMeta(type):
    """Metaclass of tables: ``label`` defaults to the model's plural name."""

    def __getattr__(cls, name: str) -> Any:
        if name in _LAZY_ATTRIBUTES:
            model = cls.get_model()
            return model._meta.verbose_name_plural if model is not None else cls.__name__
        raise AttributeError(f"type object {cls.__name__!r} has no attribute {name!r}")

    def __str__(cls) -> str:
        label = cls.__dict__.get("app_label")
        return f"{label}.{cls.__name__}" if label else cls.__name__


class Table(metaclass=TableMeta):
    """Base of every table; subclass it, never instantiate it."""

    model: type[models.Model] | str | None = None
    column_names: str = "*"
    master_key: str | None = None
    master: type[models.Model] | str | None = None
    order_by: str | Iterable[str] | None = None
    filter: Q | dict[str, Any] | None = None
    exclude: Q | dict[str, Any] | None = None
    required_roles: frozenset = frozenset()
    parameters: dict[str, models.Field] | None = None
    hidden_columns: frozenset[str] | str = frozenset()
    hide_sum: frozenset[str] | str = frozenset()
    app_label: str | None = None

    def __init__(self) -> None:
        raise TypeError(f"{type(self).__name__} is a table class: use it, don't instantiate it.")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.app_label = None
        try:
            _register(cls)
        except AppRegistryNotReady:
            _pending.append(cls)

    # -- model and master ---------------------------------------------------
    @classmethod
    def get_model(cls) -> type[models.Model] | None:
        """The model, resolving an ``"app_label.Model"`` string on first use."""
        if isinstance(cls.model, str):
            cls.model = apps.get_model(cls.model)
        return cls.model

    @classmethod
    def get_master(cls) -> type[models.Model] | None:
        """The model of the master instance (default: the target of ``master_key``)."""
        if isinstance(cls.master, str):
            cls.master = apps.get_model(cls.master)
        if cls.master is None and cls.master_key:
            return getattr(cls.get_model()._meta.get_field(cls.master_key), "related_model", None)
        return cls.master

    @classmethod
    def get_view_permission(cls, user: Any) -> bool:
        """Whether ``user`` has the ``required_roles`` of this table."""
        return has_required_roles(user, cls.required_roles)

    @classmethod
    def get_row_permission(cls, obj: Any, ar: Any, state: Any, action: Any) -> bool:
        """Whether ``ar`` may run ``action`` on row ``obj`` (default: ask the row)."""
        check = getattr(obj, "get_row_permission", None)
        return True if check is None else check(ar, state, action)

    # -- rows ---------------------------------------------------------------
    @classmethod
    def get_request_queryset(cls, ar: Any) -> models.QuerySet:
        """The rows of this table for request ``ar``."""
        model = cls.get_model()
        if model is None:
            raise ImproperlyConfigured(f"{cls} has no model.")
        base = getattr(model, "get_request_queryset", None)
        qs = base(ar) if base is not None else model._default_manager.all()
        qs = cls.filter_by_master(qs, getattr(ar, "master_instance", None))
        if cls.filter:
            qs = qs.filter(_as_q(cls.filter))
        if cls.exclude:
            qs = qs.exclude(_as_q(cls.exclude))
        params = cls.get_param_values(ar)
        if params:
            add_filter = getattr(model, "add_param_filter", None)
            qs = add_filter(qs, **params) if add_filter is not None else qs.filter(**params)
        text = getattr(ar, "quick_search", None)
        if text:
            qs = qs.filter(quick_search_q(model, text))
        if cls.order_by:
            qs = qs.order_by(*_names(cls.order_by))
        return qs.distinct() if _may_duplicate(qs) else qs

    @classmethod
    def filter_by_master(cls, qs: models.QuerySet, master_instance: Any) -> models.QuerySet:
        """Keep the rows of ``master_instance`` (tables with a ``master_key``)."""
        if not cls.master_key:
            return qs
        if master_instance is None:
            raise ValueError(f"{cls} shows the rows of a master: give a master instance.")
        field = qs.model._meta.get_field(cls.master_key)
        ct_field = getattr(field, "ct_field", None)
        if ct_field is None:
            return qs.filter(**{cls.master_key: master_instance})
        from django.contrib.contenttypes.models import ContentType

        # An MTI child shares its pk with its parents: rows pointing to a parent count too.
        family = concrete_family(master_instance._meta.concrete_model)
        cts = ContentType.objects.get_for_models(*family).values()
        return qs.filter(**{f"{ct_field}__in": list(cts), field.fk_field: master_instance.pk})

    @classmethod
    def get_param_values(cls, ar: Any) -> dict[str, Any]:
        """Parameter values to filter by: the defaults of ``parameters``, then ``ar``'s."""
        values = {
            name: fld.get_default()
            for name, fld in (cls.parameters or {}).items()
            if fld.has_default()
        }
        values.update(getattr(ar, "param_values", None) or {})
        return {k: v for k, v in values.items() if v not in (None, "")}

    # -- columns ------------------------------------------------------------
    @classmethod
    def get_column_names(cls) -> list[str]:
        """The column names, ``*`` expanded, widths, hidden columns and the model's
        ``hidden_elements`` removed."""
        given = [token.split(":")[0] for token in cls.column_names.split()]
        model = cls.get_model()
        hidden = split_names(cls.hidden_columns) | split_names(
            getattr(model, "hidden_elements", ()))
        names: list[str] = []
        for name in given:
            if name == "*":
                names.extend(n for n in _concrete_names(model) if n not in given)
            else:
                names.append(name)
        return [n for n in names if n not in hidden]

    @classmethod
    def get_columns(cls) -> list[Column]:
        return [cls.get_column(name) for name in cls.get_column_names()]

    @classmethod
    def get_column(cls, name: str) -> Column:
        """The column ``name``: a virtual field of the table or a field of the model."""
        vf = getattr(cls, name, None)
        if isinstance(vf, VirtualField):
            return Column(name, vf.verbose_name, vf.value_from_object, vf,
                          cls._is_summable(name, vf.return_type))
        model = cls.get_model()
        vf = get_virtual_field(model, name)
        if vf is not None:
            return Column(name, vf.verbose_name, vf.value_from_object, vf,
                          cls._is_summable(name, vf.return_type))
        path = name.split("__")
        fields = []
        current = model
        for part in path:
            try:
                field = current._meta.get_field(part)
            except (FieldDoesNotExist, AttributeError):
                raise ImproperlyConfigured(f"{cls} has no column {name!r}.")
            fields.append(field)
            current = getattr(field, "related_model", None)
        field = fields[-1]
        if field.auto_created and not field.concrete:
            raise ImproperlyConfigured(f"{cls}: {name!r} is a reverse relation, not a column.")
        return Column(name, field.verbose_name, _field_getter(path, field), field,
                      cls._is_summable(name, field))

    @classmethod
    def column_header(cls, name: str) -> Any:
        """The header text of column ``name``."""
        return cls.get_column(name).header

    @classmethod
    def _is_summable(cls, name: str, field: Any) -> bool:
        if name in split_names(cls.hide_sum):
            return False
        if field.primary_key or field.is_relation or field.choices:
            return False
        options = getattr(cls.get_model(), "get_widget_options", None)
        if options is not None and "__" not in name and options(name).get("hide_sum"):
            return False
        return isinstance(field, SUMMABLE_FIELDS)

    @classmethod
    def get_sum_text(cls, ar: Any, count: int) -> Any:
        """The text in the first cell of the totals row."""
        return format_lazy(_("Total ({count} rows)"), count=count)


def quick_search_q(model: type[models.Model], text: str) -> Q:
    """The model's own ``quick_search_filter`` (ours may override it), else the same rule
    for a plain model: one quick search (:func:`lino_core_model.search.quick_search_filter`)."""
    method = getattr(model, "quick_search_filter", None)
    return method(text) if method is not None else quick_search_filter(model, text)


def _field_getter(path: list[str], field: models.Field) -> Callable[[Any, Any], Any]:
    def getter(obj: Any, ar: Any) -> Any:
        for part in path:
            if obj is None:
                return None
            obj = getattr(obj, part, None)
        if field.many_to_many and obj is not None:
            return ", ".join(str(x) for x in obj.all())
        if field.choices and obj is not None and not hasattr(obj, "text"):
            return dict(field.flatchoices).get(obj, obj)  # plain Django choices: their label
        return obj

    return getter


def _concrete_names(model: type[models.Model] | None) -> list[str]:
    if model is None:
        return []
    return [
        f.name
        for f in model._meta.concrete_fields
        if not (f.remote_field is not None and f.remote_field.parent_link)
    ]


def _as_q(value: Q | dict[str, Any]) -> Q:
    return value if isinstance(value, Q) else Q(**value)


def _names(value: str | Iterable[str]) -> list[str]:
    return value.split() if isinstance(value, str) else list(value)


def _may_duplicate(qs: models.QuerySet) -> bool:
    """Whether a join of ``qs`` can return a row more than once (a to-many join)."""
    for join in qs.query.alias_map.values():
        if not isinstance(join, Join):
            continue
        relation = join.join_field
        if isinstance(relation, models.ForeignObjectRel) and not relation.one_to_one:
            return True
        if getattr(relation, "many_to_many", False):
            return True
    return False


# -- registry -----------------------------------------------------------------
def _register(table: type[Table]) -> None:
    config = apps.get_containing_app_config(table.__module__)
    if config is None:
        return
    table.app_label = config.label
    registry[f"{config.label}.{table.__name__}"] = table


def get_registry() -> dict[str, type[Table]]:
    """All registered tables, after registering those defined before the app registry."""
    while _pending:
        _register(_pending.pop(0))
    return registry


__all__ = ["Table", "Column", "registry", "get_registry", "quick_search_q"]
