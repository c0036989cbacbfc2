"""Odd input in the admin's filters and choice fields is refused, not a 500.

Django turns most bad input into a clear answer, with three gaps our admins
close (issue 22, N2, N3, N5):

- the date hierarchy of a change list (``?date__year=99999999999``, or
  ``9999`` whose year has no end in the calendar) raises ``OverflowError`` or
  ``ValueError`` where Django expects only a ``ValueError`` of ``int()``:
  :class:`ChangeList` makes every error of the filters "invalid parameters"
  (the redirect with ``?e=1``), as Django's own ``get_queryset`` does for an
  error of the filters it applies;
- a searchable select (an autocomplete field) shows the posted value again by
  querying it: a value its key field cannot take (``abc``, NUL, ``1e308``, a
  BOM before a digit) raised ``ValueError``. :class:`AutocompleteSelect` and
  :class:`AutocompleteSelectMultiple` look up only the values the key can
  take; the form field says "Select a valid choice";
- a multiple select checks its ids with ``pk__in``, and an id beyond the
  column's range raised ``OverflowError`` on SQLite (our models' lookups
  leave such ids out, ``auth.Group`` is not ours):
  :class:`ModelMultipleChoiceField` refuses it as "Select a valid choice"
  before it reaches the database.

:class:`OddInputMixin` gives a ``ModelAdmin`` or an inline the three.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.admin import widgets
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList as DjangoChangeList
from django.core.exceptions import ValidationError
from django.db import connections, models, router

from lino_core_model._id_lookups import out_of_range

__all__: list[str] = []


_UNUSABLE = object()


def _prepared(field: models.Field, value: Any) -> Any:
    """``value`` as a lookup on ``field`` sends it to the database, or ``_UNUSABLE``."""
    try:
        return field.get_prep_value(value)
    except (TypeError, ValueError, ValidationError):
        return _UNUSABLE


def usable_values(field: models.Field, values: Iterable[Any], using: str | None) -> list[Any]:
    """The ``values`` that a lookup on ``field`` can take on the database ``using``: those
    its ``get_prep_value`` accepts and, for an integer column, within its range."""
    connection = connections[using or router.db_for_read(field.model)]
    return [
        value
        for value in values
        if (prepared := _prepared(field, value)) is not _UNUSABLE
        and not out_of_range(field, prepared, connection)
    ]


def values_beyond_range(
    field: models.Field, values: Iterable[Any], using: str | None
) -> list[Any]:
    """The ``values`` that are numbers for ``field`` but beyond its column's range."""
    connection = connections[using or router.db_for_read(field.model)]
    return [
        value
        for value in values
        if (prepared := _prepared(field, value)) is not _UNUSABLE
        and out_of_range(field, prepared, connection)
    ]


class ChangeList(DjangoChangeList):
    """Django's change list; any error in reading the filters is "invalid parameters"."""

    def get_filters(self, request: Any) -> Any:
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as exc:  # the date hierarchy's datetime()
            raise IncorrectLookupParameters(exc) from exc


class _LookupSelectedMixin:
    """Shows again only the selected values the target's key field can take."""

    def optgroups(self, name: str, value: list[Any], attr: Any = None) -> list:
        remote = self.field.remote_field
        opts = remote.model._meta
        to_field = opts.get_field(getattr(remote, "field_name", None) or opts.pk.name)
        return super().optgroups(name, usable_values(to_field, value, self.db), attr)


class AutocompleteSelect(_LookupSelectedMixin, widgets.AutocompleteSelect):
    """Django's searchable select of a foreign key, refusing odd values quietly."""


class AutocompleteSelectMultiple(_LookupSelectedMixin, widgets.AutocompleteSelectMultiple):
    """Django's searchable select of a many-to-many field, refusing odd values quietly."""


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field; an id beyond the key column's range is not a valid choice."""

    def clean(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            opts = self.queryset.model._meta
            key = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
            beyond = values_beyond_range(key, value, self.queryset.db)
            if beyond:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": beyond[0]},
                )
        return super().clean(value)


class OddInputMixin:
    """Mix into a ``ModelAdmin`` or an ``InlineModelAdmin``: odd input in its filters,
    searchable selects and multiple selects gets an answer, not a 500."""

    def get_changelist(self, request: Any, **kwargs: Any) -> type:
        return ChangeList

    def formfield_for_foreignkey(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
