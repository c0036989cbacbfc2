"""Choosing a GFK target in a form: the types a user may view, the rows found by search.

:class:`OwnerSelect` is the id field's select box: it shows only the current
row and asks the owner autocomplete view of the admin (with the selected type)
for others, like Django's autocomplete fields. :class:`OwnerFormMixin` refuses,
as a form error, a type or a row that the requesting user may not view;
:func:`check_owners` refuses them in a copy (a duplicate), by the same rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import get_select2_language
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

__all__: list[str] = []


class OwnerSelect(forms.Select):
    """A select2 box for the id field of a GFK, searching the rows of the chosen type."""

    def __init__(
        self, url: str, gfk: GenericForeignKey, attrs: dict | None = None, choices: Any = ()
    ) -> None:
        super().__init__(attrs, choices)
        self.url = url
        self.gfk = gfk

    def build_attrs(self, base_attrs: dict, extra_attrs: dict | None = None) -> dict:
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.setdefault("class", "")
        attrs.update(
            {
                "data-ajax--url": self.url,
                "data-ajax--cache": "true",
                "data-ajax--delay": 250,
                "data-ajax--type": "GET",
                "data-field-name": self.gfk.fk_field,
                "data-type-field": self.gfk.ct_field,
                "data-theme": "admin-autocomplete",
                "data-allow-clear": "true",
                "data-placeholder": "",
                "lang": get_select2_language() or "",
                "class": f"{attrs['class']} lino-gfk-owner".strip(),
            }
        )
        return attrs

    @property
    def media(self) -> forms.Media:
        """Django's select2 files (as its autocomplete widget names them) and ours."""
        extra = "" if settings.DEBUG else ".min"
        lang = get_select2_language()
        i18n = (f"admin/js/vendor/select2/i18n/{lang}.js",) if lang else ()
        return forms.Media(
            js=(
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                *i18n,
                "admin/js/jquery.init.js",
                "lino_gfks/owner_select.js",
            ),
            css={
                "screen": (
                    f"admin/css/vendor/select2/select2{extra}.css",
                    "admin/css/autocomplete.css",
                )
            },
        )


@dataclass(frozen=True)
class OwnerRule:
    """How one GFK of a form is checked for the requesting user."""

    gfk: GenericForeignKey
    allowed_types: frozenset[int]  # content type ids the user may view and choose
    visible_row: Callable[[int, Any], Any]  # (allowed type id, pk) -> the row the user may view

    def refusal(self, ct_id: Any, pk: Any) -> tuple[str, str] | None:
        """``(field name, message)`` if the user may not choose the target ``(ct_id, pk)``
        (both given), else None: the one rule of the form and of a duplicate."""
        if ct_id not in self.allowed_types:
            return self.gfk.ct_field, str(
                _("Select a valid choice. That type is not one of the available choices.")
            )
        if self.visible_row(ct_id, pk) is None:
            return self.gfk.fk_field, str(
                _("Select a valid choice. That row is not one of the available choices.")
            )
        return None


class OwnerFormMixin:
    """Refuses a GFK target that the requesting user may not view (the admin sets the
    rules); the stored target of the edited row is kept without a check."""

    owner_rules: tuple[OwnerRule, ...] = ()

    def clean(self) -> dict:
        cleaned = super().clean()
        for rule in self.owner_rules:
            ct_name, id_name = rule.gfk.ct_field, rule.gfk.fk_field
            if ct_name in self.errors or id_name in self.errors:
                continue
            ct = cleaned.get(ct_name)
            ct_id, pk = getattr(ct, "pk", ct), cleaned.get(id_name)
            if ct_id is None or pk is None or (ct_id, pk) == self._stored_target(rule.gfk):
                continue
            refused = rule.refusal(ct_id, pk)
            if refused is not None:
                self.add_error(*refused)
        return cleaned

    def _stored_target(self, gfk: GenericForeignKey) -> tuple[Any, Any]:
        """(content type id, id) of the instance (not yet changed by the form in ``clean``)."""
        meta = self.instance._meta
        return tuple(
            getattr(self.instance, meta.get_field(name).attname)
            for name in (gfk.ct_field, gfk.fk_field)
        )


def check_owners(rules: tuple[OwnerRule, ...], row: Any) -> None:
    """Raise ``ValidationError`` if a GFK of ``row`` (a new row: a copy) names a target
    that the rules refuse; a form would have refused it too."""
    errors: dict[str, list[str]] = {}
    meta = row._meta
    for rule in rules:
        ct_id, pk = (getattr(row, meta.get_field(name).attname)
                     for name in (rule.gfk.ct_field, rule.gfk.fk_field))
        refused = None if ct_id is None or pk is None else rule.refusal(ct_id, pk)
        if refused is not None:
            errors.setdefault(refused[0], []).append(refused[1])
    if errors:
        raise ValidationError(errors)
