"""Choicelists: class-level lists of choices, stored in the database by value.

A :class:`ChoiceList` is a class, never instantiated; each item is reachable by
its name (``ClientStates.coached``) and a model stores it with a
:class:`ChoiceListField`::

    class MyColors(ChoiceList):
        verbose_name = _("Color")

    MyColors.add_item("01", _("Red"), "red")
    MyColors.add_item("02", _("Blue"), "blue blau bleu")   # synonyms

Every subclass has its own items. An application *replaces* the items of a
list with ``MyList.clear()`` followed by ``add_item()`` calls, *extends* it
with more ``add_item()`` calls, or derives a new list from it with
``class Other(MyList, inherit_items=True)`` (which copies the items).
"""

from __future__ import annotations

import functools
import keyword
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.apps import apps
from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured, ValidationError
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from lino_core_model.fields import VirtualField, displayfield

__all__ = ["Choice", "ChoiceList", "ChoiceListField", "displayfield"]

# Column headers of the built-in columns when a choicelist is shown as a table.
CHOICE_COLUMNS = {
    "value": _("value"),
    "name": _("name"),
    "text": _("text"),
    "button_text": _("Button text"),
}


@functools.total_ordering
class Choice:
    """One item of a :class:`ChoiceList`; compares by ``value``."""

    choicelist: type[ChoiceList] | None = None
    button_text: Any = None

    def __init__(
        self, value: str | None = None, text: Any = None, names: Any = None, **attrs: Any
    ) -> None:
        if value is not None and not isinstance(value, str):
            raise TypeError(f"value must be a string (got {value!r})")
        self.value = value
        self.text = value if text is None else text
        self.names = _split_names(names)
        self.name = self.names[0] if self.names else None
        for key, val in attrs.items():
            setattr(self, key, val)

    def __str__(self) -> str:
        return "" if self.text is None else str(self.text)

    def __repr__(self) -> str:
        if self.choicelist is None:
            return f"<{type(self).__name__}:{self.value}>"
        label = self.choicelist.get_full_name()
        if self.name:
            label += "." + self.name
        return f"<{label}:{self.value}>"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Choice):
            return self is other or (
                other.choicelist is self.choicelist and other.value == self.value
            )
        if isinstance(other, str):
            return self.value == other
        return NotImplemented

    def __lt__(self, other: object) -> bool:
        if isinstance(other, Choice) and other.choicelist is self.choicelist:
            return self.value < other.value
        if isinstance(other, str):
            return self.value < other
        raise TypeError(f"Cannot compare {self!r} with {other!r}")

    def __hash__(self) -> int:
        # Equal objects must hash equally: a choice equals its value string.
        return hash(self.value)

    # A choice is a singleton of its list: copies (e.g. of a model instance
    # in ``setUpTestData``) and unpickled rows keep pointing to the same item.
    def __copy__(self) -> Choice:
        return self

    def __deepcopy__(self, memo: dict) -> Choice:
        return self

    def __reduce__(self) -> tuple:
        if self.choicelist is None:
            raise TypeError(f"Cannot pickle {self!r}: it is in no choicelist.")
        return (_load_choice, (self.choicelist.get_import_path(), self.value))

    def detached_copy(self) -> Choice:
        """A copy of this choice that belongs to no list (to add it to another list)."""
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.choicelist = None
        return clone


def _load_choice(path: str, value: str) -> Choice:
    return import_string(path).get_by_value(value)


def _split_names(names: Any) -> tuple[str, ...]:
    if names is None:
        return ()
    result = tuple(names.split() if isinstance(names, str) else names)
    for name in result:
        if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
            raise ValueError(f"{name!r} is not a valid identifier")
    return result


class ChoiceListMeta(type):
    """Makes the items of a list reachable as class attributes by their names."""

    def __getattr__(cls, name: str) -> Choice:
        choice = None if name.startswith("_") else vars(cls).get("_by_name", {}).get(name)
        if choice is None:
            raise AttributeError(f"{cls.__name__} has no choice or attribute {name!r}")
        return choice


