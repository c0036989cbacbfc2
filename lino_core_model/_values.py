"""Field values given by a caller, checked before they reach a query or the database.

Our public functions take field values as keywords (``lookup_or_create``,
``duplicate``). An unknown field name, a value of the wrong type, ``None`` for
a field that cannot be null, a NUL character (PostgreSQL refuses it) or a lone
surrogate (no encoding can store it) is a :class:`ValidationError` naming the
field, rather than whatever the query or the database driver would raise.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _

__all__: list[str] = []


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None."""
    if "\x00" in value:
        return _("A text cannot contain a NUL character.")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        return _("A text cannot contain a lone surrogate character.")
    return None


def clean_values(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """``values`` (field name -> value) converted by their fields; errors per field.

    A foreign key given by the value of its target (not by a row) comes back
    under its ``attname`` (``country_id``).
    """
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        try:
            key, cleaned_value = clean_value(model, name, value)
            cleaned[key] = cleaned_value
        except ValidationError as exc:
            errors.setdefault(str(name), []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_value(model: type[models.Model], name: str, value: Any) -> tuple[str, Any]:
    """The keyword and value for the concrete field ``name`` of ``model``, or an error."""
    try:
        field = model._meta.get_field(name) if isinstance(name, str) else None
    except FieldDoesNotExist:
        field = None
    if field is None or not field.concrete or field.many_to_many:
        raise ValidationError(
            _("%(model)s has no field %(name)r.")
            % {"model": model._meta.verbose_name, "name": name}
        )
    if value is None:
        if not field.null:
            raise ValidationError(field.error_messages["null"])
        return name, None
    key = name
    if field.is_relation:
        if isinstance(value, models.Model):
            if not isinstance(value, field.related_model):
                raise ValidationError(
                    _("Expected a %(model)s.") % {"model": field.related_model._meta.verbose_name}
                )
            return name, value
        key, field = field.attname, field.target_field
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            raise ValidationError(problem)
    elif isinstance(field, (models.CharField, models.TextField)):
        raise ValidationError(_("Expected a text."))
    try:
        value = field.to_python(value)
    except (TypeError, ValueError, OverflowError, AttributeError) as exc:
        raise ValidationError(_("Invalid value: %(error)s") % {"error": exc}) from exc
    if isinstance(field, models.IntegerField):
        field.run_validators(value)  # the integer range of the database (else an overflow)
    return key, value
