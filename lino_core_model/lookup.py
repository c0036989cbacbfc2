"""``lookup_or_create`` and the "learning combo box" helpers."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.utils.translation import gettext as _

from lino_core_model._values import clean_values
from lino_core_model.signals import auto_create

__all__ = ["create_from_choice", "lookup_or_create"]

logger = logging.getLogger(__name__)


def lookup_filter(model: type[models.Model], lookup_field: str, value) -> dict:
    """Case-insensitive for text fields, exact otherwise."""
    field = model._meta.get_field(lookup_field)
    if isinstance(field, (models.CharField, models.TextField)) and isinstance(value, str):
        return {f"{lookup_field}__iexact": value}
    return {lookup_field: value}


def lookup_or_create(model: type[models.Model], lookup_field: str, value, **known_values):
    """The row whose ``lookup_field`` is ``value`` (and matching ``known_values``).

    Created (validated, saved, ``auto_create`` sent) when missing. A text
    ``value`` is stripped; a blank one, an unknown field or a value its field
    cannot hold is a ``ValidationError`` (nothing is looked up or written).
    When a concurrent writer creates the same row first, a unique constraint on
    ``lookup_field`` makes our insert fail and we return the other writer's row.
    (The lookup of text is case-insensitive: for "Abc" and "ABC" written at the
    same time to give one row, the constraint must be too, e.g.
    ``UniqueConstraint(Lower("name"), name=...)``.)
    """
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise ValidationError(
                _("Cannot look up %(model)s by an empty %(field)s.")
                % {"model": model._meta.verbose_name, "field": lookup_field}
            )
    ((key, value),) = clean_values(model, {lookup_field: value}).items()
    known_values = clean_values(model, known_values)
    if key in known_values or lookup_field in known_values:
        raise ValidationError(_("%(field)s is given twice.") % {"field": lookup_field})
    flt = {**lookup_filter(model, key, value), **known_values}
    found = _first(model, flt)
    if found is not None:
        return found
    obj = model(**known_values, **{key: value})
    try:
        obj.full_clean()
    except ValidationError as exc:
        found = _first(model, flt)  # a concurrent writer may have created it meanwhile
        if found is not None:
            return found
        raise ValidationError(
            _("Failed to auto_create %(obj)s : %(errors)s") % {"obj": obj, "errors": exc}
        ) from exc
    try:
        with transaction.atomic():
            obj.save(force_insert=True)
    except (DataError, IntegrityError, ValueError) as exc:
        found = _first(model, flt)  # a concurrent writer created it first
        if found is None:  # or a value the database refuses (e.g. a 0 id on MariaDB)
            raise ValidationError(
                _("Failed to auto_create %(obj)s : %(errors)s") % {"obj": obj, "errors": exc}
            ) from exc
        return found
    auto_create.send(sender=obj, known_values=known_values)
    return obj


def _first(model: type[models.Model], flt: dict):
    rows = list(model._default_manager.filter(**flt).order_by("pk")[:2])
    if len(rows) > 1:
        logger.warning("Found more than one %s with %s", model._meta.verbose_name, flt)
    return rows[0] if rows else None


def create_from_choice(model: type[models.Model], text: str, ar=None, save: bool = True):
    """A new row built from a text typed in a combo box (``choice_text_to_dict``)."""
    values = model.choice_text_to_dict(text, ar)
    if values is None:
        raise ValidationError(
            _("Cannot create %(model)s from '%(text)s'")
            % {"model": model._meta.verbose_name, "text": text}
        )
    obj = model(**clean_values(model, values))
    obj.full_clean()
    if save:
        try:
            with transaction.atomic():
                obj.save(force_insert=True)
        except (DataError, IntegrityError) as exc:
            raise ValidationError(
                _("Cannot create %(model)s from '%(text)s': %(error)s")
                % {"model": model._meta.verbose_name, "text": text, "error": exc}
            ) from exc
    return obj