class ChoiceList(metaclass=ChoiceListMeta):
    """A list of choices, defined at class level; subclass it, never instantiate it."""

    verbose_name: Any = None
    verbose_name_plural: Any = None
    item_class: type[Choice] = Choice
    max_length: int = 10
    default_value: str | None = None  # the *name* of the default choice of fields
    column_names: str = "value name text"
    app_label: str | None = None  # None: the label of the app defining the list
    sort_items: bool = False  # True: keep the items sorted by value

    _items: list[Choice] = []
    _by_value: dict[str, Choice] = {}
    _by_name: dict[str, Choice] = {}
    _has_fields: bool = False

    def __new__(cls, *args: Any, **kwargs: Any) -> ChoiceList:
        raise TypeError(f"{cls.__name__} is a choicelist: use the class, do not instantiate it.")

    def __init_subclass__(cls, inherit_items: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "label" in vars(cls):
            raise TypeError("label replaced by verbose_name_plural")
        inherited = list(cls._items) if inherit_items else []
        cls._items, cls._by_value, cls._by_name = [], {}, {}
        cls._has_fields = False
        for choice in inherited:
            cls.add_item_instance(choice.detached_copy())

    # -- names --------------------------------------------------------------
    @classmethod
    def get_app_label(cls) -> str:
        """The label of the app whose module defines this list (else the module name)."""
        if cls.app_label:
            return cls.app_label
        try:
            config = apps.get_containing_app_config(cls.__module__)
        except (AppRegistryNotReady, ImproperlyConfigured):
            config = None
        return config.label if config else cls.__module__

    @classmethod
    def get_full_name(cls) -> str:
        """``app_label.ListName``, as used in messages and reprs."""
        return f"{cls.get_app_label()}.{cls.__name__}"

    @classmethod
    def get_import_path(cls) -> str:
        """The dotted path that imports this list (used by migrations)."""
        return f"{cls.__module__}.{cls.__qualname__}"

    # -- building -----------------------------------------------------------
    @classmethod
    def add_item(
        cls, value: str | None = None, text: Any = None, names: Any = None, **kwargs: Any
    ) -> Choice:
        """Create a choice of ``item_class`` and add it; return it."""
        return cls.add_item_instance(cls.item_class(value, text, names, **kwargs))

    @classmethod
    def add_item_instance(cls, choice: Choice) -> Choice:
        """Add an existing choice (which must not be in another list); return it."""
        if choice.choicelist is not None:
            raise ValueError(f"{choice!r} is already in a choicelist.")
        if choice.value is None:
            choice.value = str(len(cls._items) + 1)
            choice.text = choice.value if choice.text is None else choice.text
        cls._check_new_item(choice)
        choice.choicelist = cls
        cls.max_length = max(cls.max_length, len(choice.value))
        cls._items.append(choice)
        if cls.sort_items:
            cls._items.sort(key=lambda c: c.value)
        cls._by_value[choice.value] = choice
        cls._by_name.update(dict.fromkeys(choice.names, choice))
        return choice

    @classmethod
    def _check_new_item(cls, choice: Choice) -> None:
        if choice.value in cls._by_value:
            raise ValueError(f"Duplicate value {choice.value!r} in {cls.get_full_name()}.")
        for name in choice.names:
            if hasattr(cls, name):
                raise ValueError(
                    f"An attribute named {name!r} is already defined in {cls.__name__}"
                )
        if cls._has_fields and len(choice.value) > cls.max_length:
            raise ValueError(
                f"Cannot add value {choice.value!r} to {cls.get_full_name()} because fields "
                f"exist and max_length is {cls.max_length}."
            )

    @classmethod
    def remove_item(cls, choice: Choice) -> None:
        """Remove ``choice`` from this list."""
        if choice.choicelist is not cls:
            raise ValueError(f"{choice!r} is not in {cls.get_full_name()}.")
        cls._items.remove(choice)
        del cls._by_value[choice.value]
        for name in choice.names:
            del cls._by_name[name]
        choice.choicelist = None

    @classmethod
    def clear(cls) -> None:
        """Remove every item (before adding others: how an application replaces a list)."""
        for choice in list(cls._items):
            cls.remove_item(choice)

    # -- lookup -------------------------------------------------------------
    @classmethod
    def get_list_items(cls) -> list[Choice]:
        """The items, in insertion order (sorted by value when ``sort_items``)."""
        return list(cls._items)

    @classmethod
    def get_choices(cls) -> list[tuple[str, Any]]:
        """``(value, text)`` pairs, as Django's ``choices``."""
        return [(c.value, c.text) for c in cls._items]

    @classmethod
    def get_by_value(cls, value: str, default: Any = None) -> Any:
        """The choice with this value, else ``default``."""
        if not isinstance(value, str):
            raise TypeError(f"{value!r} is not a string")
        return cls._by_value.get(value, default)

    @classmethod
    def get_by_name(cls, name: str | None, default: Any = None) -> Any:
        """The choice with this name (or synonym), else ``default``."""
        return cls._by_name.get(name, default) if name else default

    @classmethod
    def get_default_value(cls) -> Choice | None:
        """The choice named by ``default_value``, or None."""
        return cls.get_by_name(cls.default_value)

    @classmethod
    def to_python(cls, value: Any) -> Choice | None:
        """The choice for a choice, a value or a name; None for an empty value.

        Raises ``ValidationError`` for anything else.
        """
        if value is None or value == "":
            return None
        if isinstance(value, Choice) and value.choicelist is cls:
            return value
        if not isinstance(value, Choice):
            text = str(value)
            choice = cls._by_value.get(text) or cls._by_name.get(text)
            if choice is not None:
                return choice
        raise ValidationError(
            _("Unresolved value %(value)r for %(list)s."),
            code="invalid_choice",
            params={"value": value if isinstance(value, Choice) else str(value),
                    "list": cls.get_full_name()},
        )

    @classmethod
    def filter(cls, **attrs: Any) -> list[Choice]:
        """The items whose attributes have the given values."""
        return [c for c in cls._items if _matches(c, attrs)]

    @classmethod
    def find(cls, **attrs: Any) -> Choice | None:
        """The one item matching ``attrs``; None when there is none or more than one."""
        found = cls.filter(**attrs)
        return found[0] if len(found) == 1 else None

    # -- fields and display -------------------------------------------------
    @classmethod
    def field(cls, *args: Any, **kwargs: Any) -> ChoiceListField:
        """A model field storing an item of this list."""
        return ChoiceListField(cls, *args, **kwargs)

    @classmethod
    def get_column_header(cls, name: str) -> str:
        """The header of column ``name`` when this list is shown as a table."""
        if name in CHOICE_COLUMNS:
            return str(CHOICE_COLUMNS[name])
        return str(cls._virtual_column(name).verbose_name)

    @classmethod
    def get_column_value(cls, name: str, choice: Choice, ar: Any = None) -> Any:
        """The cell of ``choice`` in column ``name`` (``name`` shows all synonyms)."""
        if name == "name":
            return " ".join(choice.names)
        if name in CHOICE_COLUMNS:
            value = getattr(choice, name)
            return "" if value is None else str(value)
        return cls._virtual_column(name).value_from_object(choice, ar)

    @classmethod
    def _virtual_column(cls, name: str) -> VirtualField:
        column = getattr(cls, name, None)
        if not isinstance(column, VirtualField):
            raise AttributeError(f"{cls.__name__} has no column {name!r}")
        return column


def _matches(choice: Choice, attrs: dict[str, Any]) -> bool:
    missing = object()
    return all(getattr(choice, k, missing) == v for k, v in attrs.items())


class _LiveChoices(BaseChoiceIterator):
    """The current items of a field's list, read at each iteration (never frozen)."""

    def __init__(self, field: ChoiceListField) -> None:
        self.field = field

    def __iter__(self) -> Iterable[tuple[str, Any]]:
        yield from self.field.choicelist.get_choices()


class ChoiceListFormField(forms.TypedChoiceField):
    """A select of the items of a list; gives the choice as cleaned value."""

    def prepare_value(self, value: Any) -> Any:
        return value.value if isinstance(value, Choice) else value

    def to_python(self, value: Any) -> Any:
        """A choice given (the initial value of a disabled field) counts as its value."""
        return super().to_python(self.prepare_value(value))


class ChoiceAttribute(DeferredAttribute):
    """Turns a value or a name assigned to the model attribute into its choice."""

    def __set__(self, instance: models.Model, value: Any) -> None:
        try:
            value = self.field.to_python(value)
        except ValidationError:
            pass  # kept as is: full_clean() and save() report it
        instance.__dict__[self.field.attname] = value


class UnresolvedChoice(Choice):
    """A stored value that its choicelist no longer has (e.g. a removed state).

    Reading such a row works (the admin lists it, nothing is lost, saving it
    unchanged keeps the value); validating it fails with a clear message.
    """

    def __init__(self, choicelist: type[ChoiceList], value: str) -> None:
        super().__init__(value, _("%(value)r (invalid choice for %(list)s)") % {
            "value": value, "list": choicelist.get_full_name()})
        self.choicelist = choicelist

    def __reduce__(self) -> tuple:
        return (UnresolvedChoice, (self.choicelist, self.value))


class ChoiceListField(models.CharField):
    """Stores an item of ``choicelist`` by its value; never NULL (empty is ``''``).

    ``choicelist`` is a :class:`ChoiceList` or its dotted import path (as
    written in migrations; imported when first needed). ``default`` is a
    choice, a value or a name; without it the list's ``default_value`` applies.
    """

    # The public, stable path that migrations name (the class may move).
    __module__ = "lino_core_model.models"

    description = _("One item of a choicelist")
    descriptor_class = ChoiceAttribute

    def __init__(
        self,
        choicelist: type[ChoiceList] | str,
        verbose_name: Any = None,
        default: Choice | str | Callable[[], Any] | None = None,
        blank: bool = False,
        **kwargs: Any,
    ) -> None:
        if kwargs.pop("null", False):
            raise TypeError("A ChoiceListField is never NULL: its empty value is ''.")
        if kwargs.pop("choices", None) is not None:
            raise TypeError("A ChoiceListField takes its choices from its choicelist.")
        self._choicelist_ref = choicelist
        self._default = default
        if not isinstance(choicelist, str) or "max_length" not in kwargs:
            kwargs.setdefault("max_length", self.choicelist.max_length)
            verbose_name = verbose_name or self.choicelist.verbose_name
        super().__init__(verbose_name, blank=blank, **kwargs)

    @cached_property
    def choicelist(self) -> type[ChoiceList]:
        """The list (imported on first use when given as a dotted path)."""
        ref = self._choicelist_ref
        choicelist = import_string(ref) if isinstance(ref, str) else ref
        choicelist._has_fields = True
        return choicelist

    @property
    def choices(self) -> _LiveChoices:
        return _LiveChoices(self)

    @choices.setter
    def choices(self, value: Any) -> None:
        """Ignored: the choices are always the current items of the list."""

    # -- defaults -------------------------------------------------------------
    def _default_spec(self) -> Any:
        spec = self._default
        if spec is None:
            return self.choicelist.get_default_value()
        return spec() if callable(spec) else spec

    def has_default(self) -> bool:
        return self._default_spec() is not None

    def get_default(self) -> Choice | None:
        return self.to_python(self._default_spec())

    # -- conversions ----------------------------------------------------------
    def to_python(self, value: Any) -> Choice | None:
        if isinstance(value, Choice) and value.choicelist is not self.choicelist:
            raise ValidationError(
                _("%(value)r is not an item of %(list)s."),
                code="invalid_choice",
                params={"value": value, "list": self.choicelist.get_full_name()},
            )
        return self.choicelist.to_python(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Choice | None:
        try:
            return self.to_python(value)
        except ValidationError:  # a value the list no longer has: keep it, readable
            return UnresolvedChoice(self.choicelist, value)

    def get_prep_value(self, value: Any) -> str:
        choice = self.to_python(value)
        return choice.value if choice is not None else ""

    def value_to_string(self, obj: models.Model) -> str:
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        if isinstance(value, UnresolvedChoice):
            self.choicelist.to_python(value.value)  # raises the clear error
        # Django calls None "null": for us it is the empty value ''.
        super().validate("" if value is None else value, model_instance)

    def run_validators(self, value: Any) -> None:
        super().run_validators(value.value if isinstance(value, Choice) else value)

    def formfield(self, **kwargs: Any) -> forms.Field:
        kwargs.setdefault("choices_form_class", ChoiceListFormField)
        kwargs.setdefault("empty_value", None)
        if self.has_default():  # Django would take our unset ``default`` as a callable
            kwargs.setdefault("initial", self.get_default())
            kwargs.setdefault("show_hidden_initial", False)
        return super().formfield(**kwargs)

    def deconstruct(self) -> tuple[str, str, list, dict]:
        """No choices and a plain default value: lists change without migrations."""
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        kwargs["choicelist"] = self.choicelist.get_import_path()
        default = self.get_default()
        if default is not None:
            kwargs["default"] = default.value
        return name, path, args, kwargs
