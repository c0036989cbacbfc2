"""Virtual fields: values computed by a method, usable like fields.

A virtual field wraps a getter and a *return type* (a Django field instance
that gives the verbose name and the type of the value). On a model the getter
is a method ``(self, ar)``; on a table or a choicelist it is a class-level
function ``(cls, obj, ar)``::

    class Partner(Model):
        @displayfield(_("Name"))
        def name_column(self, ar):
            return str(self)

A virtual field is not a database field and not a relation: Django's ``_meta``
does not know it (``_meta.get_field()`` raises ``FieldDoesNotExist``), so forms,
serializers, ``full_clean()``, migrations, the admin's sorting and the system
checks of relations never see it. The admin's ``list_display`` and
``readonly_fields`` find it as an attribute (labelled by ``short_description``);
our tables find it with :func:`get_virtual_field`.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models


class VirtualField:
    """A field whose value is computed by ``getter`` instead of being stored."""

    is_relation = False
    many_to_one = False
    many_to_many = False
    one_to_many = False
    one_to_one = False
    related_model = None
    remote_field = None
    concrete = False
    column = None
    editable = False
    primary_key = False
    auto_created = False
    hidden = False
    null = True
    blank = True
    choices = None

    def __init__(self, return_type: models.Field, getter: Callable[..., Any]) -> None:
        self.return_type = return_type
        if isinstance(getter, (classmethod, staticmethod)):
            getter = getter.__func__
            self.class_level = True
        else:
            self.class_level = _positional_count(getter) >= 3
        self.getter = getter
        self.name: str | None = None
        self.attname: str | None = None
        self.model: type | None = None
        self.owner: type | None = None  # the class defining it (tables, choicelists)
        self.holder: type | None = None  # the class a class-level copy is bound to
        self.__doc__ = getter.__doc__
        self._bound: dict[type, VirtualField] = {}

    def __set_name__(self, owner: type, name: str) -> None:
        self.owner = owner
        self.set_attributes_from_name(name)

    def set_attributes_from_name(self, name: str) -> None:
        self.name = self.attname = name
        if getattr(self.return_type, "name", None) is None:
            self.return_type.set_attributes_from_name(name)

    @property
    def verbose_name(self) -> Any:
        return self.return_type.verbose_name

    @property
    def short_description(self) -> Any:
        """The column label used by the Django admin."""
        return self.verbose_name

    @property
    def boolean(self) -> bool:
        """Lets the admin show a boolean value as an icon."""
        return isinstance(self.return_type, models.BooleanField)

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if self.class_level:
            return self.bind(owner if owner is not None else type(instance))
        if instance is None:
            return self
        return self.getter(instance, None)

    def bind(self, holder: type) -> VirtualField:
        """A copy of this class-level field whose getter receives ``holder`` as ``cls``."""
        if holder is self.holder:
            return self
        bound = self._bound.get(holder)
        if bound is None:
            bound = copy.copy(self)
            bound.holder = holder
            bound._bound = {}
            self._bound[holder] = bound
        return bound

    def value_from_object(self, obj: Any, ar: Any = None) -> Any:
        """The value for row ``obj`` (a model instance or a choice) in request ``ar``."""
        if self.class_level:
            return self.getter(self.holder or self.owner, obj, ar)
        return self.getter(obj, ar)

    def __deepcopy__(self, memo: dict) -> VirtualField:
        new = copy.copy(self)
        new.return_type = copy.deepcopy(self.return_type, memo)
        new._bound = {}
        return new

    def __repr__(self) -> str:
        where = self.model or self.holder or self.owner
        return f"<{type(self).__name__} {getattr(where, '__name__', '?')}.{self.name}>"


def _positional_count(func: Callable[..., Any]) -> int:
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(1 for p in inspect.signature(func).parameters.values() if p.kind in kinds)


def virtualfield(return_type: models.Field) -> Callable[[Callable[..., Any]], VirtualField]:
    """Decorator: turn a method into a virtual field of type ``return_type``."""

    def decorator(getter: Callable[..., Any]) -> VirtualField:
        return VirtualField(return_type, getter)

    return decorator


def displayfield(
    verbose_name: Any = None, **kwargs: Any
) -> Callable[[Callable[..., Any]], VirtualField]:
    """Decorator: a virtual text (or HTML) column labelled ``verbose_name``."""
    return virtualfield(models.CharField(verbose_name, **kwargs))


def htmlbox(
    verbose_name: Any = None, **kwargs: Any
) -> Callable[[Callable[..., Any]], VirtualField]:
    """Decorator: a virtual field showing a block of HTML."""
    return virtualfield(models.TextField(verbose_name, **kwargs))


def get_virtual_field(model: type[models.Model], name: str) -> VirtualField | None:
    """The virtual field ``name`` of ``model`` (see :func:`collect_virtual_fields`), or None."""
    found = getattr(model, name, None)
    return found if isinstance(found, VirtualField) and not found.class_level else None


def collect_virtual_fields(model: type[models.Model]) -> None:
    """Give ``model`` its own copy of each virtual field of its bases (``vf.model``).

    Inherited ones are copied, so that each model has its own field object.
    Raises ``ImproperlyConfigured`` when a database field has the same name.
    """
    if model._meta.abstract:
        return
    first: dict[str, Any] = {}
    found: dict[str, VirtualField] = {}
    for klass in model.__mro__:
        for name, value in vars(klass).items():
            first.setdefault(name, value)
            if isinstance(value, VirtualField) and not value.class_level:
                found.setdefault(name, value)
    for name, vf in found.items():
        if first[name] is vf:
            _register(model, name, vf)
        elif _is_db_field(model, name):
            raise ImproperlyConfigured(
                f"Virtual field {name!r} of {model._meta.label} clashes with a database field."
            )


def _is_db_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _register(model: type[models.Model], name: str, vf: VirtualField) -> None:
    if _is_db_field(model, name):
        raise ImproperlyConfigured(
            f"Virtual field {name!r} of {model._meta.label} clashes with a database field."
        )
    if vf.model is model:
        return  # already collected
    if vf.model is not None or vf.owner is not model:
        vf = copy.deepcopy(vf)
        setattr(model, name, vf)
    vf.set_attributes_from_name(name)
    vf.model = model


__all__ = [
    "VirtualField",
    "virtualfield",
    "displayfield",
    "htmlbox",
    "collect_virtual_fields",
    "get_virtual_field",
]
