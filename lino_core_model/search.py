"""Quick search: the text a user types in a search box, turned into a ``Q``.

Rules (``docs/specs/model.rst`` shows them on the demo):

- ``#<digits>`` matches the primary key only;
- ``*<text>`` matches the ``ref`` field (the whole rest of the text);
- otherwise every word must match (AND), each word in any of the
  ``quick_search_fields`` (OR, ``icontains``); a word of digits not starting
  with ``0`` also matches the ``quick_search_fields_digit`` exactly.

Odd input never raises: a text of only spaces, a lone ``#`` or ``*``, ``#abc``, NUL,
or digits too large for an integer column give a ``Q`` that matches nothing
(or, for ``#abc``, a plain text search).
"""

from __future__ import annotations

from functools import cache

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q

# The largest value every backend accepts in an integer comparison.
MAX_INT = 2**63 - 1
NOTHING = Q(pk__in=[])

TEXT_FIELDS = (models.CharField, models.TextField)
INTEGER_FIELDS = (models.IntegerField, models.AutoField)


@cache
def search_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The names of ``quick_search_fields`` (default: every CharField and TextField)."""
    names = getattr(model, "quick_search_fields", None)
    if names is None:
        return tuple(f.name for f in model._meta.fields if isinstance(f, TEXT_FIELDS))
    return _names(names)


@cache
def digit_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The names of ``quick_search_fields_digit`` (default: integer fields, not FKs)."""
    names = getattr(model, "quick_search_fields_digit", None)
    if names is None:
        return tuple(
            f.name
            for f in model._meta.fields
            if isinstance(f, INTEGER_FIELDS) and not f.is_relation
        )
    return _names(names)


def _names(value) -> tuple[str, ...]:
    return tuple(value.split()) if isinstance(value, str) else tuple(value)


def has_ref_field(model: type[models.Model]) -> bool:
    try:
        return isinstance(model._meta.get_field("ref"), TEXT_FIELDS)
    except FieldDoesNotExist:
        return False


def is_digits(text: str) -> bool:
    """ASCII digits only (``"²".isdigit()`` is true, but ``int("²")`` fails)."""
    return text.isascii() and text.isdigit()


def quick_search_filter(model: type[models.Model], search_text: str, prefix: str = "") -> Q:
    """The filter for ``search_text`` on ``model``; ``prefix`` e.g. ``"partner__"``."""
    text = (search_text or "").replace("\x00", "").strip()  # no backend stores NUL in text
    if not text:
        return NOTHING
    if text.startswith("*") and has_ref_field(model):
        rest = text[1:].strip()
        return Q(**{f"{prefix}ref__icontains": rest}) if rest else NOTHING
    if text.startswith("#") and is_digits(text[1:]):
        return _pk_filter(model, text[1:], prefix)
    result = Q()
    for word in text.split():
        result &= _word_filter(model, word, prefix)
    return result


def _pk_filter(model: type[models.Model], digits: str, prefix: str) -> Q:
    value = int(digits)
    pk = model._meta.pk
    while pk.is_relation:  # an MTI child's pk is the link to its parent's pk
        pk = pk.target_field
    if value > MAX_INT or not isinstance(pk, INTEGER_FIELDS):
        return NOTHING
    return Q(**{f"{prefix}pk": value})


def _word_filter(model: type[models.Model], word: str, prefix: str) -> Q:
    q = Q()
    for name in search_fields(model):
        q |= Q(**{f"{prefix}{name}__icontains": word})
    if is_digits(word) and not word.startswith("0") and int(word) <= MAX_INT:
        for name in digit_fields(model):
            q |= Q(**{f"{prefix}{name}": int(word)})
    return q if q else NOTHING
